/**
 * Summary levels on Postgres (the layout is summary-levels.ts's, the tables SQLite's):
 * level 0 in `summary_blocks`, levels above in `summary_levels`. Sealing reads the right
 * spine in one statement and writes what changed in at most two; a read fetches the
 * blocks a pass missed in one round trip per level it descends.
 */
import { floats, SUMMARY_FLOATS, toBuffer, type SealedChunk } from './chunk.js';
import type { Query } from './pg-db.js';
import { chunkRecords, levelWrites, type LevelBlock, type LevelWrite } from './summary-levels.js';

type BlockRow = { level: number; seq0: number; data: Buffer };

/** Records the summaries of chunks just sealed at every level, inside the caller's transaction. */
export async function appendLevels(q: Query, traceId: number, chunks: SealedChunk[]): Promise<void> {
  if (chunks.length === 0) return;
  const rows = await q<BlockRow>(
    `(SELECT 0 AS level, seq0, data FROM summary_blocks WHERE trace_id = $1 ORDER BY seq0 DESC LIMIT 1)
     UNION ALL
     (SELECT DISTINCT ON (level) level, seq0, data FROM summary_levels WHERE trace_id = $1 ORDER BY level, seq0 DESC)`,
    [traceId],
  );
  const spine: (LevelBlock | undefined)[] = [];
  for (const r of rows) spine[r.level] = { level: r.level, seq0: r.seq0, data: floats(r.data) };
  await writeLevels(q, traceId, levelWrites(spine, chunkRecords(chunks)));
}

async function writeLevels(q: Query, traceId: number, writes: LevelWrite[]): Promise<void> {
  const l0 = writes.filter((w) => w.level === 0);
  const up = writes.filter((w) => w.level > 0);
  if (l0.length > 0) {
    await q(
      `INSERT INTO summary_blocks (trace_id, seq0, data) SELECT $1, * FROM unnest($2::bigint[], $3::bytea[])
       ON CONFLICT (trace_id, seq0) DO UPDATE SET data = excluded.data`,
      [traceId, l0.map((w) => w.seq0), l0.map((w) => toBuffer(w.data))],
    );
  }
  if (up.length > 0) {
    await q(
      `INSERT INTO summary_levels (trace_id, level, seq0, data) SELECT $1, * FROM unnest($2::integer[], $3::bigint[], $4::bytea[])
       ON CONFLICT (trace_id, level, seq0) DO UPDATE SET data = excluded.data`,
      [traceId, up.map((w) => w.level), up.map((w) => w.seq0), up.map((w) => toBuffer(w.data))],
    );
  }
}

/** The top block of a trace (the highest level's block at seq0 0), or null when nothing is sealed. */
export async function fetchTop(q: Query, traceId: number): Promise<{ level: number; data: Float64Array } | null> {
  const [r] = await q<BlockRow>(
    `(SELECT level, data FROM summary_levels WHERE trace_id = $1 AND seq0 = 0 ORDER BY level DESC LIMIT 1)
     UNION ALL (SELECT 0, data FROM summary_blocks WHERE trace_id = $1 AND seq0 = 0)
     ORDER BY level DESC LIMIT 1`,
    [traceId],
  );
  return r ? { level: r.level, data: floats(r.data) } : null;
}

/** Fetches blocks by (level, seq0), in one round trip per table; calls `got` with each. */
export async function fetchBlocks(q: Query, traceId: number, keys: { level: number; seq0: number }[], got: (level: number, seq0: number, data: Float64Array) => void): Promise<void> {
  const l0 = keys.filter((k) => k.level === 0).map((k) => k.seq0);
  const up = keys.filter((k) => k.level > 0);
  let found = 0;
  if (l0.length > 0) {
    for (const r of await q<BlockRow>('SELECT seq0, data FROM summary_blocks WHERE trace_id = $1 AND seq0 = ANY($2::bigint[])', [traceId, l0])) {
      got(0, r.seq0, floats(r.data));
      found++;
    }
  }
  if (up.length > 0) {
    const rows = await q<BlockRow>(
      `SELECT level, seq0, data FROM summary_levels WHERE trace_id = $1
         AND (level, seq0) IN (SELECT * FROM unnest($2::integer[], $3::bigint[]))`,
      [traceId, up.map((k) => k.level), up.map((k) => k.seq0)],
    );
    for (const r of rows) got(r.level, r.seq0, floats(r.data));
    found += rows.length;
  }
  if (found < keys.length) throw new Error(`trace ${traceId}: ${keys.length - found} summary blocks are missing`);
}

/**
 * Migration 3's backfill: builds the levels of every trace sealed before they existed,
 * in the migration's transaction, from its level-0 blocks (rewritten aligned).
 */
export async function backfillPgLevels(q: Query): Promise<void> {
  for (const { id } of await q<{ id: number }>('SELECT id FROM traces WHERE sealed > 0 ORDER BY id')) {
    const blocks = await q<{ data: Buffer }>('SELECT data FROM summary_blocks WHERE trace_id = $1 ORDER BY seq0', [id]);
    const all = new Float64Array(blocks.reduce((n, b) => n + b.data.length / 8, 0));
    let o = 0;
    for (const b of blocks) {
      all.set(floats(b.data), o);
      o += b.data.length / 8;
    }
    if (all.length % SUMMARY_FLOATS !== 0) throw new Error(`trace ${id}: summary blocks are damaged`);
    await q('DELETE FROM summary_blocks WHERE trace_id = $1', [id]);
    await writeLevels(q, id, levelWrites([], all));
  }
}
