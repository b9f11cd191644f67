/**
 * The delivery queue behind the client: points gathered per (env, window, trace),
 * other requests in call order, and the on-disk spool. A timer sends what has
 * gathered, oldest first: the spool, then the outbox, then the batches. When the
 * server is away, sends are retried with backoff; when it stays away (or memory
 * fills up), everything queued moves to the spool, which is replayed first once
 * the server answers again, by this process or the next one.
 * Delivery is at least once: a request that reached the server just before a
 * connection broke may be sent again.
 */
import type { LineBody, WindowOpts } from '../../protocol/index.js';
import { opWeight, type Op } from './ops.js';
import { Spool } from './spool.js';
import type { Transport } from './transport.js';

export interface QueueOptions {
  flushIntervalMs: number;
  maxBuffer: number;
  spoolAfterMs: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  closeTimeoutMs: number;
  onError: (message: string) => void;
}

export interface QueueStats {
  /** Requests the server accepted. */
  sent: number;
  /** Requests the server refused (4xx); they are dropped. */
  refused: number;
  /** Failed attempts that will be retried. */
  retries: number;
  /** Requests written to the spool. */
  spooled: number;
}

/** Points gathered for one (env, window, trace) since the last send. */
interface Batch {
  env: string;
  win: string;
  name: string | undefined;
  type: 'line' | 'scatter';
  x: number[] | null;
  y: (number | null)[];
  /** When each point was logged (seconds since the epoch, the line API's T). */
  t: number[];
}

const SEP = '\u0000';

export class DeliveryQueue {
  readonly stats: QueueStats = { sent: 0, refused: 0, retries: 0, spooled: 0 };
  private batches = new Map<string, Batch>();
  private batchWeight = 0;
  private outbox: Op[] = [];
  private outboxWeight = 0;
  /** Opts to send with the next batch of a window. */
  private readonly pendingOpts = new Map<string, WindowOpts>();
  private spoolHasOps: boolean;
  private spoolSoon = false;
  private running: Promise<boolean> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private downSince: number | null = null;
  private retryDelay: number;
  private closing = false;
  private closed = false;

  constructor(
    private readonly transport: Transport,
    readonly spool: Spool,
    private readonly o: QueueOptions,
  ) {
    this.retryDelay = o.retryDelayMs;
    this.spoolHasOps = spool.exists();
    process.on('exit', this.onExit);
    process.on('beforeExit', this.onBeforeExit);
    this.schedule(this.spoolHasOps ? 0 : o.flushIntervalMs);
  }

  /** Opts (title, labels, ...) sent with the next batch of a window. */
  setOpts(env: string, win: string, opts: WindowOpts): void {
    this.pendingOpts.set(env + SEP + win, opts);
  }

  /** Sends everything queued so far. Resolves true when all of it arrived, false when the server is unreachable. */
  async flush(): Promise<boolean> {
    for (;;) {
      if (this.running) await this.running;
      if (!(await this.runRound())) return false;
      if (this.isEmpty()) return true;
    }
  }

  /**
   * Sends what is left (retrying for up to `closeTimeoutMs`), spools whatever the
   * server did not take, and stops. Resolves true when everything was delivered.
   */
  async close(): Promise<boolean> {
    if (this.closing) return this.isEmpty();
    this.closing = true;
    clearTimeout(this.timer);
    const deadline = Date.now() + this.o.closeTimeoutMs;
    let ok = await this.flush();
    while (!ok && Date.now() + this.retryDelay < deadline) {
      await new Promise((r) => setTimeout(r, this.retryDelay));
      ok = await this.flush();
    }
    if (!ok) this.spoolAll();
    this.closed = true;
    process.off('exit', this.onExit);
    process.off('beforeExit', this.onBeforeExit);
    return ok;
  }

  /** Adds one point, logged at time `t` (seconds since the epoch), to its (env, window, trace) batch. */
  append(env: string, win: string, name: string | undefined, type: 'line' | 'scatter', x: number | null, y: number | null, t: number): void {
    this.assertOpen();
    const key = env + SEP + win + SEP + (name ?? '');
    let batch = this.batches.get(key);
    if (batch && ((batch.x === null) !== (x === null) || batch.type !== type)) {
      this.drainBatches();
      batch = undefined;
    }
    if (!batch) {
      batch = { env, win, name, type, x: x === null ? null : [], y: [], t: [] };
      this.batches.set(key, batch);
    }
    if (x !== null) batch.x!.push(x);
    batch.y.push(y);
    batch.t.push(t);
    if (++this.batchWeight + this.outboxWeight > this.o.maxBuffer) this.overflow();
  }

  /** Queues one request after everything queued before it (gathered points included). */
  enqueue(op: Op): void {
    this.assertOpen();
    this.drainBatches();
    this.outbox.push(op);
    this.outboxWeight += opWeight(op);
    if (this.batchWeight + this.outboxWeight > this.o.maxBuffer) this.overflow();
  }

  /** Turns the gathered points into requests at the end of the outbox (after older, failed ones). */
  private drainBatches(): void {
    for (const b of this.batches.values()) {
      const wkey = b.env + SEP + b.win;
      const opts = this.pendingOpts.get(wkey);
      this.pendingOpts.delete(wkey);
      const body: LineBody = {
        win: b.win,
        update: 'append',
        ...(b.name !== undefined && { name: b.name }),
        ...(b.type !== 'line' && { type: b.type }),
        ...(b.x && { X: b.x }),
        Y: b.y,
        T: b.t,
        ...(opts && { opts }),
      };
      this.outbox.push({ kind: 'line', env: b.env, body });
    }
    this.outboxWeight += this.batchWeight;
    this.batches = new Map();
    this.batchWeight = 0;
  }

  isEmpty(): boolean {
    return this.batches.size === 0 && this.outbox.length === 0 && !this.spoolHasOps;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('runboard client is closed; create a new one to log more');
  }

  /** One pass: the spool (oldest), then the outbox, then the gathered points. Stops at the first retryable failure. */
  private async round(): Promise<boolean> {
    if (this.spoolHasOps) {
      const ops = this.spool.read();
      for (let i = 0; i < ops.length; i++) {
        if (!(await this.deliver(ops[i]!))) {
          this.spool.replace(ops.slice(i));
          return false;
        }
      }
      this.spool.replace([]);
      this.spoolHasOps = false;
    }
    this.drainBatches();
    while (this.outbox.length > 0) {
      // The op stays queued while in flight, so an exit now still spools it.
      const op = this.outbox[0]!;
      if (!(await this.deliver(op))) return false;
      this.outbox.shift();
      this.outboxWeight -= opWeight(op);
    }
    return true;
  }

  /** Sends one op: true when it is done with (accepted, or refused for good), false to retry later. */
  private async deliver(op: Op): Promise<boolean> {
    const res = await this.transport.send(op);
    if (res.status === 'sent') this.stats.sent++;
    else if (res.status === 'refused') {
      this.stats.refused++;
      this.o.onError(res.reason);
    } else this.stats.retries++;
    return res.status !== 'retry';
  }

  private runRound(): Promise<boolean> {
    this.running ??= this.round()
      .then((ok) => this.afterRound(ok))
      .finally(() => (this.running = null));
    return this.running;
  }

  private afterRound(ok: boolean): boolean {
    if (ok) {
      this.downSince = null;
      this.retryDelay = this.o.retryDelayMs;
    } else {
      this.downSince ??= Date.now();
      this.retryDelay = Math.min(this.retryDelay * 2, this.o.maxRetryDelayMs);
      if (Date.now() - this.downSince >= this.o.spoolAfterMs) this.spoolSoon = true;
    }
    if (this.spoolSoon) this.spoolAll();
    return ok;
  }

  private overflow(): void {
    // Never rewrite the queue under a round in flight: it spools when the round ends.
    if (this.running) this.spoolSoon = true;
    else this.spoolAll();
  }

  /** Moves every queued op to the spool, after those already there. */
  private spoolAll(): void {
    this.spoolSoon = false;
    this.drainBatches();
    if (this.outbox.length === 0) return;
    this.spool.append(this.outbox);
    this.stats.spooled += this.outbox.length;
    this.spoolHasOps = true;
    this.outbox = [];
    this.outboxWeight = 0;
  }

  private schedule(delay: number): void {
    if (this.closing) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const ok = this.isEmpty() || (await this.runRound());
    this.schedule(ok ? this.o.flushIntervalMs : this.retryDelay);
  }

  /** The process is about to exit: whatever is still queued goes to the spool (synchronously). */
  private readonly onExit = (): void => {
    if (!this.closed) this.spoolAll();
  };

  /** Nothing else keeps the process alive: send what is left, or spool it if the server is away. */
  private readonly onBeforeExit = (): void => {
    if (this.closing || this.isEmpty()) return;
    if (this.downSince !== null) this.spoolAll();
    else void this.flush();
  };
}
