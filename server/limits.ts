/**
 * What one request may carry, checked right after the body is parsed and before any
 * route runs: a body within the byte limit can still hold millions of points or keys,
 * and writing or merging them would hold the event loop for seconds.
 */
import { OptsTooLargeError, TooManyKeysError, TooManyPointsError } from './errors.js';

export interface RequestLimits {
  /** Most points in one request: every value in an array, except those under an `X`/`x` key. */
  maxPoints: number;
}

/** Points per request unless --max-points says otherwise. */
export const DEFAULT_MAX_POINTS = 1_000_000;

/** Most keys in a body's `opts` (and Visdom's `layout`), counted at every depth. */
export const MAX_OPTS_KEYS = 10_000;
/** Largest `opts` (or `layout`) as JSON text, in bytes. */
export const MAX_OPTS_BYTES = 1024 * 1024;
/** Most object keys anywhere in one body (Plotly figures hold a few hundred). */
export const MAX_BODY_KEYS = 100_000;

const OPTS_KEYS = new Set(['opts', 'layout']);

/**
 * Throws a 413 when the parsed body carries more than the limits allow. One iterative
 * walk, O(values), that stops as soon as a limit is passed.
 */
export function checkBodyLimits(body: unknown, { maxPoints }: RequestLimits): void {
  if (typeof body !== 'object' || body === null) return;
  let points = 0;
  let keys = 0;
  // [value, whether it sits under an x key, the opts key above it ('' when none)]
  const stack: [unknown, boolean, string][] = [[body, false, '']];
  const optsKeys = new Map<string, number>();
  const optsValues: [string, unknown][] = [];
  while (stack.length > 0) {
    const [v, isX, opts] = stack.pop()!;
    if (Array.isArray(v)) {
      for (const c of v) {
        if (typeof c === 'object' && c !== null) stack.push([c, isX, opts]);
        else if (!isX && ++points > maxPoints) throw new TooManyPointsError(maxPoints, maxPoints);
      }
      continue;
    }
    const entries = Object.keys(v as object);
    keys += entries.length;
    if (keys > MAX_BODY_KEYS) throw new TooManyKeysError(MAX_BODY_KEYS);
    if (opts !== '') {
      const n = (optsKeys.get(opts) ?? 0) + entries.length;
      if (n > MAX_OPTS_KEYS) throw new OptsTooLargeError(opts, `more than ${MAX_OPTS_KEYS} keys`);
      optsKeys.set(opts, n);
    }
    for (const k of entries) {
      const c = (v as Record<string, unknown>)[k];
      if (typeof c !== 'object' || c === null) continue;
      const under = opts === '' && OPTS_KEYS.has(k) ? k : opts;
      if (under !== opts) optsValues.push([k, c]);
      stack.push([c, isX || k === 'X' || k === 'x', under]);
    }
  }
  // Sized once their keys are known to be few.
  for (const [k, c] of optsValues) {
    if (JSON.stringify(c).length > MAX_OPTS_BYTES) throw new OptsTooLargeError(k, `more than ${MAX_OPTS_BYTES} bytes of JSON`);
  }
}
