/**
 * Points of traces on Postgres. An append reserves its sequence numbers in its own
 * transaction (`UPDATE traces SET n = n + k … RETURNING`), so two servers appending
 * to one trace get contiguous numbers; every CHUNK_POINTS points are sealed into a
 * chunk row with its summary. Reads share series-view.ts with SQLite: the chunks a
 * pass asks for are fetched in one round trip and the pass runs again.
 */
import { CHUNK_POINTS, sealChunk, unpackColumn, toBuffer, type Points, type SealedChunk } from './chunk.js';
import type { Columns } from './decimate.js';
import type { Query } from './pg-db.js';
import { extentOf, pushPoint, viewOf, type ChunkColumns, type ChunkSource, type View, type ViewRequest } from './series-view.js';
import { extendRanges, type TraceState } from './series.js';
import { appendLevels, fetchBlocks, fetchTop } from './pg-summaries.js';
import { readPasses, type ReadFetched } from './series-read.js';
import { DEFAULT_MAX_RECORDS, LevelCache } from './summary-read.js';

type TailRow = { seq: number; x: number | null; y: number | null; t: number };
type ChunkRow = { seq0: number; n: number; xs: Buffer; ys: Buffer; ts: Buffer };

export class PgSeries {
  private readonly summaries: LevelCache;

  constructor(maxCachedRecords = DEFAULT_MAX_RECORDS) {
    this.summaries = new LevelCache(maxCachedRecords);
  }

  /**
   * Appends points (y NaN = gap; x NaN = a break with no position) with their times, inside
   * the caller's transaction. Returns the seq of the first new point.
   */
  async append(q: Query, traceId: number, x: Float64Array, y: Float64Array, t: Float64Array | number): Promise<number> {
    const k = x.length;
    const { xmin, xmax, ymin, ymax } = extendRanges({ xmin: null, xmax: null, ymin: null, ymax: null }, x, y);
    const lastT = k === 0 ? null : typeof t === 'number' ? t : t[k - 1]!;
    // The reservation: the row lock it takes is held until commit, so appends to one trace line up.
    const [r] = await q<{ start: number; sealed: number }>(
      `UPDATE traces SET n = n + $2, last_t = coalesce($3, last_t),
         x_min = least(x_min, $4), x_max = greatest(x_max, $5), y_min = least(y_min, $6), y_max = greatest(y_max, $7)
       WHERE id = $1 RETURNING n - $2 AS start, sealed`,
      [traceId, k, lastT, xmin, xmax, ymin, ymax],
    );
    if (!r) throw new Error(`trace ${traceId} is gone`);
    if (k === 0) return r.start;
    const tailCount = r.start - r.sealed;
    if (tailCount + k < CHUNK_POINTS) {
      await insertTail(q, traceId, r.start, x, y, t, 0, k);
    } else {
      await this.seal(q, traceId, r.sealed, tailCount, x, y, t);
    }
    return r.start;
  }

  /** Joins the tail with new points, writes every full chunk and its summary, and leaves the remainder as the new tail. */
  private async seal(q: Query, traceId: number, sealed: number, tailCount: number, x: Float64Array, y: Float64Array, t: Float64Array | number): Promise<void> {
    const total = tailCount + x.length;
    const p: Points = { x: new Float64Array(total), y: new Float64Array(total), t: new Float64Array(total) };
    const tail = await q<TailRow>('DELETE FROM tail WHERE trace_id = $1 RETURNING seq, x, y, t', [traceId]);
    tail.sort((a, b) => a.seq - b.seq);
    if (tail.length !== tailCount) throw new Error(`trace ${traceId}: tail holds ${tail.length} points, expected ${tailCount}`);
    let i = 0;
    for (const row of tail) {
      p.x[i] = row.x ?? NaN;
      p.y[i] = row.y ?? NaN;
      p.t[i] = row.t;
      i++;
    }
    for (let j = 0; j < x.length; j++, i++) {
      p.x[i] = x[j]!;
      p.y[i] = y[j]!;
      p.t[i] = typeof t === 'number' ? t : t[j]!;
    }
    const chunks: SealedChunk[] = [];
    let from = 0;
    for (; from + CHUNK_POINTS <= total; from += CHUNK_POINTS) chunks.push(sealChunk(sealed + from, p, from, from + CHUNK_POINTS));
    // One multi-row insert for every chunk sealed.
    const params: unknown[] = [traceId];
    const values = chunks.map((c) => {
      const b = params.length;
      params.push(c.seq0, c.n, c.xmin, c.xmax, c.t0, c.t1, toBuffer(c.marks), c.xs, c.ys, c.ts);
      return `($1, ${Array.from({ length: 10 }, (_, j) => `$${b + j + 1}`).join(', ')})`;
    });
    await q(`INSERT INTO chunks (trace_id, seq0, n, x_min, x_max, t0, t1, marks, xs, ys, ts) VALUES ${values.join(', ')}`, params);
    await appendLevels(q, traceId, chunks);
    await q('UPDATE traces SET sealed = $2 WHERE id = $1', [traceId, sealed + from]);
    await insertTail(q, traceId, sealed + from, p.x, p.y, p.t, from, total);
  }

  /**
   * Every point with seq in [from, to), exact, in order. One statement reads the chunks and
   * the tail, so it sees one snapshot without a transaction around it (sealing moves points
   * from the tail into a chunk): the fan-out reads each hint's points in one round trip.
   */
  async readSeq(q: Query, traceId: number, from: number, to: number): Promise<Columns> {
    const out: Columns = { x: [], y: [], t: [] };
    if (to <= from) return out;
    const rows = await q<ChunkRow & TailRow>(
      `(SELECT seq0, n, xs, ys, ts, NULL::bigint AS seq, NULL::float8 AS x, NULL::float8 AS y, NULL::float8 AS t
          FROM chunks WHERE trace_id = $1 AND seq0 < $3
           AND seq0 >= coalesce((SELECT max(seq0) FROM chunks WHERE trace_id = $1 AND seq0 <= $2), 0)
          ORDER BY seq0)
       UNION ALL
       (SELECT NULL, NULL, NULL, NULL, NULL, seq, x, y, t FROM tail WHERE trace_id = $1 AND seq >= $2 AND seq < $3 ORDER BY seq)`,
      [traceId, from, to],
    );
    // UNION ALL promises no order across its parts: chunks and tail rows are put in seq order here.
    rows.sort((a, b) => (a.seq0 ?? a.seq) - (b.seq0 ?? b.seq));
    for (const r of rows) {
      if (r.seq0 === null) {
        pushPoint(out, r.x ?? NaN, r.y ?? NaN, r.t);
        continue;
      }
      const x = unpackColumn(r.xs, r.n);
      const y = unpackColumn(r.ys, r.n);
      const t = unpackColumn(r.ts, r.n);
      const a = Math.max(0, from - r.seq0);
      const b = Math.min(x.length, to - r.seq0);
      for (let i = a; i < b; i++) pushPoint(out, x[i]!, y[i]!, t[i]!);
    }
    return out;
  }

  /** The decimated (or exact) view of a trace; run it in one snapshot. */
  async view(q: Query, trace: TraceState, req: ViewRequest): Promise<View> {
    return this.run(q, trace, (src) => viewOf(src, trace, req));
  }

  async extentBetween(q: Query, trace: TraceState, since: number, until: number): Promise<{ n: number; xmin: number; xmax: number } | null> {
    return (await this.run(q, trace, (src) => extentOf(src, trace, since, until))).extent;
  }

  /** Forgets cached summaries of a trace (deleted). */
  forget(traceId: number): void {
    this.summaries.drop(traceId);
  }

  /** Runs a shared read pass (series-read.ts), answering each fetch in one round trip per table. */
  private async run<T>(q: Query, trace: TraceState, pass: (src: ChunkSource) => T | null): Promise<T> {
    const steps = readPasses(this.summaries, trace, await tailColumns(q, trace.id), pass);
    let r = steps.next();
    while (!r.done) {
      const want = r.value;
      const got: ReadFetched = { blocks: [], chunks: [] };
      if (want.top) got.top = await fetchTop(q, trace.id);
      if (want.blocks.length > 0) await fetchBlocks(q, trace.id, want.blocks, (level, seq0, data) => got.blocks.push({ level, seq0, data }));
      if (want.chunks.length > 0) {
        const rows = await q<ChunkRow>('SELECT seq0, n, xs, ys, ts FROM chunks WHERE trace_id = $1 AND seq0 = ANY($2::bigint[])', [trace.id, want.chunks]);
        if (rows.length < want.chunks.length) throw new Error(`trace ${trace.id}: ${want.chunks.length - rows.length} chunks are missing`);
        for (const c of rows) got.chunks.push({ seq0: c.seq0, x: unpackColumn(c.xs, c.n), y: unpackColumn(c.ys, c.n), t: unpackColumn(c.ts, c.n) });
      }
      r = steps.next(got);
    }
    return r.value;
  }
}

async function tailColumns(q: Query, traceId: number): Promise<ChunkColumns> {
  const rows = await q<TailRow>('SELECT seq, x, y, t FROM tail WHERE trace_id = $1 ORDER BY seq', [traceId]);
  const c: ChunkColumns = { seq0: rows[0]?.seq ?? 0, x: new Float64Array(rows.length), y: new Float64Array(rows.length), t: new Float64Array(rows.length) };
  rows.forEach((r, i) => {
    c.x[i] = r.x ?? NaN;
    c.y[i] = r.y ?? NaN;
    c.t[i] = r.t;
  });
  return c;
}

/** Inserts points [from, to) of the columns as tail rows seq0.., in one statement. */
async function insertTail(q: Query, traceId: number, seq0: number, x: Float64Array, y: Float64Array, t: Float64Array | number, from: number, to: number): Promise<void> {
  if (to <= from) return;
  const n = to - from;
  const seqs = new Array<number>(n);
  const xs = new Array<number | null>(n);
  const ys = new Array<number | null>(n);
  const ts = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    seqs[i] = seq0 + i;
    const xi = x[from + i]!;
    const yi = y[from + i]!;
    xs[i] = Number.isNaN(xi) ? null : xi;
    ys[i] = Number.isNaN(yi) ? null : yi;
    ts[i] = typeof t === 'number' ? t : t[from + i]!;
  }
  await q(
    'INSERT INTO tail (trace_id, seq, x, y, t) SELECT $1, * FROM unnest($2::bigint[], $3::float8[], $4::float8[], $5::float8[])',
    [traceId, seqs, xs, ys, ts],
  );
}
