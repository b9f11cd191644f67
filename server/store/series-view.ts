/**
 * Reads of a trace's points that decimate, over its summary levels (summary-read.ts), as
 * pure logic both stores share through a ChunkSource: the M4 view of a range and the
 * extent of a time window.
 *
 * A decimated read of N points into B buckets takes whole any record (at any level)
 * that lies inside the range and inside one bucket, merging its marks, and opens only
 * the records that straddle a bucket edge or the range ends: O(B × levels × FANOUT)
 * records, and only the chunks under an edge are decoded. The result is exact M4:
 * each bucket's first, last, min and max (and first gap).
 *
 * A read is a generator that yields the seq0s of the chunks it needs and is resumed
 * with their columns. A pass over what is at hand returns null when it lacked summary
 * blocks or chunks (`complete`, `have`); series-read.ts fetches all it lacked at once
 * and runs the pass again.
 */
import { M4, type Columns } from './decimate.js';
import { SUMMARY_FLOATS, S_MARKS, S_N, S_SEQ0, S_T0, S_T1, S_XMAX, S_XMIN } from './chunk.js';
import type { TraceState } from './series.js';
import type { SummaryIndex, Visit } from './summary-read.js';

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

/** Where a read gets a trace's summaries, tail and chunks. */
export interface ChunkSource {
  summaries(trace: TraceState): SummaryIndex;
  /** Whether every summary block the walks so far needed was there; false asks the caller to fetch them and run again. */
  complete(): boolean;
  /** The tail (the newest, unsealed points) as columns. */
  tail(traceId: number): ChunkColumns;
  /** Whether the chunks starting at these seqs can be read now; false asks the caller to fetch them and run again. */
  have(traceId: number, seq0s: number[]): boolean;
  chunk(traceId: number, seq0: number): ChunkColumns;
}

/**
 * The points of a trace in [x0, x1] (received in [since, until]): exact when they number
 * at most `buckets`, otherwise min/max decimated. Null when `src` lacks chunks it needs
 * (fetch them, then call again).
 */
export function viewOf(src: ChunkSource, trace: TraceState, req: ViewRequest): View | null {
  const empty: View = { x: [], y: [], t: [], decimated: false };
  if (trace.n === 0 || trace.xmin === null || trace.xmax === null) return empty;
  const q = { x0: req.x0 ?? trace.xmin, x1: req.x1 ?? trace.xmax, until: req.until ?? Infinity, since: req.since ?? -Infinity, buckets: req.buckets };
  if (q.x1 < q.x0) return empty;
  return drive(src, trace.id, () => viewSteps(src.summaries(trace), src.tail(trace.id), q));
}

/** Count and x extent of the points received in [since, until] (null when none), or null itself when `src` lacks chunks. */
export function extentOf(src: ChunkSource, trace: TraceState, since: number, until: number): { extent: { n: number; xmin: number; xmax: number } | null } | null {
  return drive(src, trace.id, () => wrap(extentSteps(src.summaries(trace), src.tail(trace.id), since, until)));
}

function* wrap<T>(steps: Steps<T>): Steps<{ extent: T }> {
  return { extent: yield* steps };
}

/** Runs steps against a source; null as soon as it lacks the summary blocks or chunks a step needs. */
function drive<T>(src: ChunkSource, traceId: number, start: () => Steps<T>): T | null {
  const steps = start();
  let r = steps.next(undefined as unknown as ChunkColumns[]);
  while (!r.done) {
    if (!src.complete()) return null;
    if (!src.have(traceId, r.value)) return null;
    r = steps.next(r.value.map((seq0) => src.chunk(traceId, seq0)));
  }
  return src.complete() ? r.value : null;
}

/** Decoded points of one chunk (or of the tail): point i has seq seq0 + i. */
export interface ChunkColumns {
  seq0: number;
  x: Float64Array;
  y: Float64Array;
  t: Float64Array;
}

export interface ViewRange {
  x0: number;
  x1: number;
  since: number;
  until: number;
  buckets: number;
}

export interface View extends Columns {
  decimated: boolean;
}

/** Yields the seq0s of chunks to decode, resumed with their columns in the same order. */
export type Steps<T> = Generator<number[], T, ChunkColumns[]>;

/** Above this many candidate points, a view is decimated from summaries instead of decoding every point. */
export const DECODE_ALL_LIMIT = 65536;

/** Where a record lies against the range: outside it, wholly inside it, or partly. */
function place(r: Float64Array, o: number, q: ViewRange): Visit {
  if (r[o + S_XMAX]! < q.x0 || r[o + S_XMIN]! > q.x1 || r[o + S_T0]! > q.until || r[o + S_T1]! < q.since) return 'skip';
  if (r[o + S_XMIN]! >= q.x0 && r[o + S_XMAX]! <= q.x1 && r[o + S_T1]! <= q.until && r[o + S_T0]! >= q.since) return 'take';
  return 'open';
}

/** The seq0s of every chunk that overlaps the range, in seq order. */
function overlapping(tree: SummaryIndex, q: ViewRange): number[] {
  const out: number[] = [];
  tree.walk(
    (_L, r, o) => (place(r, o, q) === 'skip' ? 'skip' : 'open'),
    (r, o) => out.push(r[o + S_SEQ0]!),
  );
  return out;
}

/** Whether the sealed chunks and then the tail make a path (x goes back, or a break with no x). */
export function isPath(tree: SummaryIndex, tail: ChunkColumns): boolean {
  if (tree.goesBack()) return true;
  let prev = tree.xReach();
  for (let j = 0; j < tail.x.length; j++) {
    const x = tail.x[j]!;
    if (Number.isNaN(x) || x < prev) return true;
    prev = x;
  }
  return false;
}

/** The points of a trace in the range: exact when they number at most `buckets` (or the trace is a path), otherwise M4. */
export function* viewSteps(tree: SummaryIndex, tail: ChunkColumns, q: ViewRange): Steps<View> {
  let insidePoints = 0;
  let partialPoints = 0;
  tree.walk(
    (_L, r, o) => {
      const p = place(r, o, q);
      if (p === 'take') insidePoints += r[o + S_N]!;
      return p;
    },
    (r, o) => (partialPoints += r[o + S_N]!),
  );
  const path = isPath(tree, tail);
  const maybeFew = (insidePoints <= q.buckets || path) && insidePoints + partialPoints <= DECODE_ALL_LIMIT;
  if (maybeFew) {
    const exact = collect(yield overlapping(tree, q), tail, q);
    if (exact.x.length <= q.buckets || path) return { ...exact, decimated: false };
  }

  const m4 = new M4(q.x0, q.x1, q.buckets);
  let found = 0;
  const decode: number[] = [];
  tree.walk(
    (_L, r, o) => {
      const p = place(r, o, q);
      if (p !== 'take') return p;
      const b = m4.bucketOf(r[o + S_XMIN]!);
      if (b !== m4.bucketOf(r[o + S_XMAX]!)) return 'open';
      m4.addMarks(b, r.subarray(o + S_MARKS, o + SUMMARY_FLOATS));
      found += r[o + S_N]!;
      return 'take';
    },
    (r, o) => decode.push(r[o + S_SEQ0]!),
  );
  for (const c of decode.length > 0 ? yield decode : []) found += m4.addRun(c.seq0, c.x, c.y, c.t, 0, c.x.length, q.x0, q.x1, q.since, q.until);
  found += m4.addRun(tail.seq0, tail.x, tail.y, tail.t, 0, tail.x.length, q.x0, q.x1, q.since, q.until);
  if (found <= q.buckets && !maybeFew) {
    // Few points after all (they sat in chunks that only partly overlap the range): exact.
    return { ...collect(yield overlapping(tree, q), tail, q), decimated: false };
  }
  return { ...m4.result(), decimated: true };
}

/** Count and x extent of the points received in [since, until]; null when there are none. */
export function* extentSteps(tree: SummaryIndex, tail: ChunkColumns, since: number, until: number): Steps<{ n: number; xmin: number; xmax: number } | null> {
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
  const decode: number[] = [];
  tree.walk(
    (_L, r, o) => {
      // Trainer times (T) need not grow with seq: every level is checked, never cut short.
      if (r[o + S_T0]! > until || r[o + S_T1]! < since) return 'skip';
      if (r[o + S_T1]! > until || r[o + S_T0]! < since) return 'open';
      n += r[o + S_N]!;
      xmin = Math.min(xmin, r[o + S_XMIN]!);
      xmax = Math.max(xmax, r[o + S_XMAX]!);
      return 'take';
    },
    (r, o) => decode.push(r[o + S_SEQ0]!),
  );
  if (decode.length > 0) for (const c of yield decode) take(c);
  take(tail);
  return n === 0 ? null : { n, xmin, xmax };
}

/** Every point of the given chunks and the tail in the range, in seq order. */
function collect(chunks: ChunkColumns[], tail: ChunkColumns, q: ViewRange): Columns {
  const out: Columns = { x: [], y: [], t: [] };
  // A break with no x (NaN) is kept when the point before it was: it separates what it separated.
  let prevKept = false;
  const take = (c: ChunkColumns) => {
    for (let j = 0; j < c.x.length; j++) {
      const x = c.x[j]!;
      const inTime = c.t[j]! >= q.since && c.t[j]! <= q.until;
      const keep = inTime && (Number.isNaN(x) ? prevKept : x >= q.x0 && x <= q.x1);
      if (keep) pushPoint(out, x, c.y[j]!, c.t[j]!);
      prevKept = keep;
    }
  };
  for (const c of chunks) take(c);
  take(tail);
  return out;
}

export function pushPoint(out: Columns, x: number, y: number, t: number): void {
  out.x.push(Number.isNaN(x) ? null : x);
  out.y.push(Number.isNaN(y) ? null : y);
  out.t.push(t);
}
