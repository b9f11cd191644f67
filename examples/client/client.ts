/**
 * The trainer-side client. Logging calls only push into memory and return:
 * a timer sends what has gathered, one request per (window, trace), in order.
 * When the server is away, batches wait and are retried with backoff; when it
 * stays away (or memory fills up), they move to an on-disk spool that is replayed
 * first once the server answers again, by this process or the next one.
 * Delivery is at least once: a request that reached the server just before a
 * connection broke may be sent again.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvSummary, LineBody, WindowInfo, WindowOpts } from '../../protocol/index.js';
import { opWeight, type Op, type VisdomBody } from './ops.js';
import { pngDataUrl, type RawImage } from './png.js';
import { Spool } from './spool.js';
import { errorMessage, httpRequest, HttpTransport, type Transport } from './transport.js';

export const DEFAULT_URL = 'http://127.0.0.1:8097';

export interface ClientOptions {
  /** Server base URL (default http://127.0.0.1:8097). */
  url?: string;
  /** The env written to when a call names none. */
  env: string;
  /** How often gathered points are sent (default 1 s: each request costs the trainer ~0.7 ms of CPU). */
  flushIntervalMs?: number;
  /** Buffered weight (points, or content chars / 64) above which batches go to the spool (default 200,000). */
  maxBuffer?: number;
  /** How long the server may stay unreachable before batches go to the spool (default 10 s). */
  spoolAfterMs?: number;
  /** The spool file (default: <tmpdir>/runboard-spool/<env>.jsonl). Ops found there at start are sent first. */
  spoolPath?: string;
  /** Longest wait for one request (default 10 s). */
  requestTimeoutMs?: number;
  /** First retry delay; doubles up to `maxRetryDelayMs` (defaults 250 ms, 5 s). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** How long `close()` keeps retrying before it spools what is left (default 5 s). */
  closeTimeoutMs?: number;
  /** Called when the server refuses an op (4xx); default: console.warn. */
  onError?: (message: string) => void;
  transport?: Transport;
}

export interface ClientStats {
  /** Requests the server accepted. */
  sent: number;
  /** Requests the server refused (4xx); they are dropped. */
  refused: number;
  /** Failed attempts that will be retried. */
  retries: number;
  /** Requests written to the spool. */
  spooled: number;
}

export interface TextOptions {
  env?: string;
  opts?: WindowOpts;
  /** Append to the window's HTML instead of replacing it. */
  append?: boolean;
}

export interface ImageOptions {
  env?: string;
  opts?: WindowOpts;
  caption?: string;
  /** Keep every image sent to this window (an image-history pane with a slider). */
  history?: boolean;
}

/** Points gathered for one (env, window, trace) since the last send. */
interface Batch {
  env: string;
  win: string;
  name: string | undefined;
  type: 'line' | 'scatter';
  x: number[] | null;
  y: (number | null)[];
}

const SEP = '\u0000';

export class RunboardClient {
  readonly url: string;
  readonly env: string;
  readonly stats: ClientStats = { sent: 0, refused: 0, retries: 0, spooled: 0 };
  readonly spool: Spool;

  private readonly o: Required<Omit<ClientOptions, 'url' | 'env' | 'spoolPath' | 'transport'>>;
  private readonly transport: Transport;
  private batches = new Map<string, Batch>();
  private batchWeight = 0;
  private outbox: Op[] = [];
  private outboxWeight = 0;
  /** Opts to send with the next request for a window; windows first seen through log() get a title. */
  private readonly pendingOpts = new Map<string, WindowOpts>();
  private readonly seenWindows = new Set<string>();
  private spoolHasOps: boolean;
  private spoolSoon = false;
  private running: Promise<boolean> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private downSince: number | null = null;
  private retryDelay: number;
  private closing = false;
  private closed = false;

  constructor(options: ClientOptions) {
    this.url = (options.url ?? DEFAULT_URL).replace(/\/+$/, '');
    this.env = options.env;
    this.o = {
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      maxBuffer: options.maxBuffer ?? 200_000,
      spoolAfterMs: options.spoolAfterMs ?? 10_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      retryDelayMs: options.retryDelayMs ?? 250,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 5_000,
      closeTimeoutMs: options.closeTimeoutMs ?? 5_000,
      onError: options.onError ?? ((m) => console.warn(`runboard: ${m}`)),
    };
    this.retryDelay = this.o.retryDelayMs;
    this.transport = options.transport ?? new HttpTransport(this.url, this.o.requestTimeoutMs);
    this.spool = new Spool(options.spoolPath ?? join(tmpdir(), 'runboard-spool', `${this.env.replace(/[^\w.-]/g, '_')}.jsonl`));
    this.spoolHasOps = this.spool.exists();
    process.on('exit', this.onExit);
    process.on('beforeExit', this.onBeforeExit);
    this.schedule(this.spoolHasOps ? 0 : this.o.flushIntervalMs);
  }

  /** The dashboard page of an env. */
  dashboardUrl(env = this.env): string {
    return `${this.url}/env/${encodeURIComponent(env)}`;
  }

  /** Sets the opts (title, labels, ...) sent with the next batch of a window. */
  window(win: string, opts: WindowOpts, env = this.env): void {
    this.pendingOpts.set(env + SEP + win, opts);
    this.seenWindows.add(env + SEP + win);
  }

  /**
   * Appends one point per value at x = `step`. A key `win/trace` names a trace in a
   * shared window (`loss/D real`); a plain key is a window with one trace of that name.
   */
  log(step: number, values: Record<string, number | null>, env = this.env): void {
    for (const key in values) {
      const slash = key.indexOf('/');
      const win = slash < 0 ? key : key.slice(0, slash);
      const name = slash < 0 ? key : key.slice(slash + 1);
      const wkey = env + SEP + win;
      if (!this.seenWindows.has(wkey)) this.window(win, { title: win, xlabel: 'step' }, env);
      this.append(env, win, name, 'line', step, values[key]!);
    }
  }

  /**
   * `POST /api/env/:env/line` with the HTTP API's semantics. Appends of one column
   * (`update: 'append'` with a `win`) are gathered per trace and sent in batches;
   * every other call is queued as one request, in call order.
   */
  line(body: LineBody, env = this.env): void {
    this.assertOpen();
    const Y = body.Y;
    const X = body.X;
    const column = (a: unknown[] | undefined) => a === undefined || !a.some(Array.isArray);
    if (body.update === 'append' && body.win !== undefined && Y && column(Y) && column(X) && (!X || X.length === Y.length)) {
      if (body.opts) this.pendingOpts.set(env + SEP + body.win, body.opts);
      this.seenWindows.add(env + SEP + body.win);
      for (let i = 0; i < Y.length; i++) {
        this.append(env, body.win, body.name, body.type ?? 'line', X ? (X[i] as number) : null, Y[i] as number | null);
      }
      return;
    }
    // Earlier appends must reach the server before this create, replace or remove.
    this.drainBatches();
    this.enqueue({ kind: 'line', env, body });
  }

  /** A text window (HTML, sanitized by the server), sent through the Visdom API. */
  text(win: string, html: string, { env = this.env, opts, append = false }: TextOptions = {}): void {
    this.assertOpen();
    const body: VisdomBody = { data: [{ content: html, type: 'text' }], win, eid: env, ...(opts && { opts }) };
    this.enqueue({ kind: append ? 'update' : 'events', body });
  }

  /** An image window (a PNG, or any `data:` URL), sent through the Visdom API. */
  image(win: string, image: RawImage | string, { env = this.env, opts = {}, caption, history = false }: ImageOptions = {}): void {
    this.assertOpen();
    const src = typeof image === 'string' ? image : pngDataUrl(image);
    const body: VisdomBody = {
      data: [{ content: { src, caption }, type: 'image' }],
      win,
      eid: env,
      opts: { ...opts, ...(caption !== undefined && { caption }), ...(history && { store_history: true }) },
    };
    this.enqueue({ kind: history ? 'history' : 'events', body });
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

  /** Deletes an env and all its windows (after sending what was logged to it). */
  async deleteEnv(env = this.env): Promise<void> {
    await this.flush();
    await this.request('DELETE', `/api/env/${encodeURIComponent(env)}`);
  }

  /** Closes (deletes) a window (after sending what was logged to it). */
  async closeWindow(win: string, env = this.env): Promise<void> {
    await this.flush();
    await this.request('DELETE', `/api/env/${encodeURIComponent(env)}/win/${encodeURIComponent(win)}`);
  }

  async envs(): Promise<EnvSummary[]> {
    return ((await this.request('GET', '/api/envs')) as { envs: EnvSummary[] }).envs;
  }

  async windows(env = this.env): Promise<WindowInfo[]> {
    return ((await this.request('GET', `/api/env/${encodeURIComponent(env)}`)) as { windows: WindowInfo[] }).windows;
  }

  private async request(method: string, path: string): Promise<unknown> {
    const res = await httpRequest(method, this.url + path, undefined, this.o.requestTimeoutMs);
    if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${errorMessage(res.text)}`);
    return JSON.parse(res.text);
  }

  private append(env: string, win: string, name: string | undefined, type: 'line' | 'scatter', x: number | null, y: number | null): void {
    this.assertOpen();
    const key = env + SEP + win + SEP + (name ?? '');
    let batch = this.batches.get(key);
    if (batch && ((batch.x === null) !== (x === null) || batch.type !== type)) {
      this.drainBatches();
      batch = undefined;
    }
    if (!batch) {
      batch = { env, win, name, type, x: x === null ? null : [], y: [] };
      this.batches.set(key, batch);
    }
    if (x !== null) batch.x!.push(x);
    batch.y.push(y);
    if (++this.batchWeight + this.outboxWeight > this.o.maxBuffer) this.overflow();
  }

  private enqueue(op: Op): void {
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
        ...(opts && { opts }),
      };
      this.outbox.push({ kind: 'line', env: b.env, body });
    }
    this.outboxWeight += this.batchWeight;
    this.batches = new Map();
    this.batchWeight = 0;
  }

  private isEmpty(): boolean {
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

/** Creates a client; see {@link ClientOptions}. */
export function createClient(options: ClientOptions): RunboardClient {
  return new RunboardClient(options);
}
