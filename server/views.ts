/**
 * Read side: windows with their data, as the read API and the socket send them.
 * Traces of one window share one x range so their buckets line up. With `until`,
 * everything is as it was at that moment (replay).
 */
import type { TraceData, WindowInfo, WindowSnapshot } from '../protocol/index.js';
import type { StoreReader, TraceRow } from './store/store.js';

export const DEFAULT_BUCKETS = 2000;
/** A resuming client gets exact missing points when it is at most this far behind; otherwise a fresh view. */
export const RESUME_LIMIT = 100_000;

export interface ViewOptions {
  buckets?: number;
  x0?: number;
  x1?: number;
  /** Only what was received at or before this time (ms since the epoch). */
  until?: number;
  /** Only what was received at or after this time (a zoom on a time axis). */
  since?: number;
  /** Points the client already holds, by trace id. */
  cursors?: Record<string, number>;
}

interface Extent {
  n: number;
  xmin: number;
  xmax: number;
}

async function extent(store: StoreReader, t: TraceRow, o: ViewOptions): Promise<Extent | null> {
  if (o.until !== undefined || o.since !== undefined) return store.extentBetween(t, o.since ?? -Infinity, o.until ?? Infinity);
  return t.n === 0 ? null : { n: t.n, xmin: t.xmin!, xmax: t.xmax! };
}

async function traceView(store: StoreReader, trace: TraceRow, end: number, x0: number | undefined, x1: number | undefined, o: ViewOptions): Promise<TraceData> {
  const head = { id: trace.id, name: trace.name, end };
  if (end === 0) return { ...head, start: 0, decimated: false, x: [], y: [], t: [] };
  const have = o.cursors?.[String(trace.id)];
  if (have !== undefined && o.until === undefined && o.since === undefined && have <= end && end - have <= RESUME_LIMIT) {
    return { ...head, start: have, decimated: false, ...(await store.readSeq(trace.id, have, end)) };
  }
  return { ...head, start: 0, ...(await store.view(trace, { x0, x1, buckets: o.buckets ?? DEFAULT_BUCKETS, until: o.until, since: o.since })) };
}

/** Every trace's data for a window, over the window-wide x range unless one is given. */
export async function windowData(store: StoreReader, env: string, win: string, o: ViewOptions = {}): Promise<TraceData[]> {
  const traces = await store.traces(env, win);
  const extents: (Extent | null)[] = [];
  for (const t of traces) extents.push(await extent(store, t, o));
  // An infinite bound leaves that side open: the data's own extent bounds it.
  const open0 = o.x0 === undefined || o.x0 === -Infinity;
  const open1 = o.x1 === undefined || o.x1 === Infinity;
  let x0 = open0 ? undefined : o.x0;
  let x1 = open1 ? undefined : o.x1;
  for (const e of extents) {
    if (!e) continue;
    if (open0 && (x0 === undefined || e.xmin < x0)) x0 = e.xmin;
    if (open1 && (x1 === undefined || e.xmax > x1)) x1 = e.xmax;
  }
  const out: TraceData[] = [];
  for (const [i, t] of traces.entries()) out.push(await traceView(store, t, extents[i]?.n ?? 0, x0, x1, o));
  return out;
}

export async function windowSnapshot(store: StoreReader, env: string, info: WindowInfo, o: ViewOptions = {}): Promise<WindowSnapshot> {
  return { ...info, data: await windowData(store, env, info.id, o) };
}

/** The env's windows with their data; with `until`, only windows that existed then, as they were. */
export async function envSnapshot(store: StoreReader, env: string, o: ViewOptions = {}): Promise<WindowSnapshot[]> {
  const windows = o.until === undefined ? await store.windows(env) : await store.windowsAt(env, o.until);
  const out: WindowSnapshot[] = [];
  for (const w of windows) out.push(await windowSnapshot(store, env, w, o));
  return out;
}
