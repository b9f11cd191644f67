/**
 * An in-memory copy of each trace's chunk summaries (seq0, n, x/t range, marks) with
 * the levels above them (summary-tree.ts), so a decimated read walks a few packed
 * Float64 records per bucket instead of fetching tens of thousands of rows. The database stays the source of truth: an entry covers the
 * chunks of the first `sealed` points, is topped up with newly sealed chunks on
 * read, and is dropped whenever its trace may have changed in another way.
 * Memory is bounded: least recently read traces are evicted past `maxChunks`.
 */
import { CHUNK_POINTS } from './chunk.js';
import { SummaryTree } from './summary-tree.js';

/** Yields the summary records of the chunks with seq0 ≥ from, in seq order. */
export type LoadSummaries = (traceId: number, from: number) => Iterable<Float64Array>;

/** Default bound: about 33 MB of summaries (≈40M points at 256 points per chunk). */
export const DEFAULT_MAX_CHUNKS = 160_000;

export class SummaryCache {
  /** Map order is recency order: the first entry is the least recently read. */
  private readonly entries = new Map<number, SummaryTree>();
  private chunks = 0;

  constructor(
    private readonly load: LoadSummaries,
    private readonly maxChunks = DEFAULT_MAX_CHUNKS,
  ) {}

  /** The summaries of every sealed chunk of a trace with `sealed` sealed points. */
  get(traceId: number, sealed: number): SummaryTree {
    let e = this.entries.get(traceId);
    if (e && e.sealed > sealed) {
      this.drop(traceId);
      e = undefined;
    }
    // Sized for the chunks a trace of `sealed` points usually has, so a big trace is not copied while growing.
    if (!e) e = new SummaryTree(Math.ceil(sealed / CHUNK_POINTS));
    else this.entries.delete(traceId);
    this.chunks -= e.chunks;
    if (e.sealed < sealed) for (const r of this.load(traceId, e.sealed)) e.push(r);
    this.entries.set(traceId, e);
    this.chunks += e.chunks;
    this.evict(traceId);
    return e;
  }

  /** Points covered by the summaries held for a trace (0 when none are). */
  covered(traceId: number): number {
    return this.entries.get(traceId)?.sealed ?? 0;
  }

  /** Forgets one trace (deleted, or its points replaced). */
  drop(traceId: number): void {
    const e = this.entries.get(traceId);
    if (!e) return;
    this.chunks -= e.chunks;
    this.entries.delete(traceId);
  }

  /** Forgets everything (several traces deleted, or a transaction rolled back). */
  clear(): void {
    this.entries.clear();
    this.chunks = 0;
  }

  /** Chunks held, over all traces. */
  get size(): number {
    return this.chunks;
  }

  private evict(keep: number): void {
    for (const [id, e] of this.entries) {
      if (this.chunks <= this.maxChunks) return;
      if (id === keep) continue;
      this.chunks -= e.chunks;
      this.entries.delete(id);
    }
  }
}
