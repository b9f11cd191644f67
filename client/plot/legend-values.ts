/**
 * Pure: the values a line pane shows under the cursor. Each trace reads its own
 * point nearest the cursor's x (never a row of uPlot's joined grid, where traces
 * logged or decimated at other x have holes), so every run of an overlay shows a
 * value. While smoothing, an entry also carries the logged value there.
 */
import type { LegendEntry } from '../components/rb-plot-legend.js';
import type { DrawnTrace, SeriesView } from './series-view.js';
import type { TraceStyle } from './style.js';
import { formatNumber } from './ticks.js';

const sortedCache = new WeakMap<readonly (number | null)[], boolean>();

function isSorted(xs: readonly (number | null)[]): boolean {
  let v = sortedCache.get(xs);
  if (v === undefined) {
    v = true;
    let prev = -Infinity;
    for (const x of xs) {
      if (x === null) continue;
      if (x < prev) {
        v = false;
        break;
      }
      prev = x;
    }
    sortedCache.set(xs, v);
  }
  return v;
}

/** The index of the trace's point (with a y) nearest `x`, or -1 when it has none. */
export function nearestPoint(t: Pick<DrawnTrace, 'x' | 'y'>, x: number): number {
  const xs = t.x;
  const ok = (i: number) => xs[i] !== null && t.y[i] !== null && t.y[i] !== undefined;
  const n = xs.length;
  if (!isSorted(xs)) {
    let best = -1;
    let bd = Infinity;
    for (let i = 0; i < n; i++) {
      if (!ok(i)) continue;
      const d = Math.abs(xs[i]! - x);
      if (d < bd) (bd = d), (best = i);
    }
    return best;
  }
  // Binary search over the sorted x (null x are skipped by probing to the next non-null one).
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    let m = mid;
    while (m < hi && xs[m] === null) m++;
    if (m === hi) hi = mid;
    else if (xs[m]! < x) lo = m + 1;
    else hi = mid;
  }
  let right = lo;
  while (right < n && !ok(right)) right++;
  let left = lo - 1;
  while (left >= 0 && !ok(left)) left--;
  if (left < 0) return right < n ? right : -1;
  if (right >= n) return left;
  return x - xs[left]! <= xs[right]! - x ? left : right;
}

/** Each trace's point nearest `x`: its index in the trace, or -1. */
export function nearestPoints(view: SeriesView, x: number | null): number[] {
  return view.traces.map((t) => (x === null ? -1 : nearestPoint(t, x)));
}

export function legendEntries(
  view: SeriesView,
  x: number | null,
  names: readonly string[],
  styles: readonly TraceStyle[],
  hidden: ReadonlySet<number>,
): LegendEntry[] {
  const at = nearestPoints(view, x);
  return names.map((name, k) => {
    const st = styles[k]!;
    const t = view.traces[k];
    const i = at[k] ?? -1;
    const y = t && i >= 0 ? t.y[i]! : null;
    const raw = t?.raw && i >= 0 ? t.raw[i]! : null;
    return {
      name,
      color: st.color,
      dashed: st.dash.length > 0,
      hidden: hidden.has(k),
      value: y === null ? null : formatNumber(y),
      raw: raw === null ? null : formatNumber(raw),
      y,
    };
  });
}

/**
 * The trace drawn closest to the pointer (vertical pixel distance at each trace's
 * own nearest point), among those shown; null when none has a point.
 */
export function closestTrace(view: SeriesView, at: readonly number[], shown: (k: number) => boolean, yPos: (k: number, y: number) => number, top: number): number | null {
  let best: number | null = null;
  let bd = Infinity;
  view.traces.forEach((t, k) => {
    const i = at[k] ?? -1;
    if (i < 0 || !shown(k)) return;
    const d = Math.abs(yPos(k, t.y[i]!) - top);
    if (d < bd) (bd = d), (best = k);
  });
  return best;
}
