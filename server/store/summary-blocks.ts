/**
 * Chunk summaries on disk, packed SUMMARY_BLOCK_CHUNKS records to a
 * `summary_blocks` row: loading the summaries of a 10M-point trace reads about
 * 2,400 small rows instead of 39,000 chunk rows. Sealing a chunk appends its record
 * to the trace's last block (a bounded rewrite), or starts a new block.
 */
import type { Db } from './db.js';
import { floats, SUMMARY_FLOATS, S_N, S_SEQ0, toBuffer, writeSummary, type SealedChunk } from './chunk.js';

/** Records per block. Larger blocks load faster but rewrite more bytes per sealed chunk. */
export const SUMMARY_BLOCK_CHUNKS = 16;

type SummaryRow = [seq0: number, n: number, xmin: number, xmax: number, t0: number, t1: number, marks: Buffer];

export class SummaryBlocks {
  private readonly lastBlock;
  private readonly insertBlock;
  private readonly updateBlock;
  private readonly blocksFrom;
  private readonly chunkSummariesFrom;

  constructor(db: Db) {
    this.lastBlock = db.prepare('SELECT seq0, data FROM summary_blocks WHERE trace_id = ? ORDER BY seq0 DESC LIMIT 1').raw();
    this.insertBlock = db.prepare('INSERT INTO summary_blocks (trace_id, seq0, data) VALUES (?, ?, ?)');
    this.updateBlock = db.prepare('UPDATE summary_blocks SET data = ? WHERE trace_id = ? AND seq0 = ?');
    // From the block holding `from` (the last one starting at or before it) onwards.
    this.blocksFrom = db
      .prepare(
        `SELECT data FROM summary_blocks WHERE trace_id = @id
           AND seq0 >= coalesce((SELECT max(seq0) FROM summary_blocks WHERE trace_id = @id AND seq0 <= @from), 0)
         ORDER BY seq0`,
      )
      .raw()
      .pluck();
    this.chunkSummariesFrom = db
      .prepare('SELECT seq0, n, xmin, xmax, t0, t1, marks FROM chunks WHERE trace_id = ? AND seq0 >= ? ORDER BY seq0')
      .raw();
  }

  /** Records the summaries of chunks just sealed (consecutive, in seq order); must run inside the caller's transaction. */
  append(traceId: number, chunks: SealedChunk[]): void {
    if (chunks.length === 0) return;
    const last = this.lastBlock.get(traceId) as [number, Buffer] | undefined;
    const w = blockWrites(last && { seq0: last[0], data: last[1] }, chunks);
    if (w.update) this.updateBlock.run(w.update.data, traceId, w.update.seq0);
    for (const b of w.inserts) this.insertBlock.run(traceId, b.seq0, b.data);
  }

  /** The summary records of the chunks with seq0 ≥ from, in seq order. */
  *load(traceId: number, from: number): Generator<Float64Array> {
    let next = from;
    blocks: for (const data of this.blocksFrom.all({ id: traceId, from }) as Buffer[]) {
      const f = floats(data);
      for (let o = 0; o < f.length; o += SUMMARY_FLOATS) {
        const seq0 = f[o + S_SEQ0]!;
        if (seq0 < next) continue;
        // A gap: chunks sealed before summary blocks existed. Their own rows follow.
        if (seq0 !== next) break blocks;
        yield f.subarray(o, o + SUMMARY_FLOATS);
        next = seq0 + f[o + S_N]!;
      }
    }
    const record = new Float64Array(SUMMARY_FLOATS);
    for (const [seq0, n, xmin, xmax, t0, t1, marks] of this.chunkSummariesFrom.iterate(traceId, next) as Iterable<SummaryRow>) {
      writeSummary({ seq0, n, xmin, xmax, t0, t1, marks: floats(marks) }, record, 0);
      yield record;
    }
  }
}

/** A summary block row. */
export interface SummaryBlock {
  seq0: number;
  data: Buffer;
}

/**
 * The block rows to write for chunks just sealed: the trace's last block topped up
 * (when it has room and the chunks continue it), then new blocks. Pure: both stores use it.
 */
export function blockWrites(last: SummaryBlock | undefined, chunks: SealedChunk[]): { update?: SummaryBlock; inserts: SummaryBlock[] } {
  const records = new Float64Array(chunks.length * SUMMARY_FLOATS);
  chunks.forEach((c, i) => writeSummary(c, records, i * SUMMARY_FLOATS));
  let done = 0;
  let update: SummaryBlock | undefined;
  if (last) {
    const have = floats(last.data);
    const held = have.length / SUMMARY_FLOATS;
    const end = have[(held - 1) * SUMMARY_FLOATS + S_SEQ0]! + have[(held - 1) * SUMMARY_FLOATS + S_N]!;
    if (held < SUMMARY_BLOCK_CHUNKS && end === chunks[0]!.seq0) {
      done = Math.min(SUMMARY_BLOCK_CHUNKS - held, chunks.length);
      const merged = new Float64Array(have.length + done * SUMMARY_FLOATS);
      merged.set(have);
      merged.set(records.subarray(0, done * SUMMARY_FLOATS), have.length);
      update = { seq0: last.seq0, data: toBuffer(merged) };
    }
  }
  const inserts: SummaryBlock[] = [];
  for (; done < chunks.length; done += SUMMARY_BLOCK_CHUNKS) {
    const upto = Math.min(chunks.length, done + SUMMARY_BLOCK_CHUNKS);
    inserts.push({ seq0: chunks[done]!.seq0, data: toBuffer(records.slice(done * SUMMARY_FLOATS, upto * SUMMARY_FLOATS)) });
  }
  return { update, inserts };
}

/** The summary records in these blocks (in seq0 order) of the chunks with seq0 ≥ from, stopping at a gap. */
export function* blockRecords(blocks: Iterable<Buffer>, from: number): Generator<Float64Array> {
  let next = from;
  for (const data of blocks) {
    const f = floats(data);
    for (let o = 0; o < f.length; o += SUMMARY_FLOATS) {
      const seq0 = f[o + S_SEQ0]!;
      if (seq0 < next) continue;
      if (seq0 !== next) return;
      yield f.subarray(o, o + SUMMARY_FLOATS);
      next = seq0 + f[o + S_N]!;
    }
  }
}
