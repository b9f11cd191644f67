/**
 * Sealed chunks: CHUNK_POINTS consecutive points of one trace, packed as Float64
 * columns, plus "marks": the chunk's first, last, min-y, max-y and first-gap points,
 * each as (seq, x, y, t). A chunk whose x-range falls in one decimation bucket is
 * merged through its marks without decoding its points.
 */

/** Points per sealed chunk. Chosen by bench/decimate.ts: small enough that decoding the chunks that straddle bucket edges stays cheap. */
export const CHUNK_POINTS = 256;

/** Roles of the five marks, in blob order. */
export const MARK_FIRST = 0;
export const MARK_LAST = 1;
export const MARK_MIN = 2;
export const MARK_MAX = 3;
export const MARK_GAP = 4;
export const MARK_COUNT = 5;
/** Floats per mark: seq, x, y, t. A mark with seq -1 is absent. */
export const MARK_STRIDE = 4;

/**
 * A chunk's summary as one Float64 record: seq0, n, xmin, xmax, t0 (earliest time), t1 (latest), then the
 * marks. Records of consecutive chunks are stored packed in `summary_blocks` rows.
 */
export const S_SEQ0 = 0;
export const S_N = 1;
export const S_XMIN = 2;
export const S_XMAX = 3;
export const S_T0 = 4;
export const S_T1 = 5;
export const S_MARKS = 6;
export const SUMMARY_FLOATS = S_MARKS + MARK_COUNT * MARK_STRIDE;

/** Points in columns; NaN in y is a gap. */
export interface Points {
  x: Float64Array;
  y: Float64Array;
  t: Float64Array;
}

export interface SealedChunk {
  seq0: number;
  n: number;
  xmin: number;
  xmax: number;
  t0: number;
  t1: number;
  marks: Float64Array;
  xs: Buffer;
  ys: Buffer;
  ts: Buffer;
}

export function toBuffer(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Reads a Float64 column from a blob (copying when the blob is not 8-byte aligned). */
export function floats(blob: Buffer): Float64Array {
  if (blob.byteOffset % 8 === 0) return new Float64Array(blob.buffer, blob.byteOffset, blob.byteLength / 8);
  return new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/**
 * Packs a chunk column: as [v0, dv] when it is the sequence v0 + i·dv exactly (x given
 * as steps, or one time for a whole batch: dv = 0), otherwise every value. A chunk of
 * steps appended in one batch then stores little more than its y column, and a read
 * that decodes it (a bucket edge) reads one page instead of three.
 */
export function packColumn(v: Float64Array): Buffer {
  const n = v.length;
  if (n > 2) {
    const v0 = v[0]!;
    const dv = v[1]! - v0;
    let ok = Number.isFinite(v0) && Number.isFinite(dv);
    // Object.is: the values decoded must be these, -0 included.
    for (let i = 0; ok && i < n; i++) ok = Object.is(v[i], v0 + i * dv);
    if (ok) return toBuffer(Float64Array.of(v0, dv));
  }
  return toBuffer(v);
}

/** The n values of a column packed by packColumn (or stored whole, as before packing existed). */
export function unpackColumn(blob: Buffer, n: number): Float64Array {
  if (blob.byteLength === n * 8) return floats(blob);
  const [v0, dv] = floats(blob) as unknown as [number, number];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = v0 + i * dv;
  return out;
}

/** Computes the marks of points seq0.. of one chunk. */
export function computeMarks(seq0: number, p: Points, from: number, to: number): Float64Array {
  const m = new Float64Array(MARK_COUNT * MARK_STRIDE);
  for (let k = 0; k < MARK_COUNT; k++) m[k * MARK_STRIDE] = -1;
  const set = (role: number, i: number) => {
    const o = role * MARK_STRIDE;
    m[o] = seq0 + (i - from);
    m[o + 1] = p.x[i]!;
    m[o + 2] = p.y[i]!;
    m[o + 3] = p.t[i]!;
  };
  set(MARK_FIRST, from);
  set(MARK_LAST, to - 1);
  let min = Infinity;
  let max = -Infinity;
  let gap = false;
  for (let i = from; i < to; i++) {
    const y = p.y[i]!;
    if (Number.isNaN(y)) {
      if (!gap) {
        gap = true;
        set(MARK_GAP, i);
      }
      continue;
    }
    if (y < min) {
      min = y;
      set(MARK_MIN, i);
    }
    if (y > max) {
      max = y;
      set(MARK_MAX, i);
    }
  }
  return m;
}

/** Packs points [from, to) of `p` into one sealed chunk starting at seq0. */
export function sealChunk(seq0: number, p: Points, from: number, to: number): SealedChunk {
  let xmin = Infinity;
  let xmax = -Infinity;
  // t0/t1 bound the chunk's times; they need not be its first and last (a trainer's T may go back).
  let t0 = Infinity;
  let t1 = -Infinity;
  for (let i = from; i < to; i++) {
    const x = p.x[i]!;
    if (x < xmin) xmin = x;
    if (x > xmax) xmax = x;
    const t = p.t[i]!;
    if (t < t0) t0 = t;
    if (t > t1) t1 = t;
  }
  return {
    seq0,
    n: to - from,
    xmin,
    xmax,
    t0,
    t1,
    marks: computeMarks(seq0, p, from, to),
    xs: packColumn(p.x.slice(from, to)),
    ys: packColumn(p.y.slice(from, to)),
    ts: packColumn(p.t.slice(from, to)),
  };
}

/** Writes the summary record of `c` at `out[offset..offset + SUMMARY_FLOATS)`. */
export function writeSummary(c: Omit<SealedChunk, 'xs' | 'ys' | 'ts'>, out: Float64Array, offset: number): void {
  out[offset + S_SEQ0] = c.seq0;
  out[offset + S_N] = c.n;
  out[offset + S_XMIN] = c.xmin;
  out[offset + S_XMAX] = c.xmax;
  out[offset + S_T0] = c.t0;
  out[offset + S_T1] = c.t1;
  out.set(c.marks, offset + S_MARKS);
}
