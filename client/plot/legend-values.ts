/**
 * Pure: the legend under a line pane, from uPlot's data and the cursor's row: each
 * trace's drawn value (smoothed while smoothing) and its logged value. Traces joined
 * onto one x column have holes where they have no point: the closest point's value is shown.
 */
import type { LegendEntry } from '../components/rb-plot-legend.js';
import type { TraceStyle } from './style.js';
import { formatNumber } from './ticks.js';

type Column = ArrayLike<number | null | undefined> | null | undefined;

export function legendEntries(
  data: readonly Column[] | null,
  idx: number | null,
  names: readonly string[],
  styles: readonly TraceStyle[],
  hidden: ReadonlySet<number>,
  per: 1 | 2,
): LegendEntry[] {
  return names.map((name, k) => {
    const st = styles[k]!;
    const si = 1 + k * per + per - 1;
    const at = data && idx !== null ? nearestDefined(data[si], idx) : -1;
    const value = at >= 0 ? formatNumber(data![si]![at]) : null;
    const raw = per === 2 && at >= 0 ? formatNumber(data![si - 1]![at]) : null;
    return { name, color: st.color, dashed: st.dash.length > 0, hidden: hidden.has(k), value, raw };
  });
}

/** The index nearest `idx` (within `reach`) where the column holds a value. */
export function nearestDefined(col: Column, idx: number, reach = 64): number {
  if (!col) return -1;
  for (let d = 0; d <= reach; d++) {
    if (idx - d >= 0 && col[idx - d] !== undefined && col[idx - d] !== null) return idx - d;
    if (idx + d < col.length && col[idx + d] !== undefined && col[idx + d] !== null) return idx + d;
  }
  return -1;
}
