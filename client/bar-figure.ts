/**
 * Pure: a bar or histogram window (the Plotly bar traces Visdom sends, and its opts)
 * → where each bar is drawn, as Plotly places them: numeric x on a linear axis,
 * string x as categories; grouped side by side, or stacked (positives upward and
 * negatives downward from zero) when `layout.barmode` is "stack".
 */
import { formatterFor } from './bar-labels.js';

/** Plotly's default gap between bar groups, as a fraction of the x spacing. */
const BARGAP = 0.2;

export interface BarSeries {
  name: string;
  /** The logged value of each group's bar (null: none drawn). */
  values: (number | null)[];
  /** Bottom and top of each drawn bar, in y units. */
  y0: (number | null)[];
  y1: (number | null)[];
  /** Left edge of each bar, in x units (all bars of a figure are `width` wide). */
  x0: number[];
  /** `marker.color` of the trace, if it sent one. */
  color?: string;
}

export interface BarFigure {
  categorical: boolean;
  /** Centre of each group, ascending: a category index, or the logged x. */
  pos: number[];
  /** Full text of each group's x: the category name or the formatted number. */
  labels: string[];
  /** Width of one drawn bar, in x units. */
  width: number;
  /** Distance between neighbouring group centres. */
  spacing: number;
  stacked: boolean;
  series: BarSeries[];
  /** Extent of all bars in y, zero included. */
  ymin: number;
  ymax: number;
}

interface BarTrace {
  x?: unknown;
  y?: unknown;
  name?: unknown;
  marker?: { color?: unknown };
}

export function barFigure(content: unknown): BarFigure {
  const c = (content ?? {}) as { data?: unknown; layout?: { barmode?: unknown } };
  const traces = (Array.isArray(c.data) ? c.data : []).filter((t): t is BarTrace & { y: unknown[] } => !!t && Array.isArray((t as BarTrace).y));
  const n = Math.max(0, ...traces.map((t) => t.y.length));
  const xs: unknown[] = Array.isArray(traces[0]?.x) ? (traces[0]!.x as unknown[]) : [];
  const categorical = xs.slice(0, n).some((v) => typeof v !== 'number' || !Number.isFinite(v)) || (xs.length < n && xs.length > 0);
  // Groups in drawing order: by x for numeric axes, as sent for categories.
  const order = Array.from({ length: n }, (_, i) => i);
  const rawPos = order.map((i) => (categorical ? i : xs.length === 0 ? i + 1 : (xs[i] as number)));
  if (!categorical) order.sort((a, b) => rawPos[a]! - rawPos[b]!);
  const pos = order.map((i) => (categorical ? i : rawPos[i]!));
  const fmt = formatterFor(pos);
  const labels = order.map((i) => (categorical ? (xs[i] === undefined || xs[i] === null ? String(i) : String(xs[i])) : fmt(rawPos[i]!)));
  let spacing = Infinity;
  for (let i = 1; i < pos.length; i++) if (pos[i]! > pos[i - 1]!) spacing = Math.min(spacing, pos[i]! - pos[i - 1]!);
  if (!Number.isFinite(spacing)) spacing = 1;
  const stacked = c.layout?.barmode === 'stack';
  const k = Math.max(1, traces.length);
  const group = spacing * (1 - BARGAP);
  const width = stacked ? group : group / k;
  const up = pos.map(() => 0);
  const down = pos.map(() => 0);
  let ymin = 0;
  let ymax = 0;
  const series = traces.map((t, j): BarSeries => {
    const values = order.map((i) => {
      const v = t.y[i];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
    const y0: (number | null)[] = [];
    const y1: (number | null)[] = [];
    values.forEach((v, g) => {
      if (v === null) return void (y0.push(null), y1.push(null));
      let lo = 0;
      let hi = v;
      if (stacked && v >= 0) (lo = up[g]!), (hi = up[g]! + v), (up[g] = hi);
      else if (stacked) (hi = down[g]!), (lo = down[g]! + v), (down[g] = lo);
      // y1 is the bar's far end from zero, so a bar reads as its value on hover.
      y0.push(v >= 0 ? lo : hi);
      y1.push(v >= 0 ? hi : lo);
      ymin = Math.min(ymin, lo);
      ymax = Math.max(ymax, hi);
    });
    const x0 = pos.map((p) => p - group / 2 + (stacked ? 0 : j * width));
    const color = typeof t.marker?.color === 'string' ? t.marker.color : undefined;
    return { name: typeof t.name === 'string' ? t.name : t.name === undefined || t.name === null ? `trace ${j}` : String(t.name), values, y0, y1, x0, ...(color ? { color } : {}) };
  });
  return { categorical, pos, labels, width, spacing, stacked, series, ymin, ymax };
}

/** The bar under a point given in axis units: its group and series, or null between bars. */
export function barAt(f: BarFigure, x: number, y: number): { group: number; series: number } | null {
  for (let g = 0; g < f.pos.length; g++) {
    let nearest: { series: number; d: number } | null = null;
    for (let j = 0; j < f.series.length; j++) {
      const s = f.series[j]!;
      const lo = s.x0[g]!;
      const a = s.y0[g];
      const b = s.y1[g];
      if (x < lo || x > lo + f.width || a === null || a === undefined || b === null || b === undefined) continue;
      if (!f.stacked) return { group: g, series: j };
      const d = y < Math.min(a, b) ? Math.min(a, b) - y : y > Math.max(a, b) ? y - Math.max(a, b) : 0;
      if (!nearest || d < nearest.d) nearest = { series: j, d };
    }
    if (nearest) return { group: g, series: nearest.series };
  }
  return null;
}
