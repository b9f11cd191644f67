/**
 * Reads over a trace's stored summary levels (summary-levels.ts), loading blocks only
 * where a read opens a record: a decimated read of N points into B buckets loads
 * O(B × levels) blocks, starting from the top one. Blocks are kept in a bounded
 * in-memory cache between reads; the database stays the source of truth.
 *
 * A block is valid for as long as its trace's `sealed` count is unchanged, except that
 * only the last block of each level can change when chunks are sealed: when a trace's
 * sealed count grows, the cache drops exactly the blocks that ended at the old count.
 * Backends load blocks through a BlockLoader: SQLite reads a row when asked; Postgres
 * answers "missing", fetches every block a pass missed in one round trip, and runs the
 * pass again.
 */
import { SUMMARY_FLOATS, S_SEQ0, S_XMAX, S_XMIN } from './chunk.js';
import { blockEnd, LEVEL_FLOATS, L_BACK } from './summary-levels.js';

export type Visit = 'skip' | 'take' | 'open';

/** A trace's summaries, as the reads in series-view.ts walk them. Every record has LEVEL_FLOATS floats. */
export interface SummaryIndex {
  /**
   * Walks from the top: `visit(level, records, o)` says what to do with the record at
   * records[o..]: 'skip' it, 'take' it whole, or 'open' it, which visits its children,
   * or at level 0 calls `leaf(records, o)`. Children are visited in seq order.
   */
  walk(visit: (level: number, records: Float64Array, o: number) => Visit, leaf: (records: Float64Array, o: number) => void): void;
  /** Whether x goes back anywhere across the sealed chunks (the trace is a path). */
  goesBack(): boolean;
  /** The largest x reached by the sealed chunks (-Infinity when none). */
  xReach(): number;
}

/** Loads blocks as stored (stride strideOf(level)); undefined when not available yet. */
export interface BlockLoader {
  /** The top block: the highest level's block at seq0 0 (null when nothing is sealed). */
  top(): { level: number; data: Float64Array } | null | undefined;
  block(level: number, seq0: number): Float64Array | undefined;
}

const key = (level: number, seq0: number) => `${level}:${seq0}`;

/** Converts a stored block to records of LEVEL_FLOATS (level 0 gets back = 0). */
function widen(level: number, data: Float64Array): Float64Array {
  if (level > 0) return data;
  const n = data.length / SUMMARY_FLOATS;
  const out = new Float64Array(n * LEVEL_FLOATS);
  for (let i = 0; i < n; i++) out.set(data.subarray(i * SUMMARY_FLOATS, (i + 1) * SUMMARY_FLOATS), i * LEVEL_FLOATS);
  return out;
}

interface Entry {
  sealed: number;
  top?: { level: number; data: Float64Array } | null;
  blocks: Map<string, Float64Array>;
  /** Records held in `blocks`. */
  records: number;
}

const newEntry = (sealed: number): Entry => ({ sealed, blocks: new Map(), records: 0 });

/** One read's view of a trace's levels: cached blocks, plus the ones it loads. */
export class LazyLevels implements SummaryIndex {
  /** Keys of blocks a walk needed but the loader did not have. */
  readonly missing: { level: number; seq0: number }[] = [];
  private topMissing = false;
  /** Used instead of the cached entry once that one no longer holds this read's snapshot. */
  private own?: Entry;

  constructor(
    private readonly cached: Entry,
    private readonly sealed: number,
    private readonly loader: BlockLoader,
  ) {}

  /** The cached entry while it holds this read's snapshot (a Postgres read awaits between passes, and another read may move the entry on). */
  private get entry(): Entry {
    if (this.cached.sealed === this.sealed) return this.cached;
    return (this.own ??= newEntry(this.sealed));
  }

  /** Whether a walk needed the top block and the loader did not have it. */
  get needsTop(): boolean {
    return this.topMissing;
  }

  /** Whether every block the walks needed was there (otherwise their results are partial). */
  get complete(): boolean {
    return this.missing.length === 0 && !this.topMissing;
  }

  private top(): { level: number; data: Float64Array } | null {
    if (this.entry.top === undefined) {
      const t = this.loader.top();
      if (t === undefined) {
        this.topMissing = true;
        return null;
      }
      this.entry.top = t && { level: t.level, data: widen(t.level, t.data) };
    }
    return this.entry.top;
  }

  private block(level: number, seq0: number): Float64Array | undefined {
    const k = key(level, seq0);
    let b = this.entry.blocks.get(k);
    if (!b) {
      const data = this.loader.block(level, seq0);
      if (!data) {
        if (!this.missing.some((m) => m.level === level && m.seq0 === seq0)) this.missing.push({ level, seq0 });
        return undefined;
      }
      const e = this.entry;
      e.blocks.set(k, (b = widen(level, data)));
      e.records += b.length / LEVEL_FLOATS;
    }
    return b;
  }

  walk(visit: (level: number, records: Float64Array, o: number) => Visit, leaf: (records: Float64Array, o: number) => void): void {
    const go = (L: number, data: Float64Array) => {
      for (let o = 0; o < data.length; o += LEVEL_FLOATS) {
        const what = visit(L, data, o);
        if (what !== 'open') continue;
        if (L === 0) leaf(data, o);
        else {
          const children = this.block(L - 1, data[o + S_SEQ0]!);
          if (children) go(L - 1, children);
        }
      }
    };
    const top = this.top();
    if (top) go(top.level, top.data);
  }

  goesBack(): boolean {
    const top = this.top()?.data ?? new Float64Array(0);
    let reach = -Infinity;
    for (let o = 0; o < top.length; o += LEVEL_FLOATS) {
      if (top[o + L_BACK] === 1 || top[o + S_XMIN]! < reach) return true;
      reach = Math.max(reach, top[o + S_XMAX]!);
    }
    return false;
  }

  xReach(): number {
    const top = this.top()?.data ?? new Float64Array(0);
    let reach = -Infinity;
    for (let o = 0; o < top.length; o += LEVEL_FLOATS) reach = Math.max(reach, top[o + S_XMAX]!);
    return reach;
  }
}

/** Default bound on cached records, over all traces: about 33 MB. */
export const DEFAULT_MAX_RECORDS = 160_000;

/** Blocks of recently read traces, least recently read evicted first past `maxRecords`. */
export class LevelCache {
  /** Map order is recency order: the first entry is the least recently read. */
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly maxRecords = DEFAULT_MAX_RECORDS) {}

  /**
   * The levels of a trace as of `sealed` sealed points, for one read. Blocks cached for
   * an older count are kept except the ones that changed since; a read of an older
   * snapshot than the cache's (Postgres) gets an entry of its own, not cached.
   */
  levels(traceId: number, sealed: number, loader: BlockLoader): LazyLevels {
    let e = this.entries.get(traceId);
    if (e && e.sealed > sealed) return new LazyLevels(newEntry(sealed), sealed, loader);
    if (!e) e = newEntry(sealed);
    else if (e.sealed < sealed) {
      for (const [k, b] of e.blocks) {
        if (blockEnd(b, LEVEL_FLOATS) !== e.sealed) continue;
        e.blocks.delete(k);
        e.records -= b.length / LEVEL_FLOATS;
      }
      e.top = undefined;
      e.sealed = sealed;
    }
    this.entries.delete(traceId);
    this.entries.set(traceId, e);
    this.evict(traceId);
    return new LazyLevels(e, sealed, loader);
  }

  /** Forgets one trace (deleted, or its points replaced). */
  drop(traceId: number): void {
    this.entries.delete(traceId);
  }

  /** Forgets everything (several traces deleted, or a transaction rolled back). */
  clear(): void {
    this.entries.clear();
  }

  /** Records held, over all traces. */
  get size(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.records;
    return n;
  }

  private evict(keep: number): void {
    let size = this.size;
    for (const [id, e] of this.entries) {
      if (size <= this.maxRecords) return;
      if (id === keep) continue;
      size -= e.records;
      this.entries.delete(id);
    }
  }
}
