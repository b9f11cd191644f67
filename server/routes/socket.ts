/**
 * The live socket `/api/ws`. On connect: a `hello` with the env list. A client
 * sends `subscribe` (envs, buckets, cursors); for each env it gets a snapshot, then
 * only deltas. The socket never writes to the store.
 *
 * Snapshots are built one window per turn of the event loop, so many sockets
 * subscribing to large envs share the CPU with every other request. A big env's
 * snapshot carries the data of its first windows (in layout order) and lists the
 * others as `pending`: their data follows in one `window` message each. Each socket has
 * at most one snapshot in progress: a new subscribe supersedes it.
 *
 * Backpressure: a client whose unsent frames pass MAX_BUFFERED stops receiving
 * deltas; once it has drained it gets a `resync` and fresh snapshots. Server memory
 * per slow client is therefore bounded.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { ID_PATTERN, MAX_SUBSCRIBE_BUCKETS, PROTOCOL_VERSION, type ServerMessage, type SubscribeMessage, type WindowSnapshot } from '../../protocol/index.js';
import { ENVS_TOPIC, type Hub } from '../hub.js';
import type { Store } from '../store/store.js';
import { nextTurn } from '../slices.js';
import { DEFAULT_BUCKETS, windowSnapshot } from '../views.js';

export interface SocketLimits {
  /** Most concurrent sockets; more are closed with 1013 (try again later). */
  maxSockets?: number;
  /** Unsent bytes per client before it stops getting deltas (it gets a resync once drained). */
  maxBuffered?: number;
  /** A client that has not drained for this long is disconnected. */
  maxLagMs?: number;
}

export interface SocketDeps extends SocketLimits {
  store: Store;
  hub: Hub;
}

const MAX_ENVS_PER_SUBSCRIBE = 100;
/**
 * Points a snapshot carries inline before the remaining windows' data follows in `window`
 * messages: about the first few panes at full density (a pane-wide M4 view of 3 traces is
 * ~7k points), so the first chart draws from a small first frame.
 */
export const SNAPSHOT_INLINE_POINTS = 20_000;
const DRAIN_CHECK_MS = 50;
const idPattern = new RegExp(ID_PATTERN, 'u');

export async function socketRoutes(
  app: FastifyInstance,
  { store, hub, maxSockets = 1000, maxBuffered = 16 * 1024 * 1024, maxLagMs = 60_000 }: SocketDeps,
) {
  let open = 0;
  app.get('/api/ws', { websocket: true }, (socket: WebSocket) => {
    if (open >= maxSockets) {
      socket.close(1013, 'too many connections');
      return;
    }
    open++;
    const session = new Session(socket, store, hub, maxBuffered, maxLagMs);
    socket.on('message', (data, isBinary) => session.receive(isBinary ? '' : data.toString()));
    socket.on('close', () => {
      open--;
      session.end();
    });
  });
}

class Session {
  private readonly unsubscribe = new Map<string, () => void>();
  private envs: string[] = [];
  private buckets = DEFAULT_BUCKETS;
  private lagging = false;
  private drainTimer: NodeJS.Timeout | null = null;
  private laggingSince = 0;
  /** Bumped by every subscribe and by end(): a snapshot in progress stops when it changes. */
  private generation = 0;
  private readonly send = (frame: string) => this.deliver(frame);
  /**
   * Per trace, the count a snapshot sent: points before it that arrive afterwards (published
   * while the snapshot was read, or read late from another server) are cut from the frame.
   * An entry goes once an append starts at or past it.
   */
  private readonly floor = new Map<number, number>();

  constructor(
    private readonly socket: WebSocket,
    private readonly store: Store,
    private readonly hub: Hub,
    private readonly maxBuffered: number,
    private readonly maxLagMs: number,
  ) {
    // Env list deltas published while the list is read are held and sent after the hello.
    const held: string[] = [];
    let holding = true;
    this.unsubscribe.set(ENVS_TOPIC, hub.subscribe(ENVS_TOPIC, (frame) => (holding ? held.push(frame) : this.deliver(frame))));
    void Promise.resolve(store.listEnvs()).then(
      (envs) => {
        this.message({ type: 'hello', protocol: PROTOCOL_VERSION, envs });
        holding = false;
        for (const frame of held) this.deliver(frame);
      },
      (e: Error) => this.message({ type: 'error', message: `the env list could not be read: ${e.message}` }),
    );
  }

  receive(text: string): void {
    let msg: SubscribeMessage;
    try {
      msg = parseSubscribe(JSON.parse(text));
    } catch (e) {
      this.message({ type: 'error', message: e instanceof SyntaxError ? `not JSON: ${e.message}` : (e as Error).message });
      return;
    }
    this.resubscribe(msg.envs, msg.buckets ?? DEFAULT_BUCKETS, msg.cursors ?? {});
  }

  /** Subscribes; a failed read (the database down) is told to the client, never thrown. */
  private resubscribe(envs: string[], buckets: number, cursors: Record<string, number>): void {
    this.subscribe(envs, buckets, cursors).catch((e: Error) => this.message({ type: 'error', message: `snapshot failed: ${e.message}` }));
  }

  private async subscribe(envs: string[], buckets: number, cursors: Record<string, number>): Promise<void> {
    const generation = ++this.generation;
    for (const env of this.envs) this.unsubscribe.get(env)?.();
    this.envs = [...new Set(envs)];
    this.buckets = buckets;
    this.floor.clear();
    for (const env of this.envs) {
      // In this order: send what is queued, subscribe, snapshot. Deltas published while the
      // snapshot is built are held and sent after it; the client drops points it already has.
      this.hub.flush(env);
      const held: [string, ServerMessage][] = [];
      let holding = true;
      this.unsubscribe.set(env, this.hub.subscribe(env, (frame, msg) => (holding ? held.push([frame, msg]) : this.deliverAfterSnapshot(frame, msg))));
      // Windows in layout order, the top ones (on screen first) with their data up to a
      // budget of points; the rest follow one `window` message each, so the first panes
      // draw without waiting for the whole env.
      const windows: WindowSnapshot[] = [];
      const pending: string[] = [];
      let budget = SNAPSHOT_INLINE_POINTS;
      const snapshotOf = (id: string) =>
        this.store.snapshot(async (r) => {
          const info = await r.window(env, id);
          return info && windowSnapshot(r, env, info, { buckets, cursors });
        });
      for (const { id } of await this.store.windows(env)) {
        await nextTurn();
        if (generation !== this.generation) return;
        if (budget <= 0) {
          const info = await this.store.window(env, id);
          if (generation !== this.generation) return;
          if (!info) continue;
          windows.push({ ...info, data: [] });
          pending.push(id);
          continue;
        }
        const snap = await snapshotOf(id);
        if (generation !== this.generation) return;
        if (!snap) continue;
        for (const d of snap.data) budget -= d.x.length;
        windows.push(snap);
      }
      // Deltas held meanwhile are cut to the points after what each snapshot sent (`floor`).
      for (const w of windows) for (const d of w.data) this.floor.set(d.id, d.end);
      this.message(pending.length > 0 ? { type: 'snapshot', env, windows, pending } : { type: 'snapshot', env, windows });
      for (const id of pending) {
        await nextTurn();
        if (generation !== this.generation) return;
        const snap = await snapshotOf(id);
        if (generation !== this.generation) return;
        if (!snap) continue;
        for (const d of snap.data) this.floor.set(d.id, d.end);
        this.message({ type: 'window', env, window: snap });
      }
      holding = false;
      for (const [frame, msg] of held) this.deliverAfterSnapshot(frame, msg);
    }
  }

  /** Delivers a delta, without the points the last snapshot already gave (see `floor`). */
  private deliverAfterSnapshot(frame: string, msg: ServerMessage): void {
    if (this.floor.size === 0 || msg.type !== 'append') return this.deliver(frame);
    if (!msg.traces.some((tr) => this.floor.has(tr.id))) return this.deliver(frame);
    const traces = [];
    for (const tr of msg.traces) {
      const floor = this.floor.get(tr.id);
      if (floor === undefined) traces.push(tr);
      else {
        if (tr.start >= floor || tr.start + tr.x.length > floor) this.floor.delete(tr.id);
        const skip = Math.max(0, floor - tr.start);
        if (skip === 0) traces.push(tr);
        else if (skip < tr.x.length) traces.push({ ...tr, start: floor, x: tr.x.slice(skip), y: tr.y.slice(skip), t: tr.t.slice(skip) });
      }
    }
    if (traces.length === msg.traces.length && traces.every((tr, i) => tr === msg.traces[i])) return this.deliver(frame);
    if (traces.length > 0) this.message({ ...msg, traces });
  }

  private message(msg: ServerMessage): void {
    this.deliver(JSON.stringify(msg));
  }

  private deliver(frame: string): void {
    if (this.lagging || this.socket.readyState !== this.socket.OPEN) return;
    const buffered = this.socket.bufferedAmount;
    // An empty buffer takes any frame, so a snapshot larger than the limit still goes out once.
    if (buffered > 0 && buffered + frame.length > this.maxBuffered) {
      this.lagging = true;
      this.laggingSince = Date.now();
      this.drainTimer = setInterval(() => this.checkDrained(), DRAIN_CHECK_MS);
      return;
    }
    this.socket.send(frame);
  }

  private checkDrained(): void {
    if (this.socket.bufferedAmount > this.maxBuffered / 16) {
      // A client that stopped reading keeps its buffer forever: let it go.
      if (Date.now() - this.laggingSince > this.maxLagMs) this.socket.terminate();
      return;
    }
    clearInterval(this.drainTimer!);
    this.drainTimer = null;
    this.lagging = false;
    this.message({ type: 'resync', reason: 'the client fell behind; fresh snapshots follow' });
    // Env list deltas were dropped too: the whole list, once.
    Promise.resolve(this.store.listEnvs()).then(
      (envs) => this.message({ type: 'envs', envs }),
      (e: Error) => this.message({ type: 'error', message: `the env list could not be read: ${e.message}` }),
    );
    this.resubscribe(this.envs, this.buckets, {});
  }

  end(): void {
    this.generation++;
    if (this.drainTimer) clearInterval(this.drainTimer);
    for (const off of this.unsubscribe.values()) off();
    this.unsubscribe.clear();
  }
}

/** Validates a client frame; throws with a message that says what to send instead. */
function parseSubscribe(v: unknown): SubscribeMessage {
  const m = v as Partial<SubscribeMessage> | null;
  if (!m || typeof m !== 'object' || m.type !== 'subscribe') throw new Error('send {"type":"subscribe","envs":[...]}');
  if (!Array.isArray(m.envs) || m.envs.length > MAX_ENVS_PER_SUBSCRIBE || !m.envs.every((e) => typeof e === 'string' && idPattern.test(e))) {
    throw new Error(`envs must be an array of at most ${MAX_ENVS_PER_SUBSCRIBE} env ids`);
  }
  if (m.buckets !== undefined && !(Number.isInteger(m.buckets) && m.buckets >= 1 && m.buckets <= MAX_SUBSCRIBE_BUCKETS)) {
    throw new Error(`buckets must be a whole number from 1 to ${MAX_SUBSCRIBE_BUCKETS}`);
  }
  if (m.cursors !== undefined) {
    if (typeof m.cursors !== 'object' || m.cursors === null || Array.isArray(m.cursors)) throw new Error('cursors must map trace ids to point counts');
    for (const [k, c] of Object.entries(m.cursors)) {
      if (!/^\d+$/.test(k) || !Number.isInteger(c) || c < 0) throw new Error('cursors must map trace ids to point counts');
    }
  }
  return { type: 'subscribe', envs: m.envs, buckets: m.buckets, cursors: m.cursors };
}
