/**
 * Multi-level chunk summaries as stored rows, as pure logic shared by every store
 * backend (no SQL here: SQLite and Postgres feed it rows and write what it returns).
 *
 * Level 0 holds one record per sealed chunk (chunk.ts's layout: seq0, n, x and t range,
 * marks), packed FANOUT to a block row (`summary_blocks`). Each record of level L + 1
 * summarizes one block of level L: its first and last marks are the block's first
 * record's first and last record's last, its min and max are the extremes of the
 * block's (ties to the lower seq), its gap the first gap. Records above level 0 carry
 * one more float, `back`: 1 when x goes back somewhere inside the record (the trace is
 * then a path, not a function of x). Their blocks are `summary_levels` rows keyed by
 * (level, seq0 of the first record), so the children of a record are the block of the
 * level below keyed by that record's own seq0. Levels are added until the top one is a
 * single block (seq0 0); a trace of N points has about log_FANOUT(N / CHUNK_POINTS) levels.
 *
 * Only the last block of each level (the right spine) ever changes: sealing chunks
 * rewrites it and adds blocks, O(levels) rows per seal, in the sealing transaction.
 */
import {
  MARK_FIRST, MARK_GAP, MARK_LAST, MARK_MAX, MARK_MIN, MARK_STRIDE, SUMMARY_FLOATS, S_MARKS, S_N, S_SEQ0, S_T0, S_T1, S_XMAX, S_XMIN,
  writeSummary, type SealedChunk,
} from './chunk.js';

/** Records of level L summarized by one record of level L + 1 (and records per block row). */
export const FANOUT = 16;

/** Floats per record above level 0: a chunk record and then `back`. */
export const LEVEL_FLOATS = SUMMARY_FLOATS + 1;
export const L_BACK = SUMMARY_FLOATS;

/** Floats per record stored at a level. */
export const strideOf = (level: number) => (level === 0 ? SUMMARY_FLOATS : LEVEL_FLOATS);

/** One block row: the records of one level starting at seq0 (a record's children are the block keyed by its seq0). */
export interface LevelBlock {
  level: number;
  seq0: number;
  data: Float64Array;
}

/** A block to write: `insert` a new row, or replace the data of the row with this key. */
export interface LevelWrite extends LevelBlock {
  insert: boolean;
}

/**
 * Merges the records at `src[from..to)` (stride `stride`, whole records) into one
 * record of LEVEL_FLOATS at `out[o..]`, `back` included.
 */
export function mergeRecords(src: Float64Array, stride: number, from: number, to: number, out: Float64Array, o: number): void {
  let n = 0;
  let xmin = Infinity;
  let xmax = -Infinity;
  let t0 = Infinity;
  let t1 = -Infinity;
  let back = false;
  let min = -1;
  let max = -1;
  let gap = -1;
  for (let r = from; r < to; r += stride) {
    n += src[r + S_N]!;
    const lo = src[r + S_XMIN]!;
    if (lo < xmax || (stride === LEVEL_FLOATS && src[r + L_BACK] === 1)) back = true;
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
  out[o + S_SEQ0] = src[from + S_SEQ0]!;
  out[o + S_N] = n;
  out[o + S_XMIN] = xmin;
  out[o + S_XMAX] = xmax;
  out[o + S_T0] = t0;
  out[o + S_T1] = t1;
  out[o + L_BACK] = back ? 1 : 0;
  const copy = (role: number, at: number) => {
    const d = o + S_MARKS + role * MARK_STRIDE;
    if (at < 0) {
      out[d] = -1;
      out[d + 1] = out[d + 2] = out[d + 3] = 0;
    } else for (let k = 0; k < MARK_STRIDE; k++) out[d + k] = src[at + k]!;
  };
  copy(MARK_FIRST, from + S_MARKS + MARK_FIRST * MARK_STRIDE);
  copy(MARK_LAST, to - stride + S_MARKS + MARK_LAST * MARK_STRIDE);
  copy(MARK_MIN, min);
  copy(MARK_MAX, max);
  copy(MARK_GAP, gap);
}

/** The end seq (exclusive) of the last record of a block. */
export function blockEnd(data: Float64Array, stride: number): number {
  const r = data.length - stride;
  return data[r + S_SEQ0]! + data[r + S_N]!;
}

/**
 * The rows to write when records are added at the end of one level: the level's last
 * block (`last`, undefined when the level is empty) has records appended, or its last
 * record replaced when an added record has the same seq0 (a parent that grew); full
 * blocks are followed by new ones. Returns the changed blocks, in seq order.
 */
function pushLevel(level: number, last: LevelBlock | undefined, added: Float64Array): LevelWrite[] {
  const stride = strideOf(level);
  const out: LevelWrite[] = [];
  let cur: { seq0: number; recs: number[]; insert: boolean; touched: boolean } | undefined;
  if (last) cur = { seq0: last.seq0, recs: Array.from(last.data), insert: false, touched: false };
  // An untouched last block is not written again.
  const flush = () => {
    if (cur?.touched) out.push({ level, seq0: cur.seq0, data: Float64Array.from(cur.recs), insert: cur.insert });
  };
  for (let a = 0; a < added.length; a += stride) {
    const rec = added.subarray(a, a + stride);
    if (cur && cur.recs.length >= stride && cur.recs[cur.recs.length - stride + S_SEQ0] === rec[S_SEQ0]) {
      cur.recs.splice(cur.recs.length - stride, stride, ...rec);
      cur.touched = true;
      continue;
    }
    if (!cur || cur.recs.length >= FANOUT * stride) {
      flush();
      cur = { seq0: rec[S_SEQ0]!, recs: [], insert: true, touched: true };
    }
    cur.recs.push(...rec);
    cur.touched = true;
  }
  flush();
  return out;
}

/**
 * Every row write for chunk records just sealed (`records`: consecutive level-0 records
 * in seq order, SUMMARY_FLOATS each) given the trace's right spine (`spine[L]`: the last
 * block of level L, as stored; missing levels are empty). Pure: both stores call it in
 * the sealing transaction, and the backfill calls it with an empty spine and every record.
 */
export function levelWrites(spine: (LevelBlock | undefined)[], records: Float64Array): LevelWrite[] {
  const writes: LevelWrite[] = [];
  let changed = pushLevel(0, spine[0], records);
  for (let L = 0; changed.length > 0; L++) {
    writes.push(...changed);
    // One block at this level (and so none above): it is the top.
    const lastSeq0 = changed[changed.length - 1]!.seq0;
    if (lastSeq0 === 0) break;
    const stride = strideOf(L);
    // The level had one block (the top) until now: the new level above starts with that block's parent.
    const first = spine[L];
    const below = spine[L + 1] === undefined && first !== undefined && changed[0]!.seq0 !== first.seq0 ? [first, ...changed] : changed;
    const parents = new Float64Array(below.length * LEVEL_FLOATS);
    below.forEach((b, i) => mergeRecords(b.data, stride, 0, b.data.length, parents, i * LEVEL_FLOATS));
    changed = pushLevel(L + 1, spine[L + 1], parents);
  }
  return writes;
}

/** The summary records (SUMMARY_FLOATS each) of sealed chunks, in seq order. */
export function chunkRecords(chunks: Omit<SealedChunk, 'xs' | 'ys' | 'ts'>[]): Float64Array {
  const records = new Float64Array(chunks.length * SUMMARY_FLOATS);
  chunks.forEach((c, i) => writeSummary(c, records, i * SUMMARY_FLOATS));
  return records;
}
