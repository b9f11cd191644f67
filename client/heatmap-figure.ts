/**
 * Pure: a heatmap window (Visdom's Plotly heatmap trace, and its opts) → the matrix,
 * its row and column names, the colour range (`xmin`/`xmax` clamp) and scale
 * (`colormap`), and the colour for missing cells when `nancolor` was given.
 */
import type { WindowOpts } from '../protocol/index.js';
import { colorAt, scaleOf, type Stops } from './colorscales.js';

export interface HeatFigure {
  z: (number | null)[][];
  ncol: number;
  cols: string[];
  rows: string[];
  /** Whether the names were sent (columnnames / rownames) or are row and column indices. */
  namedCols: boolean;
  namedRows: boolean;
  zmin: number;
  zmax: number;
  stops: Stops;
  /** Fill of null cells; without one they are left empty, as Plotly leaves them. */
  nanColor?: readonly [number, number, number];
}

interface HeatTrace {
  z?: unknown;
  x?: unknown;
  y?: unknown;
  zmin?: unknown;
  zmax?: unknown;
  colorscale?: unknown;
  showscale?: unknown;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function heatFigure(content: unknown, opts: WindowOpts): HeatFigure {
  const data = (content as { data?: unknown } | null)?.data;
  const traces = (Array.isArray(data) ? data : []).filter((t): t is HeatTrace => !!t && typeof t === 'object');
  const t = traces[traces.length - 1] ?? {};
  // Visdom draws `nancolor` as a flat trace under the data, with no colour bar.
  const under = traces.length > 1 ? traces[0] : undefined;
  const z = (Array.isArray(t.z) ? t.z : []).map((row) => (Array.isArray(row) ? row.map((v) => num(v) ?? null) : []));
  const ncol = Math.max(0, ...z.map((r) => r.length));
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of z) for (const v of r) if (v !== null) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const names = (a: unknown, n: number) => Array.from({ length: n }, (_, i) => (Array.isArray(a) && a[i] !== undefined && a[i] !== null ? String(a[i]) : String(i)));
  const fig: HeatFigure = {
    z,
    ncol,
    cols: names(t.x, ncol),
    rows: names(t.y, z.length),
    namedCols: Array.isArray(t.x),
    namedRows: Array.isArray(t.y),
    zmin: num(t.zmin) ?? num(opts.xmin) ?? (lo === Infinity ? 0 : lo),
    zmax: num(t.zmax) ?? num(opts.xmax) ?? (hi === -Infinity ? 1 : hi),
    stops: scaleOf(t.colorscale ?? opts.colormap),
  };
  if (under && under.showscale === false && under.colorscale !== undefined) fig.nanColor = colorAt(scaleOf(under.colorscale), 0);
  return fig;
}

/** Where `v` falls between zmin and zmax: 0 at or below zmin, 1 at or above zmax. */
export function fraction(f: HeatFigure, v: number): number {
  const span = f.zmax - f.zmin;
  if (!(span > 0)) return v > f.zmax ? 1 : v < f.zmin ? 0 : 0.5;
  return Math.min(1, Math.max(0, (v - f.zmin) / span));
}
