/**
 * Points of traces: appends in O(points appended) and reads by seq range or as a
 * decimated view, without scanning a whole trace.
 */
import type { Db } from './db.js';
import { CHUNK_POINTS, floats, sealChunk, type Points } from './chunk.js';
import { M4, type Columns } from './decimate.js';

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
}

export interface View extends Columns {
  decimated: boolean;
}

type ChunkSummaryRow = [seq0: number, n: number, xmin: number, xmax: number, t0: number, t1: number, marks: Buffer];

/** Above this many candidate points, a view is decimated from chunk marks instead of decoding every point. */
const DECODE_ALL_LIMIT = 65536;

export class SeriesStore {
  private readonly insertTail;
  private readonly selectTail;
  private readonly selectTailRange;
  private readonly deleteTail;
  private readonly insertChunk;
  private readonly selectSummaries;
  private readonly selectChunkData;
  private readonly selectChunkRange;
  private readonly updateTrace;

  constructor(private readonly db: Db) {
    this.insertTail = db.prepare('INSERT INTO tail (trace_id, seq, x, y, t) VALUES (?, ?, ?, ?, ?)');
    this.selectTail = db.prepare('SELECT seq, x, y, t FROM tail WHERE trace_id = ? ORDER BY seq').raw();
    this.selectTailRange = db
      .prepare('SELECT seq, x, y, t FROM tail WHERE trace_id = ? AND seq >= ? AND seq < ? ORDER BY seq')
      .raw();
    this.deleteTail = db.prepare('DELETE FROM tail WHERE trace_id = ?');
    this.insertChunk = db.prepare(
      'INSERT INTO chunks (trace_id, seq0, n, xmin, xmax, t0, t1, marks, xs, ys, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectSummaries = db
      .prepare('SELECT seq0, n, xmin, xmax, t0, t1, marks FROM chunks WHERE trace_id = ? ORDER BY seq0')
      .raw();
    this.selectChunkData = db.prepare('SELECT xs, ys, ts FROM chunks WHERE trace_id = ? AND seq0 = ?').raw();
    this.selectChunkRange = db
      .prepare('SELECT seq0, xs, ys, ts FROM chunks WHERE trace_id = ? AND seq0 + n > ? AND seq0 < ? ORDER BY seq0')
      .raw();
    this.updateTrace = db.prepare(
      'UPDATE traces SET n = ?, sealed = ?, xmin = ?, xmax = ?, ymin = ?, ymax = ?, last_t = ? WHERE id = ?',
    );
  }

  /**
   * Appends points (y NaN = gap) received at time t; must run inside the caller's
   * transaction. Updates `trace` in place and returns the seq of the first new point.
   */
  append(trace: TraceState, x: ArrayLike<number>, y: ArrayLike<number>, t: number): number {
    const start = trace.n;
    const k = x.length;
    if (k === 0) return start;
    const tailCount = trace.n - trace.sealed;
    if (tailCount + k < CHUNK_POINTS) {
      for (let i = 0; i < k; i++) {
        const yi = y[i]!;
        this.insertTail.run(trace.id, start + i, x[i], Number.isNaN(yi) ? null : yi, t);
      }
    } else {
      this.sealWith(trace, tailCount, x, y, t);
    }
    this.extendRanges(trace, x, y);
    trace.n += k;
    trace.last_t = t;
    this.updateTrace.run(trace.n, trace.sealed, trace.xmin, trace.xmax, trace.ymin, trace.ymax, t, trace.id);
    return start;
  }

  /** Joins the tail with new points, writes every full chunk, and leaves the remainder as the new tail. */
  private sealWith(trace: TraceState, tailCount: number, x: ArrayLike<number>, y: ArrayLike<number>, t: number): void {
    const total = tailCount + x.length;
    const p: Points = { x: new Float64Array(total), y: new Float64Array(total), t: new Float64Array(total) };
    let i = 0;
    for (const [, tx, ty, tt] of this.selectTail.iterate(trace.id) as Iterable<[number, number, number | null, number]>) {
      p.x[i] = tx;
      p.y[i] = ty ?? NaN;
      p.t[i] = tt;
      i++;
    }
    for (let j = 0; j < x.length; j++, i++) {
      p.x[i] = x[j]!;
      p.y[i] = y[j]!;
      p.t[i] = t;
    }
    this.deleteTail.run(trace.id);
    let from = 0;
    for (; from + CHUNK_POINTS <= total; from += CHUNK_POINTS) {
      const c = sealChunk(trace.sealed + from, p, from, from + CHUNK_POINTS);
      this.insertChunk.run(trace.id, c.seq0, c.n, c.xmin, c.xmax, c.t0, c.t1, c.marks, c.xs, c.ys, c.ts);
    }
    const base = trace.sealed;
    trace.sealed += from;
    for (let j = from; j < total; j++) {
      const yj = p.y[j]!;
      this.insertTail.run(trace.id, base + j, p.x[j], Number.isNaN(yj) ? null : yj, p.t[j]);
    }
  }

  private extendRanges(trace: TraceState, x: ArrayLike<number>, y: ArrayLike<number>): void {
    let { xmin, xmax, ymin, ymax } = trace;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
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
    for (const [seq0, xs, ys, ts] of this.selectChunkRange.all(traceId, from, to) as [number, Buffer, Buffer, Buffer][]) {
      const x = floats(xs);
      const y = floats(ys);
      const t = floats(ts);
      const a = Math.max(0, from - seq0);
      const b = Math.min(x.length, to - seq0);
      for (let i = a; i < b; i++) pushPoint(out, x[i]!, y[i]!, t[i]!);
    }
    for (const [, x, y, t] of this.selectTailRange.all(traceId, from, to) as [number, number, number | null, number][]) {
      pushPoint(out, x, y ?? NaN, t);
    }
    return out;
  }

  /**
   * The points of a trace in [x0, x1] (received by `until`): exact when they number
   * at most `buckets`, otherwise min/max decimated. Chunks that lie inside one bucket
   * are merged from their marks; only chunks that straddle a bucket edge or the range
   * ends are decoded.
   */
  view(trace: TraceState, req: ViewRequest): View {
    const empty: View = { x: [], y: [], t: [], decimated: false };
    if (trace.n === 0 || trace.xmin === null || trace.xmax === null) return empty;
    const x0 = req.x0 ?? trace.xmin;
    const x1 = req.x1 ?? trace.xmax;
    const until = req.until ?? Infinity;
    if (x1 < x0) return empty;

    const summaries = (this.selectSummaries.all(trace.id) as ChunkSummaryRow[]).filter(
      ([, , cxmin, cxmax, t0]) => cxmax >= x0 && cxmin <= x1 && t0 <= until,
    );
    const tail = (this.selectTail.all(trace.id) as [number, number, number | null, number][]).filter(
      ([, x, , t]) => x >= x0 && x <= x1 && t <= until,
    );
    let candidates = tail.length;
    for (const s of summaries) candidates += s[1];

    const inRange = (x: number, t: number) => x >= x0 && x <= x1 && t <= until;
    if (candidates <= DECODE_ALL_LIMIT) {
      // Few enough to decode: collect exactly, then decimate only if still too many.
      const pts: [number, number, number, number][] = [];
      for (const [seq0] of summaries) this.eachChunkPoint(trace.id, seq0, (s, x, y, t) => inRange(x, t) && pts.push([s, x, y, t]));
      for (const [seq, x, y, t] of tail) pts.push([seq, x, y ?? NaN, t]);
      if (pts.length <= req.buckets) {
        const out: View = { x: [], y: [], t: [], decimated: false };
        for (const [, x, y, t] of pts) pushPoint(out, x, y, t);
        return out;
      }
      const m4 = new M4(x0, x1, req.buckets);
      for (const [s, x, y, t] of pts) m4.addPoint(s, x, y, t);
      return { ...m4.result(), decimated: true };
    }

    const m4 = new M4(x0, x1, req.buckets);
    for (const [seq0, , cxmin, cxmax, , t1, marks] of summaries) {
      const b = m4.bucketOf(cxmin);
      if (cxmin >= x0 && cxmax <= x1 && t1 <= until && b === m4.bucketOf(cxmax)) {
        m4.addMarks(b, floats(marks));
      } else {
        this.eachChunkPoint(trace.id, seq0, (s, x, y, t) => inRange(x, t) && m4.addPoint(s, x, y, t));
      }
    }
    for (const [seq, x, y, t] of tail) m4.addPoint(seq, x, y ?? NaN, t);
    return { ...m4.result(), decimated: true };
  }

  /** Count and x extent of the points received at or before `until`; null when there are none. */
  extentUntil(trace: TraceState, until: number): { n: number; xmin: number; xmax: number } | null {
    let n = 0;
    let xmin = Infinity;
    let xmax = -Infinity;
    const take = (x: number) => {
      n++;
      if (x < xmin) xmin = x;
      if (x > xmax) xmax = x;
    };
    for (const [seq0, cn, cxmin, cxmax, t0, t1] of this.selectSummaries.all(trace.id) as ChunkSummaryRow[]) {
      if (t0 > until) break;
      if (t1 <= until) {
        n += cn;
        xmin = Math.min(xmin, cxmin);
        xmax = Math.max(xmax, cxmax);
      } else {
        this.eachChunkPoint(trace.id, seq0, (_s, x, _y, t) => t <= until && take(x));
      }
    }
    for (const [, x, , t] of this.selectTail.all(trace.id) as [number, number, number | null, number][]) if (t <= until) take(x);
    return n === 0 ? null : { n, xmin, xmax };
  }

  private eachChunkPoint(traceId: number, seq0: number, fn: (s: number, x: number, y: number, t: number) => unknown): void {
    const row = this.selectChunkData.get(traceId, seq0) as [Buffer, Buffer, Buffer];
    const x = floats(row[0]);
    const y = floats(row[1]);
    const t = floats(row[2]);
    for (let i = 0; i < x.length; i++) fn(seq0 + i, x[i]!, y[i]!, t[i]!);
  }
}

function pushPoint(out: Columns, x: number, y: number, t: number): void {
  out.x.push(x);
  out.y.push(Number.isNaN(y) ? null : y);
  out.t.push(t);
}
