/**
 * Histograms from event files (TF1/PyTorch HistogramProto buckets, or the TF2
 * histograms plugin's [k,3] tensor of left edge, right edge, count), redistributed
 * into evenly spaced bins as TensorBoard draws them, for the histogram pane.
 */
import { shapeOf, tensorNumbers, type TensorProto } from './tensor.js';

export const HISTOGRAM_BINS = 30;

export interface Histogram {
  /** Bin centres, ascending. */
  x: number[];
  counts: number[];
  /** Edges of the whole range. */
  min: number;
  max: number;
}

interface Bucket {
  left: number;
  right: number;
  count: number;
}

export function histogramFromBuckets(h: { min: number; max: number; bucket_limit: number[]; bucket: number[] }): Histogram | null {
  const buckets: Bucket[] = [];
  let left = h.min;
  h.bucket.forEach((count, i) => {
    const limit = h.bucket_limit[i] ?? h.max;
    // The outermost limits are ±DBL_MAX: the data's own min and max bound them.
    const right = Math.min(limit, h.max);
    if (count > 0) buckets.push({ left: Math.max(left, h.min), right: Math.max(right, Math.max(left, h.min)), count });
    left = limit;
  });
  return rebin(buckets);
}

export function histogramFromTensor(t: TensorProto): Histogram | null {
  const shape = shapeOf(t);
  const values = tensorNumbers(t);
  if (!values || shape.length !== 2 || shape[1] !== 3) return null;
  const buckets: Bucket[] = [];
  for (let i = 0; i + 2 < values.length; i += 3) {
    if (values[i + 2]! > 0) buckets.push({ left: values[i]!, right: values[i + 1]!, count: values[i + 2]! });
  }
  return rebin(buckets);
}

/** Spreads each bucket's count over the even bins it overlaps, in proportion to the overlap. */
export function rebin(buckets: Bucket[], bins = HISTOGRAM_BINS): Histogram | null {
  if (buckets.length === 0) return null;
  const min = Math.min(...buckets.map((b) => b.left));
  const max = Math.max(...buckets.map((b) => b.right));
  if (!(max > min)) {
    const total = buckets.reduce((s, b) => s + b.count, 0);
    return { x: [min], counts: [total], min, max };
  }
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  const binOf = (v: number) => Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)));
  for (const b of buckets) {
    if (!(b.right > b.left)) {
      counts[binOf(b.left)]! += b.count;
      continue;
    }
    for (let i = binOf(b.left); i <= binOf(b.right); i++) {
      const lo = Math.max(b.left, min + i * width);
      const hi = Math.min(b.right, min + (i + 1) * width);
      if (hi > lo) counts[i]! += (b.count * (hi - lo)) / (b.right - b.left);
    }
  }
  return { x: counts.map((_, i) => min + (i + 0.5) * width), counts, min, max };
}
