/**
 * Points of traces: appends in O(points appended) and reads by seq range or as a
 * decimated view, without scanning a whole trace.
 */
import type { Db } from './db.js';
import {
  CHUNK_POINTS, floats, sealChunk, unpackColumn, toBuffer, SUMMARY_FLOATS, S_MARKS, S_N, S_SEQ0, S_T0, S_T1, S_XMAX, S_XMIN,
  type Points, type SealedChunk,
} from './chunk.js';
import type { Columns } from './decimate.js';
import { readPasses, type ReadFetched } from './series-read.js';
import { extentOf, pushPoint, viewOf, type ChunkColumns, type ChunkSource, type View, type ViewRequest } from './series-view.js';
import { SqliteSummaries } from './sqlite-summaries.js';
import { LevelCache } from './summary-read.js';

export type { View, ViewRequest } from './series-view.js';

export interface SeriesOptions {
  /** Points per sealed chunk (only for measuring other sizes; reads work with any mix). */
  chunkPoints?: number;
  /** Most summary records kept in memory, over all traces. */
  maxCachedRecords?: number;
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

export class SeriesStore {
  private readonly insertTail;
  private readonly selectTail;
  private readonly selectTailRange;
  private readonly deleteTail;
  private readonly insertChunk;
  private readonly selectChunksIn;
  private readonly selectChunkRange;
  private readonly updateTrace;
  private readonly selectTrace;
  private readonly levels: SqliteSummaries;
  private readonly summaries: LevelCache;
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
    this.selectChunksIn = db.prepare('SELECT seq0, n, xs, ys, ts FROM chunks WHERE trace_id = ? AND seq0 IN (SELECT value FROM json_each(?))').raw();
    // The first chunk is the last one starting at or before `from`; the index then walks forward.
    this.selectChunkRange = db
      .prepare(
        `SELECT seq0, n, xs, ys, ts FROM chunks WHERE trace_id = @id AND seq0 < @to
           AND seq0 >= coalesce((SELECT max(seq0) FROM chunks WHERE trace_id = @id AND seq0 <= @from), 0)
         ORDER BY seq0`,
      )
      .raw();
    this.updateTrace = db.prepare(
      'UPDATE traces SET n = ?, sealed = ?, xmin = ?, xmax = ?, ymin = ?, ymax = ?, last_t = ? WHERE id = ?',
    );
    this.selectTrace = db.prepare('SELECT * FROM traces WHERE id = ?');
    this.levels = new SqliteSummaries(db);
    this.summaries = new LevelCache(options.maxCachedRecords);
  }

  /** A trace's row, read by id. */
  traceState(id: number): TraceState | undefined {
    return this.selectTrace.get(id) as TraceState | undefined;
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
    this.levels.append(trace.id, sealed);
    const base = trace.sealed;
    trace.sealed += from;
    for (let j = from; j < total; j++) {
      const xj = p.x[j]!;
      const yj = p.y[j]!;
      this.insertTail.run(trace.id, base + j, Number.isNaN(xj) ? null : xj, Number.isNaN(yj) ? null : yj, p.t[j]);
    }
  }

  private extendRanges(trace: TraceState, x: ArrayLike<number>, y: ArrayLike<number>): void {
    Object.assign(trace, extendRanges(trace, x, y));
  }

  /** Every point with seq in [from, to), exact, in order. */
  readSeq(traceId: number, from: number, to: number): Columns {
    const out: Columns = { x: [], y: [], t: [] };
    if (to <= from) return out;
    for (const [seq0, n, xs, ys, ts] of this.selectChunkRange.iterate({ id: traceId, from, to }) as Iterable<[number, number, Buffer, Buffer, Buffer]>) {
      const x = unpackColumn(xs, n);
      const y = unpackColumn(ys, n);
      const t = unpackColumn(ts, n);
      const a = Math.max(0, from - seq0);
      const b = Math.min(x.length, to - seq0);
      for (let i = a; i < b; i++) pushPoint(out, x[i]!, y[i]!, t[i]!);
    }
    for (const [, x, y, t] of this.selectTailRange.all(traceId, from, to) as [number, number | null, number | null, number][]) {
      pushPoint(out, x ?? NaN, y ?? NaN, t);
    }
    return out;
  }

  /** Summary records held in memory, over all traces (what reads loaded). */
  get cachedSummaryRecords(): number {
    return this.summaries.size;
  }

  /** Forgets cached summaries: of one trace, or (no argument) of all. The store calls this when points are deleted or a transaction fails. */
  forget(traceId?: number): void {
    if (traceId === undefined) this.summaries.clear();
    else this.summaries.drop(traceId);
  }

  /**
   * The points of a trace in [x0, x1] (received in [since, until]): exact when they number
   * at most `buckets`, otherwise min/max decimated (see series-view.ts).
   */
  view(trace: TraceState, req: ViewRequest): View {
    return this.run(trace, (src) => viewOf(src, trace, req));
  }

  /** Count and x extent of the points received in [since, until]; null when there are none. */
  extentBetween(trace: TraceState, since: number, until: number): { n: number; xmin: number; xmax: number } | null {
    return this.run(trace, (src) => extentOf(src, trace, since, until)).extent;
  }

  /** Runs a shared read pass (series-read.ts), answering each fetch with one statement per table. */
  private run<T>(trace: TraceState, pass: (src: ChunkSource) => T | null): T {
    const steps = readPasses(this.summaries, trace, this.tailColumns(trace.id), pass);
    let r = steps.next();
    while (!r.done) {
      const want = r.value;
      const got: ReadFetched = { blocks: want.blocks.length > 0 ? this.levels.blocks(trace.id, want.blocks) : [], chunks: [] };
      if (want.top) got.top = this.levels.top(trace.id);
      if (want.chunks.length > 0) {
        for (const [seq0, n, xs, ys, ts] of this.selectChunksIn.all(trace.id, JSON.stringify(want.chunks)) as [number, number, Buffer, Buffer, Buffer][]) {
          got.chunks.push({ seq0, x: unpackColumn(xs, n), y: unpackColumn(ys, n), t: unpackColumn(ts, n) });
        }
        if (got.chunks.length < want.chunks.length) throw new Error(`trace ${trace.id}: ${want.chunks.length - got.chunks.length} chunks are missing`);
      }
      r = steps.next(got);
    }
    return r.value;
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


export type Ranges = Pick<TraceState, 'xmin' | 'xmax' | 'ymin' | 'ymax'>;

/** The x and y ranges of `r` widened by the points (a NaN x or y is not part of a range); null where nothing is known. Shared by both stores. */
export function extendRanges(r: Ranges, x: ArrayLike<number>, y: ArrayLike<number>): Ranges {
  let { xmin, xmax, ymin, ymax } = r;
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
  return { xmin, xmax, ymin, ymax };
}
