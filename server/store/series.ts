/**
 * Points of traces: appends in O(points appended) and reads by seq range or as a
 * decimated view, without scanning a whole trace.
 */
import type { Db } from './db.js';
import {
  CHUNK_POINTS, floats, sealChunk, toBuffer, SUMMARY_FLOATS, S_MARKS, S_N, S_SEQ0, S_T0, S_T1, S_XMAX, S_XMIN,
  type Points, type SealedChunk,
} from './chunk.js';
import { M4, type Columns } from './decimate.js';
import { SummaryBlocks } from './summary-blocks.js';
import { SummaryCache, type Summaries } from './summaries.js';

export interface SeriesOptions {
  /** Points per sealed chunk (only for measuring other sizes; reads work with any mix). */
  chunkPoints?: number;
  /** Most chunk summaries kept in memory, over all traces. */
  maxCachedChunks?: number;
}

/** The trace fields the series code reads and maintains. */
export interface TraceState {
  id: number;
  n: number;
  sealed: number;
  xmin: number | null;
  xmax: number | null;
  ymin: number | null;
  ymax: number | null;
  last_t: number;
}

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

/** Above this many candidate points, a view is decimated from chunk marks instead of decoding every point. */
const DECODE_ALL_LIMIT = 65536;

export class SeriesStore {
  private readonly insertTail;
  private readonly selectTail;
  private readonly selectTailRange;
  private readonly deleteTail;
  private readonly insertChunk;
  private readonly selectChunkData;
  private readonly selectChunkRange;
  private readonly updateTrace;
  private readonly blocks: SummaryBlocks;
  private readonly summaries: SummaryCache;
  private readonly chunkPoints: number;

  constructor(db: Db, options: SeriesOptions = {}) {
    this.chunkPoints = options.chunkPoints ?? CHUNK_POINTS;
    this.insertTail = db.prepare('INSERT INTO tail (trace_id, seq, x, y, t) VALUES (?, ?, ?, ?, ?)');
    this.selectTail = db.prepare('SELECT seq, x, y, t FROM tail WHERE trace_id = ? ORDER BY seq').raw();
    this.selectTailRange = db
      .prepare('SELECT seq, x, y, t FROM tail WHERE trace_id = ? AND seq >= ? AND seq < ? ORDER BY seq')
      .raw();
    this.deleteTail = db.prepare('DELETE FROM tail WHERE trace_id = ?');
    this.insertChunk = db.prepare(
      'INSERT INTO chunks (trace_id, seq0, n, xmin, xmax, t0, t1, marks, xs, ys, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectChunkData = db.prepare('SELECT xs, ys, ts FROM chunks WHERE trace_id = ? AND seq0 = ?').raw();
    // The first chunk is the last one starting at or before `from`; the index then walks forward.
    this.selectChunkRange = db
      .prepare(
        `SELECT seq0, xs, ys, ts FROM chunks WHERE trace_id = @id AND seq0 < @to
           AND seq0 >= coalesce((SELECT max(seq0) FROM chunks WHERE trace_id = @id AND seq0 <= @from), 0)
         ORDER BY seq0`,
      )
      .raw();
    this.updateTrace = db.prepare(
      'UPDATE traces SET n = ?, sealed = ?, xmin = ?, xmax = ?, ymin = ?, ymax = ?, last_t = ? WHERE id = ?',
    );
    const blocks = (this.blocks = new SummaryBlocks(db));
    this.summaries = new SummaryCache((traceId, from) => blocks.load(traceId, from), options.maxCachedChunks);
  }

  /**
   * Appends points (y NaN = gap) with their times: one per point, or one time for all
   * (ms since the epoch; times need not be sorted). Must run inside the caller's
   * transaction. Updates `trace` in place and returns the seq of the first new point.
   */
  append(trace: TraceState, x: ArrayLike<number>, y: ArrayLike<number>, t: ArrayLike<number> | number): number {
    const start = trace.n;
    const k = x.length;
    if (k === 0) return start;
    const tailCount = trace.n - trace.sealed;
    if (tailCount + k < this.chunkPoints) {
      for (let i = 0; i < k; i++) {
        const yi = y[i]!;
        const xi = x[i]!;
        this.insertTail.run(trace.id, start + i, Number.isNaN(xi) ? null : xi, Number.isNaN(yi) ? null : yi, typeof t === 'number' ? t : t[i]);
      }
    } else {
      this.sealWith(trace, tailCount, x, y, t);
    }
    this.extendRanges(trace, x, y);
    trace.n += k;
    trace.last_t = typeof t === 'number' ? t : t[k - 1]!;
    this.updateTrace.run(trace.n, trace.sealed, trace.xmin, trace.xmax, trace.ymin, trace.ymax, trace.last_t, trace.id);
    return start;
  }

  /** Joins the tail with new points, writes every full chunk, and leaves the remainder as the new tail. */
  private sealWith(trace: TraceState, tailCount: number, x: ArrayLike<number>, y: ArrayLike<number>, t: ArrayLike<number> | number): void {
    const total = tailCount + x.length;
    const p: Points = { x: new Float64Array(total), y: new Float64Array(total), t: new Float64Array(total) };
    let i = 0;
    for (const [, tx, ty, tt] of this.selectTail.iterate(trace.id) as Iterable<[number, number | null, number | null, number]>) {
      p.x[i] = tx ?? NaN;
      p.y[i] = ty ?? NaN;
      p.t[i] = tt;
      i++;
    }
    for (let j = 0; j < x.length; j++, i++) {
      p.x[i] = x[j]!;
      p.y[i] = y[j]!;
      p.t[i] = typeof t === 'number' ? t : t[j]!;
    }
    this.deleteTail.run(trace.id);
    let from = 0;
    const sealed: SealedChunk[] = [];
    for (; from + this.chunkPoints <= total; from += this.chunkPoints) {
      const c = sealChunk(trace.sealed + from, p, from, from + this.chunkPoints);
      this.insertChunk.run(trace.id, c.seq0, c.n, c.xmin, c.xmax, c.t0, c.t1, toBuffer(c.marks), c.xs, c.ys, c.ts);
      sealed.push(c);
    }
    this.blocks.append(trace.id, sealed);
    const base = trace.sealed;
    trace.sealed += from;
    for (let j = from; j < total; j++) {
      const xj = p.x[j]!;
      const yj = p.y[j]!;
      this.insertTail.run(trace.id, base + j, Number.isNaN(xj) ? null : xj, Number.isNaN(yj) ? null : yj, p.t[j]);
    }
  }

  private extendRanges(trace: TraceState, x: ArrayLike<number>, y: ArrayLike<number>): void {
    let { xmin, xmax, ymin, ymax } = trace;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      if (Number.isNaN(xi)) continue;
      if (xmin === null || xi < xmin) xmin = xi;
      if (xmax === null || xi > xmax) xmax = xi;
      const yi = y[i]!;
      if (Number.isNaN(yi)) continue;
      if (ymin === null || yi < ymin) ymin = yi;
      if (ymax === null || yi > ymax) ymax = yi;
    }
    Object.assign(trace, { xmin, xmax, ymin, ymax });
  }

  /** Every point with seq in [from, to), exact, in order. */
  readSeq(traceId: number, from: number, to: number): Columns {
    const out: Columns = { x: [], y: [], t: [] };
    if (to <= from) return out;
    for (const [seq0, xs, ys, ts] of this.selectChunkRange.iterate({ id: traceId, from, to }) as Iterable<[number, Buffer, Buffer, Buffer]>) {
      const x = floats(xs);
      const y = floats(ys);
      const t = floats(ts);
      const a = Math.max(0, from - seq0);
      const b = Math.min(x.length, to - seq0);
      for (let i = a; i < b; i++) pushPoint(out, x[i]!, y[i]!, t[i]!);
    }
    for (const [, x, y, t] of this.selectTailRange.all(traceId, from, to) as [number, number | null, number | null, number][]) {
      pushPoint(out, x ?? NaN, y ?? NaN, t);
    }
    return out;
  }

  /** Forgets cached summaries: of one trace, or (no argument) of all. The store calls this when points are deleted or a transaction fails. */
  forget(traceId?: number): void {
    if (traceId === undefined) this.summaries.clear();
    else this.summaries.drop(traceId);
  }

  /**
   * The points of a trace in [x0, x1] (received in [since, until]): exact when they number
   * at most `buckets`, otherwise min/max decimated. Chunks that lie inside one bucket
   * are merged from their cached marks; only chunks that straddle a bucket edge or
   * the range ends are decoded.
   */
  view(trace: TraceState, req: ViewRequest): View {
    const empty: View = { x: [], y: [], t: [], decimated: false };
    if (trace.n === 0 || trace.xmin === null || trace.xmax === null) return empty;
    const x0 = req.x0 ?? trace.xmin;
    const x1 = req.x1 ?? trace.xmax;
    const until = req.until ?? Infinity;
    const since = req.since ?? -Infinity;
    if (x1 < x0) return empty;

    const sum = this.summaries.get(trace.id, trace.sealed);
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
    const tail = this.tailColumns(trace.id);
    // A path (Visdom's quiver and stem: x goes back, or breaks with no x) means nothing in min/max
    // buckets over x: it is sent whole while it is small enough to decode at once.
    const path = isPath(sum, tail);
    const maybeFew = (insidePoints <= req.buckets || path) && insidePoints + partialPoints <= DECODE_ALL_LIMIT;
    if (maybeFew) {
      const exact = this.collect(trace.id, sum, [...inside, ...partial].sort((a, b) => a - b), tail, x0, x1, since, until);
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
    for (const i of decode) {
      const c = this.chunkData(trace.id, sum.records[i * SUMMARY_FLOATS + S_SEQ0]!);
      found += m4.addRun(c.seq0, c.x, c.y, c.t, 0, c.x.length, x0, x1, since, until);
    }
    found += m4.addRun(tail.seq0, tail.x, tail.y, tail.t, 0, tail.x.length, x0, x1, since, until);
    if (found <= req.buckets && !maybeFew) {
      // Few points after all (they sat in chunks that only partly overlap the range): exact.
      const all = [...inside, ...partial].sort((a, b) => a - b);
      return { ...this.collect(trace.id, sum, all, tail, x0, x1, since, until), decimated: false };
    }
    return { ...m4.result(), decimated: true };
  }

  /** Count and x extent of the points received in [since, until]; null when there are none. */
  extentBetween(trace: TraceState, since: number, until: number): { n: number; xmin: number; xmax: number } | null {
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
    const sum = this.summaries.get(trace.id, trace.sealed);
    for (let i = 0; i < sum.count; i++) {
      // Not `break`: trainer times (T) need not grow with seq.
      if (sum.records[i * SUMMARY_FLOATS + S_T0]! > until || sum.records[i * SUMMARY_FLOATS + S_T1]! < since) continue;
      if (sum.records[i * SUMMARY_FLOATS + S_T1]! <= until && sum.records[i * SUMMARY_FLOATS + S_T0]! >= since) {
        n += sum.records[i * SUMMARY_FLOATS + S_N]!;
        xmin = Math.min(xmin, sum.records[i * SUMMARY_FLOATS + S_XMIN]!);
        xmax = Math.max(xmax, sum.records[i * SUMMARY_FLOATS + S_XMAX]!);
      } else {
        take(this.chunkData(trace.id, sum.records[i * SUMMARY_FLOATS + S_SEQ0]!));
      }
    }
    take(this.tailColumns(trace.id));
    return n === 0 ? null : { n, xmin, xmax };
  }

  /** Every point of the given chunks and the tail in the range, in seq order. */
  private collect(traceId: number, sum: Summaries, chunks: number[], tail: ChunkColumns, x0: number, x1: number, since: number, until: number): Columns {
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
    for (const i of chunks) take(this.chunkData(traceId, sum.records[i * SUMMARY_FLOATS + S_SEQ0]!));
    take(tail);
    return out;
  }

  private chunkData(traceId: number, seq0: number): ChunkColumns {
    const row = this.selectChunkData.get(traceId, seq0) as [Buffer, Buffer, Buffer];
    return { seq0, x: floats(row[0]), y: floats(row[1]), t: floats(row[2]) };
  }

  /** The tail (the newest, unsealed points) as columns. */
  private tailColumns(traceId: number): ChunkColumns {
    const rows = this.selectTail.all(traceId) as [number, number | null, number | null, number][];
    const c: ChunkColumns = {
      seq0: rows.length > 0 ? rows[0]![0] : 0,
      x: new Float64Array(rows.length),
      y: new Float64Array(rows.length),
      t: new Float64Array(rows.length),
    };
    rows.forEach(([, x, y, t], i) => {
      c.x[i] = x ?? NaN;
      c.y[i] = y ?? NaN;
      c.t[i] = t;
    });
    return c;
  }
}

/** Decoded points of one chunk (or of the tail): point i has seq seq0 + i. */
interface ChunkColumns {
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

function pushPoint(out: Columns, x: number, y: number, t: number): void {
  out.x.push(Number.isNaN(x) ? null : x);
  out.y.push(Number.isNaN(y) ? null : y);
  out.t.push(t);
}
