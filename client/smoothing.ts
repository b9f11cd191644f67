/**
 * TensorBoard's debiased exponential moving average: with weight w,
 * last = last*w + (1-w)*y and y' = last / (1 - w^n), n counting the finite
 * points so far. Gaps (null, NaN, ±Infinity) stay gaps and do not count. A series
 * whose finite values are all equal is returned as is (debiasing would only add
 * rounding noise to it).
 */
export const DEFAULT_SMOOTHING = 0.6;

export function smooth(y: readonly (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0 || isConstant(y)) return y as (number | null)[];
  const w = Math.min(weight, 0.999);
  const out = new Array<number | null>(y.length);
  let last = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v === null || v === undefined || !Number.isFinite(v)) {
      out[i] = null;
      continue;
    }
    n++;
    last = last * w + (1 - w) * v;
    out[i] = last / (1 - Math.pow(w, n));
  }
  return out;
}

function isConstant(y: readonly (number | null)[]): boolean {
  let first: number | undefined;
  for (const v of y) {
    if (v === null || !Number.isFinite(v)) continue;
    if (first === undefined) first = v;
    else if (v !== first) return false;
  }
  return true;
}
