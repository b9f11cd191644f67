/**
 * Keeps each trace's points flowing to this server's sockets in order, exactly once,
 * whichever server wrote them. Per trace it holds `known`, the count already
 * published here. A local commit's append is published as is when it starts at
 * `known` (trimmed if it overlaps); a hint or poll naming a higher count, or a local
 * append that starts past `known`, makes the feed read the missing points from the
 * store by sequence number and publish them as an ordinary `append`. One read per
 * trace at a time, so appends of a trace leave in sequence order.
 *
 * A trace the feed has never seen (created on another server whose window hint did
 * not arrive yet) is published with its whole window, as a `window` message with data.
 *
 * Points of an env nobody on this server watches are not read: `known` just moves to
 * the count committed. A viewer who subscribes later gets the env from a snapshot taken
 * after it subscribed, so it holds at least those points; what the feed sends after
 * that starts at or below the snapshot's end, and the socket cuts the overlap. A server
 * thus reads another server's points only for its own viewers.
 */
import type { AppendMessage, ServerMessage } from '../../protocol/index.js';
import type { ClusterReads } from './reads.js';

type AppendTrace = AppendMessage['traces'][number];

interface TraceState {
  known: number;
  /** Highest count committed that we know of. */
  target: number;
  busy: boolean;
  env?: string;
  win?: string;
  name?: string;
}

export interface FeedStats {
  /** Points read from the store and published (written by other servers, or missed). */
  fetched: number;
  /** Points of local appends dropped because they were already published. */
  trimmed: number;
  /** Windows republished whole because a trace was not known. */
  windows: number;
  /** Points of unwatched envs passed over without being read. */
  skipped: number;
}

export class TraceFeed {
  private readonly traces = new Map<number, TraceState>();
  private readonly refreshing = new Map<string, Promise<void>>();
  /** Settles once every read in progress has published. */
  private inFlight = new Set<Promise<void>>();
  readonly stats: FeedStats = { fetched: 0, trimmed: 0, windows: 0, skipped: 0 };

  constructor(
    private readonly reads: ClusterReads,
    /** Publishes to this server's sockets only (never back to the cluster). */
    private readonly publish: (topic: string, msg: ServerMessage) => void,
    private readonly onError: (err: Error) => void = () => {},
    /** Whether anyone on this server watches the env (default: always, as for one server). */
    private readonly watched: (env: string) => boolean = () => true,
  ) {}

  /** The count published here for a trace (undefined when unknown). */
  known(id: number): number | undefined {
    return this.traces.get(id)?.known;
  }

  /** Sets counts without publishing (at start: what exists before this server serves anyone). */
  baseline(counts: Iterable<[number, number]>): void {
    for (const [id, n] of counts) this.traces.set(id, { known: n, target: n, busy: false });
  }

  /** Whether the trace has been seen. */
  has(id: number): boolean {
    return this.traces.has(id);
  }

  /**
   * A local commit's append: returns what to publish now (the part not yet published),
   * or null when it must wait for a read of the points before it.
   */
  local(env: string, win: string, tr: AppendTrace): AppendTrace | null {
    let s = this.traces.get(tr.id);
    if (!s) this.traces.set(tr.id, (s = { known: tr.start, target: tr.start, busy: false }));
    s.env = env;
    s.win = win;
    s.name = tr.name;
    const end = tr.start + tr.x.length;
    if (s.busy || tr.start > s.known) {
      this.advance(tr.id, end);
      return null;
    }
    if (end <= s.known) {
      this.stats.trimmed += tr.x.length;
      return null;
    }
    const skip = s.known - tr.start;
    this.stats.trimmed += skip;
    const start = s.known;
    s.known = end;
    s.target = Math.max(s.target, end);
    return skip === 0 ? tr : { ...tr, start, x: tr.x.slice(skip), y: tr.y.slice(skip), t: tr.t.slice(skip) };
  }

  /** A window message with data was published here: its traces are known up to their ends. */
  published(env: string, win: string, data: { id: number; name: string; end: number }[]): void {
    for (const d of data) {
      let s = this.traces.get(d.id);
      if (!s) this.traces.set(d.id, (s = { known: d.end, target: d.end, busy: false }));
      s.env = env;
      s.win = win;
      s.name = d.name;
      s.known = Math.max(s.known, d.end);
      s.target = Math.max(s.target, s.known);
    }
  }

  /** Another server (or the poll) says trace `id` has `n` points committed. */
  advance(id: number, n: number): void {
    let s = this.traces.get(id);
    if (!s) {
      s = { known: -1, target: n, busy: false };
      this.traces.set(id, s);
    }
    if (n > s.target) s.target = n;
    if (s.busy || s.target <= s.known) return;
    s.busy = true;
    const run = this.drain(id, s)
      .catch((e: Error) => this.onError(e))
      .finally(() => {
        s.busy = false;
        this.inFlight.delete(run);
        // A failed read is tried again by the next hint or poll.
      });
    this.inFlight.add(run);
  }

  /** Resolves when no read is in progress (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  forget(id: number): void {
    this.traces.delete(id);
  }

  /** Counts the points of an unwatched env as published without reading them. */
  private skip(s: TraceState): void {
    this.stats.skipped += s.target - Math.max(0, s.known);
    s.known = s.target;
  }

  private async drain(id: number, s: TraceState): Promise<void> {
    while (s.known < s.target) {
      if (s.known < 0 || s.env === undefined) {
        const head = await this.reads.traceHead(id);
        if (!head) {
          this.traces.delete(id);
          return;
        }
        if (!this.watched(head.env)) {
          Object.assign(s, { env: head.env, win: head.win, name: head.name });
          this.skip(s);
          return;
        }
        if (s.known < 0) {
          // Never seen: the whole window goes out, which makes its traces known.
          await this.refreshWindow(head.env, head.win, true);
          if (s.known < 0) {
            // The window is closed: nothing to show.
            s.known = s.target = head.n;
            return;
          }
          continue;
        }
        s.env = head.env;
        s.win = head.win;
        s.name = head.name;
      }
      if (!this.watched(s.env)) {
        this.skip(s);
        return;
      }
      const from = s.known;
      const to = s.target;
      const cols = await this.reads.readSeq(id, from, to);
      if (cols.x.length === 0) return;
      // A window message published meanwhile may have moved `known` on.
      const skip = s.known - from;
      if (skip < cols.x.length) {
        const tr: AppendTrace = {
          id, name: s.name!, start: from + skip,
          x: cols.x.slice(skip), y: cols.y.slice(skip), t: cols.t.slice(skip),
        };
        s.known = from + cols.x.length;
        this.stats.fetched += tr.x.length;
        this.publish(s.env!, { type: 'append', env: s.env!, win: s.win!, traces: [tr] });
      }
      if (from + cols.x.length < to) return;
    }
  }

  /**
   * Publishes a window as it is in the store (with its data when `data`). Concurrent
   * calls for one window share the read in progress and then read once more.
   */
  async refreshWindow(env: string, win: string, data: boolean): Promise<void> {
    const key = JSON.stringify([env, win, data]);
    const running = this.refreshing.get(key);
    const next = (running ?? Promise.resolve()).then(() => this.readWindow(env, win, data));
    const mine = next.finally(() => {
      if (this.refreshing.get(key) === mine) this.refreshing.delete(key);
    });
    this.refreshing.set(key, mine);
    await mine;
  }

  private async readWindow(env: string, win: string, data: boolean): Promise<void> {
    if (!this.watched(env)) return;
    const info = await this.reads.window(env, win);
    if (!info) return;
    if (!data) {
      this.publish(env, { type: 'window', env, window: info });
      return;
    }
    const traces = await this.reads.windowData(env, win);
    this.stats.windows++;
    this.published(env, win, traces);
    this.publish(env, { type: 'window', env, window: { ...info, data: traces } });
  }
}
