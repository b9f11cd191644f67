/**
 * Pure: what a line or scatter pane draws, from each trace's own points. Every
 * trace is smoothed over its own points (never over a grid shared with other
 * traces), so a sparse trace beside a dense one keeps its line. On a log axis,
 * points at or below zero are left out and counted, so the pane can say so.
 *
 * uPlot wants one x column for all series; `grid` is that join, used for the
 * scales, the cursor and the legend. Lines and markers are drawn from `traces`,
 * in logged order (see paths.ts), so points a trace lacks on the grid are never
 * gaps, and stem and quiver segments (separated by null x) draw as logged.
 */
import { smooth } from '../smoothing.js';

export type XMode = 'step' | 'wall' | 'relative';

/** A trace's points in the pane's x units: x null (or y null) is a logged break. */
export interface Columns {
  x: readonly (number | null)[];
  y: readonly (number | null)[];
}

export interface ViewSettings {
  /** EMA weight; 0 draws the logged values. */
  smoothing: number;
  logX: boolean;
  logY: boolean;
}

export interface DrawnTrace {
  x: (number | null)[];
  /** What the line shows: smoothed when smoothing, else the logged values. */
  y: (number | null)[];
  /** The logged values, when `y` is smoothed (drawn faint underneath). */
  raw: (number | null)[] | null;
}

export interface SeriesView {
  traces: DrawnTrace[];
  /** uPlot data: the joined x, then per trace its raw y (when smoothing) and drawn y; undefined where a trace has no point. */
  grid: [number[], ...(number | null | undefined)[][]];
  /** Points left out because a log axis cannot show them. */
  hidden: { x: number; y: number };
}

/** uPlot series per trace: the faint raw line plus the smoothed line while smoothing, else one. */
export function seriesPerTrace(s: ViewSettings, scatter: boolean): 1 | 2 {
  return s.smoothing > 0 && !scatter ? 2 : 1;
}

/**
 * `sparse` (the compare overlay, tens of runs each at x of its own): the grid is the
 * sorted union of the traces' x with one shared empty y column per series, not the
 * traces × union join (50 runs × 100k rows per draw). Nothing reads the overlay's y
 * from the grid: lines, markers, ranges and hover values all come from `traces`.
 */
export function seriesView(cols: readonly Columns[], s: ViewSettings, scatter = false, sparse = false): SeriesView {
  const hidden = { x: 0, y: 0 };
  const per = seriesPerTrace(s, scatter);
  const traces = cols.map((c): DrawnTrace => {
    const x: (number | null)[] = [];
    const y: (number | null)[] = [];
    for (let i = 0; i < c.x.length; i++) {
      const xi = c.x[i] ?? null;
      let yi = c.y[i] ?? null;
      if (xi !== null && s.logX && !(xi > 0)) {
        hidden.x++;
        continue;
      }
      if (yi !== null && !Number.isFinite(yi)) yi = null;
      if (yi !== null && s.logY && !(yi > 0)) {
        hidden.y++;
        yi = null;
      }
      x.push(xi);
      y.push(xi === null ? null : yi);
    }
    return per === 2 ? { x, y: smooth(y, s.smoothing), raw: y } : { x, y, raw: null };
  });
  return { traces, grid: sparse ? sparseGrid(traces, per) : join(traces, per), hidden };
}

function sparseGrid(traces: readonly DrawnTrace[], per: 1 | 2): SeriesView['grid'] {
  let n = 0;
  for (const t of traces) n += t.x.length;
  const all = new Float64Array(n);
  let k = 0;
  for (const t of traces) for (const v of t.x) if (v !== null) all[k++] = v;
  const sorted = all.subarray(0, k).sort();
  const xs: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) xs.push(sorted[i]!);
  const empty = new Array<undefined>(xs.length);
  return [xs, ...traces.flatMap(() => (per === 2 ? [empty, empty] : [empty]))];
}

/**
 * Joins the traces on one sorted x column. Traces that share their x column (Y of
 * shape (N, K), the usual case) are passed through; otherwise rows are merged in x
 * order with undefined where a trace has no point.
 */
function join(traces: readonly DrawnTrace[], per: 1 | 2): SeriesView['grid'] {
  const ys = (t: DrawnTrace) => (per === 2 ? [t.raw!, t.y] : [t.y]);
  const first = traces[0];
  if (!first) return [[]];
  if (first.x.every((v) => v !== null) && isSorted(first.x as number[]) && traces.every((t) => same(t.x, first.x))) {
    return [first.x as number[], ...traces.flatMap(ys)];
  }
  const rows = new Map<number, number>();
  traces.forEach((t) => t.x.forEach((v) => v !== null && rows.set(v, 0)));
  const xs = [...rows.keys()].sort((a, b) => a - b);
  xs.forEach((v, i) => rows.set(v, i));
  const out: (number | null | undefined)[][] = [];
  for (const t of traces) {
    for (const col of ys(t)) {
      const g = new Array<number | null | undefined>(xs.length).fill(undefined);
      // Several points at one x (a vertical stem): the grid keeps the last non-null, the path draws them all.
      t.x.forEach((v, i) => {
        if (v === null) return;
        const row = rows.get(v)!;
        if (col[i] !== null || g[row] === undefined) g[row] = col[i];
      });
      out.push(g);
    }
  }
  return [xs, ...out];
}

function same(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isSorted(x: readonly number[]): boolean {
  for (let i = 1; i < x.length; i++) if (x[i]! < x[i - 1]!) return false;
  return true;
}

/** A trace's x in the pane's x units: its steps, or its point times (ms) as seconds, relative to `base` for relative time. */
export function xColumn(t: { x: readonly (number | null)[]; t: readonly number[] }, mode: XMode, base: number): readonly (number | null)[] {
  if (mode === 'step') return t.x;
  const b = mode === 'wall' ? 0 : base;
  return t.t.map((ms, i) => (t.x[i] === null ? null : (ms - b) / 1000));
}

/**
 * The y extent of the traces drawn on one scale, over the points whose x lies in
 * [x0, x1]: every point counts, also those that share an x with another (stems,
 * quivers), which the grid holds only one of.
 */
export function yExtent(view: SeriesView, traces: readonly number[], x0: number, x1: number, raw: boolean): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const k of traces) {
    const t = view.traces[k];
    if (!t) continue;
    for (const ys of raw && t.raw ? [t.y, t.raw] : [t.y]) {
      for (let i = 0; i < t.x.length; i++) {
        const x = t.x[i];
        const y = ys[i];
        if (x === null || y === null || y === undefined || x < x0 || x > x1) continue;
        if (y < lo) lo = y;
        if (y > hi) hi = y;
      }
    }
  }
  return lo <= hi ? [lo, hi] : null;
}
