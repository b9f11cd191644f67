/**
 * Min/max ("M4") decimation into x-buckets. Each bucket keeps its first, last,
 * min-y and max-y points, and its first gap, so a one-point spike survives any
 * zoom level and a gap still breaks the line. Bucket edges sit at multiples of a
 * "nice" width (1, 2 or 5 × 10^k), anchored at x = 0, so appending points never
 * moves the edges of buckets already drawn, and the same data always gives the
 * same output.
 */
import { MARK_COUNT, MARK_FIRST, MARK_GAP, MARK_LAST, MARK_MAX, MARK_MIN, MARK_STRIDE } from './chunk.js';

/** The smallest width of the form {1,2,5}·10^k that splits `span` into at most `buckets` buckets. */
export function niceBucketWidth(span: number, buckets: number): number {
  if (!(span > 0)) return 1;
  const raw = span / buckets;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 5, 10]) {
    const w = step * mag;
    if (w >= raw) return w;
  }
  return 10 * mag;
}

/** Output columns: x (null for a break with no position), y (null for gaps), t, in seq order within each bucket. */
export interface Columns {
  x: (number | null)[];
  y: (number | null)[];
  t: number[];
}

export class M4 {
  readonly width: number;
  private readonly first: number;
  private readonly count: number;
  /** Per bucket, MARK_COUNT slots of (seq, x, y, t); seq -1 = empty. */
  private readonly slots: Float64Array;

  constructor(x0: number, x1: number, buckets: number) {
    this.width = niceBucketWidth(x1 - x0, buckets);
    this.first = Math.floor(x0 / this.width);
    this.count = Math.floor(x1 / this.width) - this.first + 1;
    this.slots = new Float64Array(this.count * MARK_COUNT * MARK_STRIDE);
    for (let i = 0; i < this.slots.length; i += MARK_STRIDE) this.slots[i] = -1;
  }

  /** The bucket index of x (may be out of range for x outside [x0, x1]). */
  bucketOf(x: number): number {
    return Math.floor(x / this.width) - this.first;
  }

  private put(b: number, role: number, s: number, x: number, y: number, t: number): void {
    const o = (b * MARK_COUNT + role) * MARK_STRIDE;
    const cur = this.slots[o]!;
    if (cur >= 0) {
      const cy = this.slots[o + 2]!;
      const better =
        role === MARK_FIRST || role === MARK_GAP
          ? s < cur
          : role === MARK_LAST
            ? s > cur
            : role === MARK_MIN
              ? y < cy || (y === cy && s < cur)
              : y > cy || (y === cy && s < cur);
      if (!better) return;
    }
    this.slots[o] = s;
    this.slots[o + 1] = x;
    this.slots[o + 2] = y;
    this.slots[o + 3] = t;
  }

  /** Adds one point; the caller has checked x lies in [x0, x1]. */
  addPoint(s: number, x: number, y: number, t: number): void {
    const b = this.bucketOf(x);
    this.put(b, MARK_FIRST, s, x, y, t);
    this.put(b, MARK_LAST, s, x, y, t);
    if (Number.isNaN(y)) this.put(b, MARK_GAP, s, x, y, t);
    else {
      this.put(b, MARK_MIN, s, x, y, t);
      this.put(b, MARK_MAX, s, x, y, t);
    }
  }

  /**
   * Adds the points i in [from, to) of columns (point i has seq seq0 + i) that lie in
   * [x0, x1] and were received in [since, until]; returns how many it added. Same result as
   * addPoint on each, but extremes are kept in locals while consecutive points share
   * a bucket, which is the common case.
   */
  addRun(
    seq0: number, xs: Float64Array, ys: Float64Array, ts: Float64Array,
    from: number, to: number, x0: number, x1: number, since: number, until: number,
  ): number {
    let added = 0;
    let bucket = -1;
    let first = -1;
    let last = -1;
    let min = -1;
    let max = -1;
    let gap = -1;
    const flush = () => {
      const at = (role: number, i: number) => this.put(bucket, role, seq0 + i, xs[i]!, ys[i]!, ts[i]!);
      at(MARK_FIRST, first);
      at(MARK_LAST, last);
      if (min >= 0) at(MARK_MIN, min);
      if (max >= 0) at(MARK_MAX, max);
      if (gap >= 0) at(MARK_GAP, gap);
    };
    for (let i = from; i < to; i++) {
      const x = xs[i]!;
      if (!(x >= x0 && x <= x1 && ts[i]! >= since && ts[i]! <= until)) continue;
      added++;
      const b = Math.floor(x / this.width) - this.first;
      if (b !== bucket) {
        if (bucket >= 0) flush();
        bucket = b;
        first = i;
        min = max = gap = -1;
      }
      last = i;
      const y = ys[i]!;
      if (y !== y) {
        if (gap < 0) gap = i;
      } else {
        if (min < 0 || y < ys[min]!) min = i;
        if (max < 0 || y > ys[max]!) max = i;
      }
    }
    if (bucket >= 0) flush();
    return added;
  }

  /** Merges a chunk's marks; the caller has checked the whole chunk lies in bucket b. */
  addMarks(b: number, marks: Float64Array): void {
    for (let role = 0; role < MARK_COUNT; role++) {
      const o = role * MARK_STRIDE;
      const s = marks[o]!;
      if (s >= 0) this.put(b, role, s, marks[o + 1]!, marks[o + 2]!, marks[o + 3]!);
    }
  }

  /** The kept points, bucket by bucket, each bucket's points in seq order without repeats. */
  result(): Columns {
    const out: Columns = { x: [], y: [], t: [] };
    const picked: number[] = [];
    for (let b = 0; b < this.count; b++) {
      picked.length = 0;
      for (let role = 0; role < MARK_COUNT; role++) {
        const o = (b * MARK_COUNT + role) * MARK_STRIDE;
        if (this.slots[o]! >= 0 && !picked.some((p) => this.slots[p] === this.slots[o])) picked.push(o);
      }
      picked.sort((a, c) => this.slots[a]! - this.slots[c]!);
      for (const o of picked) {
        const x = this.slots[o + 1]!;
        const y = this.slots[o + 2]!;
        // A chunk's first, last or gap mark may be a break with no x (merged via addMarks).
        out.x.push(Number.isNaN(x) ? null : x);
        out.y.push(Number.isNaN(y) ? null : y);
        out.t.push(this.slots[o + 3]!);
      }
    }
    return out;
  }
}
