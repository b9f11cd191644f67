/**
 * Summary levels on SQLite (the layout is summary-levels.ts's): level 0 in
 * `summary_blocks` (FANOUT chunk records per row), levels above in `summary_levels`.
 * Sealing chunks rewrites the right spine in the sealing transaction; reads load the
 * blocks they open, one row each.
 */
import type { Db } from './db.js';
import { floats, SUMMARY_FLOATS, S_N, S_SEQ0, toBuffer, type SealedChunk } from './chunk.js';
import { chunkRecords, levelWrites, type LevelBlock, type LevelWrite } from './summary-levels.js';

type SummaryRow = [seq0: number, n: number, xmin: number, xmax: number, t0: number, t1: number, marks: Buffer];

export class SqliteSummaries {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      lastBlock: db.prepare('SELECT seq0, data FROM summary_blocks WHERE trace_id = ? ORDER BY seq0 DESC LIMIT 1').raw(),
      lastOfLevel: db.prepare('SELECT seq0, data FROM summary_levels WHERE trace_id = ? AND level = ? ORDER BY seq0 DESC LIMIT 1').raw(),
      insertBlock: db.prepare('INSERT INTO summary_blocks (trace_id, seq0, data) VALUES (?, ?, ?)'),
      updateBlock: db.prepare('UPDATE summary_blocks SET data = ? WHERE trace_id = ? AND seq0 = ?'),
      insertLevel: db.prepare('INSERT INTO summary_levels (trace_id, level, seq0, data) VALUES (?, ?, ?, ?)'),
      updateLevel: db.prepare('UPDATE summary_levels SET data = ? WHERE trace_id = ? AND level = ? AND seq0 = ?'),
      block: db.prepare('SELECT data FROM summary_blocks WHERE trace_id = ? AND seq0 = ?').pluck(),
      blocksIn: db.prepare('SELECT seq0, data FROM summary_blocks WHERE trace_id = ? AND seq0 IN (SELECT value FROM json_each(?))').raw(),
      levelBlocksIn: db.prepare('SELECT seq0, data FROM summary_levels WHERE trace_id = ? AND level = ? AND seq0 IN (SELECT value FROM json_each(?))').raw(),
      top: db.prepare('SELECT level, data FROM summary_levels WHERE trace_id = ? AND seq0 = 0 ORDER BY level DESC LIMIT 1').raw(),
    };
  }

  /** Records the summaries of chunks just sealed (consecutive, in seq order) at every level; must run inside the caller's transaction. */
  append(traceId: number, chunks: SealedChunk[]): void {
    if (chunks.length === 0) return;
    this.write(traceId, levelWrites(this.spine(traceId), chunkRecords(chunks)));
  }

  /** The last block of each level of a trace. */
  private spine(traceId: number): (LevelBlock | undefined)[] {
    const spine: (LevelBlock | undefined)[] = [];
    const l0 = this.s.lastBlock.get(traceId) as [number, Buffer] | undefined;
    spine.push(l0 && { level: 0, seq0: l0[0], data: floats(l0[1]) });
    for (let L = 1; spine[L - 1]; L++) {
      const r = this.s.lastOfLevel.get(traceId, L) as [number, Buffer] | undefined;
      spine.push(r && { level: L, seq0: r[0], data: floats(r[1]) });
    }
    return spine;
  }

  write(traceId: number, writes: LevelWrite[]): void {
    for (const w of writes) {
      const data = toBuffer(w.data);
      if (w.level === 0) {
        if (w.insert) this.s.insertBlock.run(traceId, w.seq0, data);
        else this.s.updateBlock.run(data, traceId, w.seq0);
      } else if (w.insert) this.s.insertLevel.run(traceId, w.level, w.seq0, data);
      else this.s.updateLevel.run(data, traceId, w.level, w.seq0);
    }
  }

  /** The top block of a trace (the highest level's block at seq0 0), or null when nothing is sealed. */
  top(traceId: number): { level: number; data: Float64Array } | null {
    const r = this.s.top.get(traceId) as [number, Buffer] | undefined;
    if (r) return { level: r[0], data: floats(r[1]) };
    const b = this.s.block.get(traceId, 0) as Buffer | undefined;
    return b ? { level: 0, data: floats(b) } : null;
  }

  /** Blocks by (level, seq0): one statement per level asked for. */
  blocks(traceId: number, keys: { level: number; seq0: number }[]): LevelBlock[] {
    const out: LevelBlock[] = [];
    for (const level of new Set(keys.map((k) => k.level))) {
      const seq0s = JSON.stringify(keys.filter((k) => k.level === level).map((k) => k.seq0));
      const rows = (level === 0 ? this.s.blocksIn.all(traceId, seq0s) : this.s.levelBlocksIn.all(traceId, level, seq0s)) as [number, Buffer][];
      for (const [seq0, data] of rows) out.push({ level, seq0, data: floats(data) });
    }
    if (out.length < keys.length) throw new Error(`trace ${traceId}: ${keys.length - out.length} summary blocks are missing`);
    return out;
  }
}

/**
 * Migration 9's backfill: builds the levels of every trace sealed before they existed,
 * in the migration's transaction. Level 0 is read from `summary_blocks` where it is
 * contiguous from the start, then from the chunk rows (chunks sealed before migration 2
 * had no block), and rewritten aligned: one pass over the summaries, O(N / CHUNK_POINTS).
 */
export function backfillLevels(db: Db): void {
  const traces = db.prepare('SELECT id FROM traces WHERE sealed > 0 ORDER BY id').pluck().all() as number[];
  const blocks = db.prepare('SELECT data FROM summary_blocks WHERE trace_id = ? ORDER BY seq0').pluck();
  const chunksFrom = db.prepare('SELECT seq0, n, xmin, xmax, t0, t1, marks FROM chunks WHERE trace_id = ? AND seq0 >= ? ORDER BY seq0').raw();
  const clear = db.prepare('DELETE FROM summary_blocks WHERE trace_id = ?');
  const s = new SqliteSummaries(db);
  for (const id of traces) {
    const records: number[] = [];
    let next = 0;
    blocks: for (const data of blocks.iterate(id) as Iterable<Buffer>) {
      const f = floats(data);
      for (let o = 0; o < f.length; o += SUMMARY_FLOATS) {
        if (f[o + S_SEQ0] !== next) break blocks;
        for (let k = 0; k < SUMMARY_FLOATS; k++) records.push(f[o + k]!);
        next += f[o + S_N]!;
      }
    }
    const rest: Omit<SealedChunk, 'xs' | 'ys' | 'ts'>[] = [];
    for (const [seq0, n, xmin, xmax, t0, t1, marks] of chunksFrom.iterate(id, next) as Iterable<SummaryRow>) {
      rest.push({ seq0, n, xmin, xmax, t0, t1, marks: floats(marks) });
    }
    const all = new Float64Array(records.length + rest.length * SUMMARY_FLOATS);
    all.set(records);
    all.set(chunkRecords(rest), records.length);
    clear.run(id);
    s.write(id, levelWrites([], all));
  }
}
