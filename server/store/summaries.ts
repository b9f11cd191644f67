/**
 * An in-memory copy of each trace's chunk summaries (seq0, n, x/t range, marks),
 * so a decimated read walks packed Float64 columns instead of fetching tens of
 * thousands of rows. The database stays the source of truth: an entry covers the
 * chunks of the first `sealed` points, is topped up with newly sealed chunks on
 * read, and is dropped whenever its trace may have changed in another way.
 * Memory is bounded: least recently read traces are evicted past `maxChunks`.
 */
import { MARK_COUNT, MARK_STRIDE, floats } from './chunk.js';

const MARK_FLOATS = MARK_COUNT * MARK_STRIDE;

/** Chunk summaries of one trace, as columns; entry i describes chunk i in seq order. */
export interface Summaries {
  count: number;
  /** Points covered: the trace's `sealed` when the entry was last brought up to date. */
  sealed: number;
  seq0: Float64Array;
  n: Float64Array;
  xmin: Float64Array;
  xmax: Float64Array;
  t0: Float64Array;
  t1: Float64Array;
  /** MARK_FLOATS floats per chunk, as stored in the chunk's marks blob. */
  marks: Float64Array;
}

type SummaryRow = [seq0: number, n: number, xmin: number, xmax: number, t0: number, t1: number, marks: Buffer];

/** Reads the summaries of chunks with seq0 ≥ from, in seq order. */
export type LoadSummaries = (traceId: number, from: number) => Iterable<SummaryRow>;

/** Default bound: about 35 MB of summaries (≈40M points at 256 points per chunk). */
export const DEFAULT_MAX_CHUNKS = 160_000;

export class SummaryCache {
  /** Map order is recency order: the first entry is the least recently read. */
  private readonly entries = new Map<number, Summaries>();
  private chunks = 0;

  constructor(
    private readonly load: LoadSummaries,
    private readonly maxChunks = DEFAULT_MAX_CHUNKS,
  ) {}

  /** The summaries of every sealed chunk of a trace with `sealed` sealed points. */
  get(traceId: number, sealed: number): Summaries {
    let e = this.entries.get(traceId);
    if (e && e.sealed > sealed) {
      this.drop(traceId);
      e = undefined;
    }
    if (!e) e = emptySummaries();
    else this.entries.delete(traceId);
    this.chunks -= e.count;
    if (e.sealed < sealed) this.extend(traceId, e);
    this.entries.set(traceId, e);
    this.chunks += e.count;
    this.evict(traceId);
    return e;
  }

  /** Forgets one trace (deleted, or its points replaced). */
  drop(traceId: number): void {
    const e = this.entries.get(traceId);
    if (!e) return;
    this.chunks -= e.count;
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

  private extend(traceId: number, e: Summaries): void {
    for (const [seq0, n, xmin, xmax, t0, t1, marks] of this.load(traceId, e.sealed)) {
      if (e.count === e.seq0.length) grow(e);
      const i = e.count++;
      e.seq0[i] = seq0;
      e.n[i] = n;
      e.xmin[i] = xmin;
      e.xmax[i] = xmax;
      e.t0[i] = t0;
      e.t1[i] = t1;
      e.marks.set(floats(marks), i * MARK_FLOATS);
      e.sealed = seq0 + n;
    }
  }

  private evict(keep: number): void {
    for (const [id, e] of this.entries) {
      if (this.chunks <= this.maxChunks) return;
      if (id === keep) continue;
      this.chunks -= e.count;
      this.entries.delete(id);
    }
  }
}

function emptySummaries(): Summaries {
  const cap = 16;
  return {
    count: 0,
    sealed: 0,
    seq0: new Float64Array(cap),
    n: new Float64Array(cap),
    xmin: new Float64Array(cap),
    xmax: new Float64Array(cap),
    t0: new Float64Array(cap),
    t1: new Float64Array(cap),
    marks: new Float64Array(cap * MARK_FLOATS),
  };
}

function grow(e: Summaries): void {
  const more = (a: Float64Array) => {
    const b = new Float64Array(a.length * 2);
    b.set(a);
    return b;
  };
  e.seq0 = more(e.seq0);
  e.n = more(e.n);
  e.xmin = more(e.xmin);
  e.xmax = more(e.xmax);
  e.t0 = more(e.t0);
  e.t1 = more(e.t1);
  e.marks = more(e.marks);
}
