/**
 * Read side: windows with their data, as the read API and the socket send them.
 * Traces of one window share one x range so their buckets line up.
 */
import type { TraceData, WindowInfo, WindowSnapshot } from '../protocol/index.js';
import type { Store, TraceRow } from './store/store.js';

export const DEFAULT_BUCKETS = 2000;
/** A resuming client gets exact missing points when it is at most this far behind; otherwise a fresh view. */
export const RESUME_LIMIT = 100_000;

export interface ViewOptions {
  buckets?: number;
  x0?: number;
  x1?: number;
  until?: number;
  /** Points the client already holds, by trace id. */
  cursors?: Record<string, number>;
}

export function traceView(store: Store, trace: TraceRow, x0: number | undefined, x1: number | undefined, o: ViewOptions): TraceData {
  const have = o.cursors?.[String(trace.id)];
  if (have !== undefined && o.until === undefined && have <= trace.n && trace.n - have <= RESUME_LIMIT) {
    return { id: trace.id, name: trace.name, start: have, end: trace.n, decimated: false, ...store.series.readSeq(trace.id, have, trace.n) };
  }
  const view = store.series.view(trace, { x0, x1, buckets: o.buckets ?? DEFAULT_BUCKETS, until: o.until });
  return { id: trace.id, name: trace.name, start: 0, end: trace.n, ...view };
}

/** Every trace's data for a window, over the window-wide x range unless one is given. */
export function windowData(store: Store, env: string, win: string, o: ViewOptions = {}): TraceData[] {
  const traces = store.traces(env, win);
  let x0 = o.x0;
  let x1 = o.x1;
  for (const t of traces) {
    if (o.x0 === undefined && t.xmin !== null && (x0 === undefined || t.xmin < x0)) x0 = t.xmin;
    if (o.x1 === undefined && t.xmax !== null && (x1 === undefined || t.xmax > x1)) x1 = t.xmax;
  }
  return traces.map((t) => traceView(store, t, x0, x1, o));
}

export function windowSnapshot(store: Store, env: string, info: WindowInfo, o: ViewOptions = {}): WindowSnapshot {
  return { ...info, data: windowData(store, env, info.id, o) };
}
