/**
 * The fetch loop of a read, shared by both stores: a read pass (series-view.ts) runs over
 * what is at hand, and when it lacked summary blocks or chunks the loop asks for all it
 * lacked at once and runs the pass again. A generator: SQLite answers each request
 * synchronously with one batched statement per table, Postgres with one round trip.
 * A cold read descends one level per pass; a warm one needs only its chunks.
 */
import type { ChunkColumns, ChunkSource } from './series-view.js';
import type { TraceState } from './series.js';
import type { LazyLevels, LevelCache } from './summary-read.js';
import type { LevelBlock } from './summary-levels.js';

/** What a pass lacked. */
export interface ReadFetch {
  top: boolean;
  blocks: { level: number; seq0: number }[];
  chunks: number[];
}

/** The answer to a ReadFetch: every block and chunk asked for. */
export interface ReadFetched {
  top?: { level: number; data: Float64Array } | null;
  blocks: LevelBlock[];
  chunks: ChunkColumns[];
}

export function* readPasses<T>(cache: LevelCache, trace: TraceState, tail: ChunkColumns, pass: (src: ChunkSource) => T | null): Generator<ReadFetch, T, ReadFetched> {
  const chunks = new Map<number, ChunkColumns>();
  const missing = new Set<number>();
  const blocks = new Map<string, Float64Array>();
  let top: { level: number; data: Float64Array } | null | undefined;
  let levels: LazyLevels | undefined;
  const src: ChunkSource = {
    summaries: (t) => (levels = cache.levels(t.id, t.sealed, { top: () => top, block: (level, seq0) => blocks.get(`${level}:${seq0}`) })),
    complete: () => levels?.complete ?? true,
    tail: () => tail,
    have: (_id, seq0s) => {
      for (const s of seq0s) if (!chunks.has(s)) missing.add(s);
      return missing.size === 0;
    },
    chunk: (_id, seq0) => chunks.get(seq0)!,
  };
  for (;;) {
    const out = pass(src);
    if (out !== null) return out;
    const lacking = levels && !levels.complete;
    const got = yield lacking ? { top: levels!.needsTop, blocks: levels!.missing, chunks: [] } : { top: false, blocks: [], chunks: [...missing] };
    if (got.top !== undefined) top = got.top;
    for (const b of got.blocks) blocks.set(`${b.level}:${b.seq0}`, b.data);
    for (const c of got.chunks) chunks.set(c.seq0, c);
    missing.clear();
  }
}
