/**
 * Plotly traces as the Visdom client sends them → the series store's columns.
 * A trace goes to the series store when it is a 2-D scatter whose x and y are
 * numbers (or null); everything else Visdom sends is kept as window content.
 */
import type { WindowOpts, WindowType } from '../../protocol/index.js';
import type { TraceInput } from '../line.js';

export type Trace = Record<string, unknown>;

const SERIES_TRACE_TYPES = new Set([undefined, 'scatter', 'scattergl']);

function isNumberColumn(v: unknown): v is (number | null)[] {
  return Array.isArray(v) && v.every((e) => e === null || typeof e === 'number');
}

/** Whether a trace can be held by the series store: 2-D scatter with numeric x and y of equal length. */
export function isSeriesTrace(t: Trace): boolean {
  return (
    SERIES_TRACE_TYPES.has(t.type as string | undefined) &&
    t.z === undefined &&
    isNumberColumn(t.x) &&
    isNumberColumn(t.y) &&
    (t.x as unknown[]).length === (t.y as unknown[]).length
  );
}

export function isSeriesData(data: Trace[]): boolean {
  return data.length > 0 && data.every(isSeriesTrace);
}

/** `line` when any trace draws lines (Plotly's default for scatter), else `scatter`. */
export function seriesType(data: Trace[]): 'line' | 'scatter' {
  return data.some((t) => typeof t.mode !== 'string' || t.mode.includes('lines')) ? 'line' : 'scatter';
}

/**
 * One trace → columns and props. A null or non-finite y is a gap. A point whose x is
 * null (NaN on the Python side) is a break with no position, kept as NaN x (and NaN y)
 * where it was sent: Plotly breaks the line there, and Visdom's stem and quiver plots
 * separate their segments that way; `/win_data` returns it as null, as Visdom does.
 * A trace whose x are all null adds nothing, as Visdom's masking rule says.
 */
export function traceInput(t: Trace, index: number): TraceInput {
  const xs = t.x as (number | null)[];
  const ys = t.y as (number | null)[];
  const n = xs.some(isFiniteNumber) ? xs.length : 0;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = xs[i];
    const yi = ys[i];
    x[i] = isFiniteNumber(xi) ? xi : NaN;
    y[i] = isFiniteNumber(xi) && isFiniteNumber(yi) ? yi : NaN;
  }
  const { x: _x, y: _y, name, ...props } = t;
  return { name: name === undefined || name === null ? String(index + 1) : String(name), x, y, props };
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Window type of a plot (non-series) figure: bar/histogram or heatmap when every trace
 * is one (the panes that draw those draw nothing else), else a Plotly figure, such as
 * a bar with a line over it.
 */
export function figureType(data: Trace[], opts: WindowOpts): WindowType {
  if (data.length > 0 && data.every((t) => t.type === 'bar')) return opts.numbins !== undefined ? 'histogram' : 'bar';
  if (data.length > 0 && data.every((t) => t.type === 'heatmap')) return 'heatmap';
  return 'plotly';
}

/** Copies opts with `legend` entries as strings (trace names are strings), or without a legend that is not a list. */
export function cleanOpts(opts: Record<string, unknown> | null | undefined): WindowOpts {
  const out: WindowOpts = { ...(opts ?? {}) };
  if (out.legend !== undefined) {
    if (Array.isArray(out.legend)) out.legend = out.legend.map((n) => String(n));
    else delete out.legend;
  }
  return out;
}

/** Non-null keys of `update` overwrite those of `base` (Visdom's shallow layout and opts update). */
export function mergeNonNull(base: Record<string, unknown>, update: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(update ?? {})) if (v !== null && v !== undefined) out[k] = v;
  return out;
}
