/**
 * Multi-level chunk summaries, as pure logic shared by every store backend (no SQL
 * here: SQLite and Postgres both feed it chunk records and read it the same way).
 *
 * Level 0 holds one record per sealed chunk (the layout of chunk.ts: seq0, n, x and
 * t range, marks). Each record of level L + 1 summarizes FANOUT consecutive records of
 * level L with the same layout: its first and last marks are its first child's first
 * and its last child's last, its min and max are the extremes of its children's (ties
 * to the lower seq), its gap is its first child's gap. Levels are added until the top
 * one has at most FANOUT records, so a trace of N points has about
 * log_FANOUT(N / CHUNK_POINTS) levels and a read walks O(buckets × levels) records.
 */
import {
  MARK_FIRST, MARK_GAP, MARK_LAST, MARK_MAX, MARK_MIN, MARK_STRIDE,
  SUMMARY_FLOATS, S_MARKS, S_N, S_SEQ0, S_T0, S_T1, S_XMAX, S_XMIN,
} from './chunk.js';

/** Records of level L summarized by one record of level L + 1. */
export const FANOUT = 16;

/** One level: `count` records, record i at floats [i * SUMMARY_FLOATS, (i + 1) * SUMMARY_FLOATS). */
export interface Level {
  count: number;
  records: Float64Array;
  /**
   * Per record, 1 when x goes back somewhere inside it (a child starts left of where an
   * earlier child reached): the trace is then a path, not a function of x.
   */
  back: Uint8Array;
}

/** Merges records [from, to) of `src` into one record at `out[o..]`; returns whether x goes back across them. */
export function mergeRecords(src: Float64Array, from: number, to: number, out: Float64Array, o: number): boolean {
  const f = from * SUMMARY_FLOATS;
  const l = (to - 1) * SUMMARY_FLOATS;
  let n = 0;
  let xmin = Infinity;
  let xmax = -Infinity;
  let t0 = Infinity;
  let t1 = -Infinity;
  let back = false;
  let min = -1;
  let max = -1;
  let gap = -1;
  for (let i = from, r = f; i < to; i++, r += SUMMARY_FLOATS) {
    n += src[r + S_N]!;
    const lo = src[r + S_XMIN]!;
    if (lo < xmax) back = true;
    if (lo < xmin) xmin = lo;
    if (src[r + S_XMAX]! > xmax) xmax = src[r + S_XMAX]!;
    if (src[r + S_T0]! < t0) t0 = src[r + S_T0]!;
    if (src[r + S_T1]! > t1) t1 = src[r + S_T1]!;
    const mn = r + S_MARKS + MARK_MIN * MARK_STRIDE;
    if (src[mn]! >= 0 && (min < 0 || src[mn + 2]! < src[min + 2]! || (src[mn + 2] === src[min + 2] && src[mn]! < src[min]!))) min = mn;
    const mx = r + S_MARKS + MARK_MAX * MARK_STRIDE;
    if (src[mx]! >= 0 && (max < 0 || src[mx + 2]! > src[max + 2]! || (src[mx + 2] === src[max + 2] && src[mx]! < src[max]!))) max = mx;
    const gp = r + S_MARKS + MARK_GAP * MARK_STRIDE;
    if (gap < 0 && src[gp]! >= 0) gap = gp;
  }
  out[o + S_SEQ0] = src[f + S_SEQ0]!;
  out[o + S_N] = n;
  out[o + S_XMIN] = xmin;
  out[o + S_XMAX] = xmax;
  out[o + S_T0] = t0;
  out[o + S_T1] = t1;
  const copy = (role: number, at: number) => {
    const d = o + S_MARKS + role * MARK_STRIDE;
    if (at < 0) {
      out[d] = -1;
      out[d + 1] = out[d + 2] = out[d + 3] = 0;
    } else for (let k = 0; k < MARK_STRIDE; k++) out[d + k] = src[at + k]!;
  };
  copy(MARK_FIRST, f + S_MARKS + MARK_FIRST * MARK_STRIDE);
  copy(MARK_LAST, l + S_MARKS + MARK_LAST * MARK_STRIDE);
  copy(MARK_MIN, min);
  copy(MARK_MAX, max);
  copy(MARK_GAP, gap);
  return back;
}

/** The summaries of one trace's sealed chunks, at every level. */
export class SummaryTree {
  /** levels[0] holds the chunk records; the last level has at most FANOUT records. */
  readonly levels: Level[] = [];

  constructor(expectedChunks = 0) {
    this.levels.push(newLevel(expectedChunks + 16));
  }

  /** Chunks summarized. */
  get chunks(): number {
    return this.levels[0]!.count;
  }

  /** Points covered: the end seq of the last chunk (0 when none). */
  get sealed(): number {
    const l0 = this.levels[0]!;
    if (l0.count === 0) return 0;
    const r = (l0.count - 1) * SUMMARY_FLOATS;
    return l0.records[r + S_SEQ0]! + l0.records[r + S_N]!;
  }

  /** Appends chunk records (consecutive, in seq order) and brings the upper levels up to date: O(levels × FANOUT) per record. */
  push(record: Float64Array): void {
    const l0 = this.levels[0]!;
    ensure(l0, l0.count + 1);
    l0.records.set(record.subarray(0, SUMMARY_FLOATS), l0.count * SUMMARY_FLOATS);
    l0.back[l0.count] = 0;
    l0.count++;
    this.update(l0.count - 1);
  }

  /** Recomputes, at every level above 0, the ancestors of chunk `changed` (and any parents that are new). */
  private update(changed: number): void {
    let child = changed;
    for (let L = 0; this.levels[L]!.count > FANOUT || L + 1 < this.levels.length; L++) {
      const below = this.levels[L]!;
      if (L + 1 === this.levels.length) this.levels.push(newLevel(FANOUT * 2));
      const above = this.levels[L + 1]!;
      const lastParent = Math.floor((below.count - 1) / FANOUT);
      const firstParent = Math.min(Math.floor(child / FANOUT), above.count);
      ensure(above, lastParent + 1);
      for (let p = firstParent; p <= lastParent; p++) {
        const from = p * FANOUT;
        const to = Math.min(below.count, from + FANOUT);
        let back = mergeRecords(below.records, from, to, above.records, p * SUMMARY_FLOATS);
        for (let c = from; c < to && !back; c++) back = below.back[c] === 1;
        above.back[p] = back ? 1 : 0;
      }
      above.count = lastParent + 1;
      child = firstParent;
    }
  }

  /** Whether x goes back anywhere across the sealed chunks (the trace is a path). */
  goesBack(): boolean {
    const top = this.levels[this.levels.length - 1]!;
    let reach = -Infinity;
    for (let i = 0; i < top.count; i++) {
      if (top.back[i] === 1 || top.records[i * SUMMARY_FLOATS + S_XMIN]! < reach) return true;
      reach = Math.max(reach, top.records[i * SUMMARY_FLOATS + S_XMAX]!);
    }
    return false;
  }

  /** The largest x reached by the sealed chunks (-Infinity when none). */
  xReach(): number {
    const top = this.levels[this.levels.length - 1]!;
    let reach = -Infinity;
    for (let i = 0; i < top.count; i++) reach = Math.max(reach, top.records[i * SUMMARY_FLOATS + S_XMAX]!);
    return reach;
  }

  /** Records held, over all levels (for cache accounting). */
  get size(): number {
    return this.levels.reduce((s, l) => s + l.count, 0);
  }

  /**
   * Walks the tree from the top: `visit(level, i, records, o)` says what to do with record
   * i of a level (its floats at records[o..]): 'skip' it, 'take' it whole, or 'open' it,
   * which visits its children, or at level 0 calls `leaf(i)`. Children are visited in seq order.
   */
  walk(visit: (level: number, i: number, records: Float64Array, o: number) => 'skip' | 'take' | 'open', leaf: (chunk: number) => void): void {
    const top = this.levels.length - 1;
    const go = (L: number, from: number, to: number) => {
      const lv = this.levels[L]!;
      for (let i = from; i < to; i++) {
        const what = visit(L, i, lv.records, i * SUMMARY_FLOATS);
        if (what !== 'open') continue;
        if (L === 0) leaf(i);
        else go(L - 1, i * FANOUT, Math.min(this.levels[L - 1]!.count, (i + 1) * FANOUT));
      }
    };
    go(top, 0, this.levels[top]!.count);
  }
}

function newLevel(capacity: number): Level {
  return { count: 0, records: new Float64Array(capacity * SUMMARY_FLOATS), back: new Uint8Array(capacity) };
}

function ensure(level: Level, count: number): void {
  if (count <= level.back.length) return;
  const cap = Math.max(count, Math.ceil(level.back.length * 1.5));
  const records = new Float64Array(cap * SUMMARY_FLOATS);
  records.set(level.records.subarray(0, level.count * SUMMARY_FLOATS));
  const back = new Uint8Array(cap);
  back.set(level.back.subarray(0, level.count));
  level.records = records;
  level.back = back;
}
