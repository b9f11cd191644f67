/**
 * Reads of a trace's points that decimate: the M4 view of a range and the extent of a
 * time window, computed from chunk summaries, the tail, and the few chunks that
 * straddle bucket edges. Shared by both stores through a ChunkSource: SQLite reads
 * a chunk when asked; Postgres fetches the chunks a pass asked for in one round
 * trip and runs the pass again (`have` answers false until they are there).
 */
import { SUMMARY_FLOATS, S_MARKS, S_N, S_SEQ0, S_T0, S_T1, S_XMAX, S_XMIN } from './chunk.js';
import { M4, type Columns } from './decimate.js';
import type { TraceState } from './series.js';
import type { Summaries } from './summaries.js';

export interface ViewRequest {
  /** Inclusive x range; defaults to the trace's own range. */
  x0?: number;
  x1?: number;
  buckets: number;
  /** Only points received at or before this time. */
  until?: number;
  /** Only points received at or after this time (a zoom on a time axis). */
  since?: number;
}

export interface View extends Columns {
  decimated: boolean;
}

/** Where a read gets a trace's summaries, tail and chunks. */
export interface ChunkSource {
  summaries(trace: TraceState): Summaries;
  /** The tail (the newest, unsealed points) as columns. */
  tail(traceId: number): ChunkColumns;
  /** Whether the chunks starting at these seqs can be read now; false asks the caller to fetch them and run again. */
  have(traceId: number, seq0s: number[]): boolean;
  chunk(traceId: number, seq0: number): ChunkColumns;
}

/** Above this many candidate points, a view is decimated from chunk marks instead of decoding every point. */
const DECODE_ALL_LIMIT = 65536;

/**
 * The points of a trace in [x0, x1] (received in [since, until]): exact when they number
 * at most `buckets`, otherwise min/max decimated. Chunks that lie inside one bucket
 * are merged from their cached marks; only chunks that straddle a bucket edge or
 * the range ends are decoded. Null when `src` lacks chunks it needs (fetch, then call again).
 */
export function viewOf(src: ChunkSource, trace: TraceState, req: ViewRequest): View | null {
  const empty: View = { x: [], y: [], t: [], decimated: false };
  if (trace.n === 0 || trace.xmin === null || trace.xmax === null) return empty;
  const x0 = req.x0 ?? trace.xmin;
  const x1 = req.x1 ?? trace.xmax;
  const until = req.until ?? Infinity;
  const since = req.since ?? -Infinity;
  if (x1 < x0) return empty;

  const sum = src.summaries(trace);
  // Chunks that overlap the range: wholly inside it (count known) or partly (count unknown until decoded).
  const inside: number[] = [];
  const partial: number[] = [];
  let insidePoints = 0;
  let partialPoints = 0;
  for (let i = 0; i < sum.count; i++) {
    if (sum.records[i * SUMMARY_FLOATS + S_XMAX]! < x0 || sum.records[i * SUMMARY_FLOATS + S_XMIN]! > x1 || sum.records[i * SUMMARY_FLOATS + S_T0]! > until || sum.records[i * SUMMARY_FLOATS + S_T1]! < since) continue;
    if (sum.records[i * SUMMARY_FLOATS + S_XMIN]! >= x0 && sum.records[i * SUMMARY_FLOATS + S_XMAX]! <= x1 && sum.records[i * SUMMARY_FLOATS + S_T1]! <= until && sum.records[i * SUMMARY_FLOATS + S_T0]! >= since) {
      inside.push(i);
      insidePoints += sum.records[i * SUMMARY_FLOATS + S_N]!;
    } else {
      partial.push(i);
      partialPoints += sum.records[i * SUMMARY_FLOATS + S_N]!;
    }
  }
  const tail = src.tail(trace.id);
  // A path (Visdom's quiver and stem: x goes back, or breaks with no x) means nothing in min/max
  // buckets over x: it is sent whole while it is small enough to decode at once.
  const path = isPath(sum, tail);
  const maybeFew = (insidePoints <= req.buckets || path) && insidePoints + partialPoints <= DECODE_ALL_LIMIT;
  const seq0s = (chunks: number[]) => chunks.map((i) => sum.records[i * SUMMARY_FLOATS + S_SEQ0]!);
  if (maybeFew) {
    const all = [...inside, ...partial].sort((a, b) => a - b);
    if (!src.have(trace.id, seq0s(all))) return null;
    const exact = collect(src, trace.id, sum, all, tail, x0, x1, since, until);
    if (exact.x.length <= req.buckets || path) return { ...exact, decimated: false };
  }

  const m4 = new M4(x0, x1, req.buckets);
  let found = 0;
  const decode = [...partial];
  for (const i of inside) {
    const b = m4.bucketOf(sum.records[i * SUMMARY_FLOATS + S_XMIN]!);
    if (b === m4.bucketOf(sum.records[i * SUMMARY_FLOATS + S_XMAX]!)) {
      m4.addMarks(b, sum.records.subarray(i * SUMMARY_FLOATS + S_MARKS, (i + 1) * SUMMARY_FLOATS));
      found += sum.records[i * SUMMARY_FLOATS + S_N]!;
    } else {
      decode.push(i);
    }
  }
  decode.sort((a, b) => a - b);
  if (!src.have(trace.id, seq0s(decode))) return null;
  for (const i of decode) {
    const c = src.chunk(trace.id, sum.records[i * SUMMARY_FLOATS + S_SEQ0]!);
    found += m4.addRun(c.seq0, c.x, c.y, c.t, 0, c.x.length, x0, x1, since, until);
  }
  found += m4.addRun(tail.seq0, tail.x, tail.y, tail.t, 0, tail.x.length, x0, x1, since, until);
  if (found <= req.buckets && !maybeFew) {
    // Few points after all (they sat in chunks that only partly overlap the range): exact.
    const all = [...inside, ...partial].sort((a, b) => a - b);
    if (!src.have(trace.id, seq0s(all))) return null;
    return { ...collect(src, trace.id, sum, all, tail, x0, x1, since, until), decimated: false };
  }
  return { ...m4.result(), decimated: true };
}

/** Count and x extent of the points received in [since, until] (null when none), or null itself when `src` lacks chunks. */
export function extentOf(src: ChunkSource, trace: TraceState, since: number, until: number): { extent: { n: number; xmin: number; xmax: number } | null } | null {
  let n = 0;
  let xmin = Infinity;
  let xmax = -Infinity;
  const take = (c: ChunkColumns) => {
    for (let j = 0; j < c.x.length; j++) {
      if (c.t[j]! > until || c.t[j]! < since) continue;
      const x = c.x[j]!;
      n++;
      if (x < xmin) xmin = x;
      if (x > xmax) xmax = x;
    }
  };
  const sum = src.summaries(trace);
  const decode: number[] = [];
  for (let i = 0; i < sum.count; i++) {
    // Not `break`: trainer times (T) need not grow with seq.
    if (sum.records[i * SUMMARY_FLOATS + S_T0]! > until || sum.records[i * SUMMARY_FLOATS + S_T1]! < since) continue;
    if (sum.records[i * SUMMARY_FLOATS + S_T1]! <= until && sum.records[i * SUMMARY_FLOATS + S_T0]! >= since) {
      n += sum.records[i * SUMMARY_FLOATS + S_N]!;
      xmin = Math.min(xmin, sum.records[i * SUMMARY_FLOATS + S_XMIN]!);
      xmax = Math.max(xmax, sum.records[i * SUMMARY_FLOATS + S_XMAX]!);
    } else {
      decode.push(sum.records[i * SUMMARY_FLOATS + S_SEQ0]!);
    }
  }
  if (!src.have(trace.id, decode)) return null;
  for (const seq0 of decode) take(src.chunk(trace.id, seq0));
  take(src.tail(trace.id));
  return { extent: n === 0 ? null : { n, xmin, xmax } };
}

/** Every point of the given chunks and the tail in the range, in seq order. */
function collect(src: ChunkSource, traceId: number, sum: Summaries, chunks: number[], tail: ChunkColumns, x0: number, x1: number, since: number, until: number): Columns {
  const out: Columns = { x: [], y: [], t: [] };
  // A break with no x (NaN) is kept when the point before it was: it separates what it separated.
  let prevKept = false;
  const take = (c: ChunkColumns) => {
    for (let j = 0; j < c.x.length; j++) {
      const x = c.x[j]!;
      const inTime = c.t[j]! >= since && c.t[j]! <= until;
      const keep = inTime && (Number.isNaN(x) ? prevKept : x >= x0 && x <= x1);
      if (keep) pushPoint(out, x, c.y[j]!, c.t[j]!);
      prevKept = keep;
    }
  };
  for (const i of chunks) take(src.chunk(traceId, sum.records[i * SUMMARY_FLOATS + S_SEQ0]!));
  take(tail);
  return out;
}

/** Decoded points of one chunk (or of the tail): point i has seq seq0 + i. */
export interface ChunkColumns {
  seq0: number;
  x: Float64Array;
  y: Float64Array;
  t: Float64Array;
}

/**
 * Whether a trace is drawn as a path rather than a function of x: its x goes back
 * somewhere (chunks that overlap in x, or a step back in the tail) or it holds breaks
 * with no x. Read from the chunk summaries and the in-memory tail only.
 */
function isPath(sum: Summaries, tail: ChunkColumns): boolean {
  let prevMax = -Infinity;
  for (let i = 0; i < sum.count; i++) {
    const lo = sum.records[i * SUMMARY_FLOATS + S_XMIN]!;
    if (lo < prevMax) return true;
    prevMax = Math.max(prevMax, sum.records[i * SUMMARY_FLOATS + S_XMAX]!);
  }
  let prev = prevMax;
  for (let j = 0; j < tail.x.length; j++) {
    const x = tail.x[j]!;
    if (Number.isNaN(x) || x < prev) return true;
    prev = x;
  }
  return false;
}

export function pushPoint(out: Columns, x: number, y: number, t: number): void {
  out.x.push(Number.isNaN(x) ? null : x);
  out.y.push(Number.isNaN(y) ? null : y);
  out.t.push(t);
}
