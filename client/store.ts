/**
 * ClientStore: the browser's copy of the server state, changed only by applying
 * ServerMessages (plus the connection status). It keeps every trace as columns
 * ready for uPlot and a cursor (points held) per trace, so a reconnect resumes
 * with no gap and no duplicate. Listeners are notified at most once per `schedule`
 * tick (an animation frame in the browser), however many messages arrived.
 */
import type { EnvSummary, ServerMessage, TraceData, WindowInfo } from '../protocol/index.js';

export interface ClientTrace {
  id: number;
  name: string;
  /** Steps; null is a logged break (Visdom's stem and quiver separators). */
  x: (number | null)[];
  y: (number | null)[];
  t: number[];
  /** Points of the trace the client has accounted for (the server's seq after the last point). */
  cursor: number;
  /** The columns started as a min/max decimated view (exact points may follow it). */
  decimated: boolean;
}

export interface ClientWindow {
  env: string;
  info: WindowInfo;
  traces: ClientTrace[];
  /** Changes on every change of the window, a window replaced under the same id included (never repeats in a store); components compare it to skip untouched panes. */
  rev: number;
}

/**
 * Live points are appended raw after a decimated view. Past this many points held,
 * a trace asks for a fresh view (its cursor is left out of the next subscribe), so
 * a week-long run does not grow the browser's copy without bound.
 */
export const MAX_HELD_POINTS = 50_000;

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting';

export type Schedule = (run: () => void) => void;

/** Runs the callback right away: the default, for tests and Node. */
const immediate: Schedule = (run) => run();

export class ClientStore {
  envs: EnvSummary[] = [];
  connection: ConnectionStatus = 'connecting';
  /** Windows of the subscribed envs, by env then window id. */
  readonly windows = new Map<string, Map<string, ClientWindow>>();
  /** Bumped on every change of anything. */
  rev = 0;
  /** Bumped on every change except pure point appends: envs, windows, opts, connection. */
  layoutRev = 0;
  /** The moment this store shows (replay), or null for live: zoom refetches ask for data as of then. */
  until: number | null = null;
  private resubscribe = false;
  private readonly listeners = new Set<() => void>();
  private scheduled = false;

  /** Source of window revisions: store-wide, so a window replaced under its id never gets a revision it had. */
  private windowRevs = 0;

  constructor(private readonly schedule: Schedule = immediate) {}

  private nextRev(): number {
    return ++this.windowRevs;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  apply(msg: ServerMessage): void {
    switch (msg.type) {
      case 'hello':
      case 'envs':
        this.envs = msg.envs;
        break;
      case 'envs_delta':
        this.envs = applyEnvsDelta(this.envs, msg.changed, msg.removed);
        break;
      case 'snapshot':
        this.snapshot(msg.env, msg.windows);
        break;
      case 'window':
        this.putWindow(msg.env, msg.window, msg.window.data);
        break;
      case 'append':
        this.append(msg);
        this.changed(false);
        return;
      case 'close':
        this.windows.get(msg.env)?.delete(msg.win);
        break;
      case 'env_deleted':
        // Still subscribed: windows of a re-created env with this name arrive as usual.
        this.windows.get(msg.env)?.clear();
        this.envs = this.envs.filter((e) => e.id !== msg.env);
        break;
      case 'resync':
        // Deltas were dropped: forget every point; the server follows with fresh snapshots.
        this.windows.clear();
        break;
      case 'error':
        console.warn(`runboard server: ${msg.message}`);
        return;
    }
    this.changed();
  }

  setConnection(status: ConnectionStatus): void {
    if (status === this.connection) return;
    this.connection = status;
    this.changed();
  }

  /** Keeps only the given envs' windows (the others are no longer subscribed). */
  retainEnvs(envs: readonly string[]): void {
    for (const env of [...this.windows.keys()]) if (!envs.includes(env)) this.windows.delete(env);
    this.changed();
  }

  /** Points held per trace id of the given envs: the `cursors` of a subscribe message. */
  cursors(envs: readonly string[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const env of envs) {
      for (const w of this.windows.get(env)?.values() ?? []) {
        for (const t of w.traces) if (t.x.length <= MAX_HELD_POINTS) out[String(t.id)] = t.cursor;
      }
    }
    return out;
  }

  /** True (once) when an append revealed a gap or a trace grew too long: the caller must resubscribe with `cursors()`. */
  takeResubscribe(): boolean {
    const r = this.resubscribe;
    this.resubscribe = false;
    return r;
  }

  window(env: string, win: string): ClientWindow | undefined {
    return this.windows.get(env)?.get(win);
  }

  /** Windows of an env in the server's order. */
  envWindows(env: string): ClientWindow[] {
    return [...(this.windows.get(env)?.values() ?? [])].sort((a, b) => a.info.order - b.info.order || (a.info.id < b.info.id ? -1 : 1));
  }

  /** Receive time of the env's first point held (ms), for relative-time axes. */
  envStart(env: string): number | undefined {
    let start: number | undefined;
    for (const w of this.windows.get(env)?.values() ?? []) {
      for (const t of w.traces) if (t.t.length > 0 && (start === undefined || t.t[0]! < start)) start = t.t[0];
    }
    return start;
  }

  private snapshot(env: string, windows: (WindowInfo & { data: TraceData[] })[]): void {
    const old = this.windows.get(env);
    const next = new Map<string, ClientWindow>();
    for (const w of windows) {
      const prev = old?.get(w.id);
      next.set(w.id, this.mergeWindow(env, w, w.data, prev));
    }
    this.windows.set(env, next);
  }

  private putWindow(env: string, info: WindowInfo, data: TraceData[] | undefined): void {
    let wins = this.windows.get(env);
    if (!wins) return; // not subscribed to this env
    // With data from a cursor (a big snapshot's pending window, resumed), prev's points are extended.
    wins.set(info.id, this.mergeWindow(env, info, data, wins.get(info.id)));
  }

  /**
   * Builds a window from its info. With data: each trace's columns come from it,
   * appended to `prev`'s when they resume from its cursor. Without: traces keep
   * `prev`'s points when their id is still listed.
   */
  private mergeWindow(env: string, info: WindowInfo, data: TraceData[] | undefined, prev: ClientWindow | undefined): ClientWindow {
    const { data: _drop, ...plain } = info as WindowInfo & { data?: unknown };
    const traces = info.traces.map((ti): ClientTrace => {
      const had = prev?.traces.find((t) => t.id === ti.id);
      const d = data?.find((t) => t.id === ti.id);
      if (!d) return had ? { ...had, name: ti.name } : emptyTrace(ti.id, ti.name);
      if (d.start !== 0 && !had) {
        // Points from a cursor we do not hold: ask again from zero.
        this.resubscribe = true;
        return emptyTrace(ti.id, ti.name);
      }
      if (d.start === 0 || !had) {
        // A decimated view holds fewer points than the trace: the cursor is the trace's end, not x.length.
        return { id: d.id, name: ti.name, x: d.x, y: d.y, t: d.t, cursor: d.end, decimated: d.decimated };
      }
      const trace = { ...had, name: ti.name };
      this.extend(trace, d.start, d.x, d.y, d.t);
      return trace;
    });
    return { env, info: plain as WindowInfo, traces, rev: this.nextRev() };
  }

  private append(msg: Extract<ServerMessage, { type: 'append' }>): void {
    const w = this.windows.get(msg.env)?.get(msg.win);
    if (!w) return;
    for (const tr of msg.traces) {
      const trace = w.traces.find((t) => t.id === tr.id);
      if (!trace) {
        this.resubscribe = true;
        continue;
      }
      this.extend(trace, tr.start, tr.x, tr.y, tr.t);
    }
    w.rev = this.nextRev();
  }

  /** Adds points that begin at seq `start`: drops those already held, flags a gap. */
  private extend(trace: ClientTrace, start: number, x: (number | null)[], y: (number | null)[], t: number[]): void {
    if (start > trace.cursor) {
      this.resubscribe = true;
      return;
    }
    const held = trace.x.length;
    for (let i = trace.cursor - start; i < x.length; i++) {
      trace.x.push(x[i]!);
      trace.y.push(y[i]!);
      trace.t.push(t[i]!);
    }
    trace.cursor = Math.max(trace.cursor, start + x.length);
    // Once, on crossing: the fresh view replaces the trace when the snapshot comes.
    if (held <= MAX_HELD_POINTS && trace.x.length > MAX_HELD_POINTS) this.resubscribe = true;
  }

  private changed(layout = true): void {
    this.rev++;
    if (layout) this.layoutRev++;
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      for (const fn of [...this.listeners]) fn();
    });
  }
}

function emptyTrace(id: number, name: string): ClientTrace {
  return { id, name, x: [], y: [], t: [], cursor: 0, decimated: false };
}

/** The env list with `changed` entries replaced or added and `removed` ids dropped, sorted by id as the server lists it. */
export function applyEnvsDelta(envs: EnvSummary[], changed: EnvSummary[], removed: string[]): EnvSummary[] {
  const drop = new Set([...removed, ...changed.map((e) => e.id)]);
  return envs
    .filter((e) => !drop.has(e.id))
    .concat(changed)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
