/**
 * Pure: how each trace of a line or scatter window is drawn, read the way Visdom's
 * Plotly figure would read it. The stock client puts colours, dashes, markers,
 * fills, text labels and the second y axis on each trace (`props`: Plotly's
 * `line`, `marker`, `mode`, `fill`, `text`, `yaxis`); the native API puts them
 * in opts (`linecolor`, `dash`, `markers`, `markersize`, `markersymbol`,
 * `fillarea`). Trace props win over opts, opts over the defaults, and the
 * defaults are Plotly's (its colour cycle, 2 px lines, 6 px markers).
 */
import type { WindowOpts } from '../../protocol/index.js';

/** Plotly's default trace colours, in order: what Visdom draws when no colour is given. */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** Marker shapes drawn by `drawMarker`; other Plotly symbol names fall back to a circle. */
export type MarkerShape =
  | 'circle' | 'square' | 'diamond' | 'cross' | 'x' | 'triangle-up' | 'triangle-down' | 'triangle-left' | 'triangle-right'
  | 'star' | 'pentagon' | 'hexagon' | 'cross-thin' | 'x-thin' | 'line-ew' | 'line-ns' | 'asterisk';
const SHAPES = new Set<string>([
  'circle', 'square', 'diamond', 'cross', 'x', 'triangle-up', 'triangle-down', 'triangle-left', 'triangle-right',
  'star', 'pentagon', 'hexagon', 'cross-thin', 'x-thin', 'line-ew', 'line-ns', 'asterisk',
]);
/** Plotly's symbols drawn as strokes only (they have no area to fill). */
export const LINE_SHAPES = new Set<MarkerShape>(['cross-thin', 'x-thin', 'line-ew', 'line-ns', 'asterisk']);

export interface MarkerStyle {
  shape: MarkerShape;
  /** Hollow outline instead of a filled shape (Plotly's `-open` symbols). */
  open: boolean;
  /** Diameter in CSS pixels (Plotly's marker.size). */
  size: number;
  /** One colour for every point, or null to use `colors`. */
  color: string;
  /** Per-point colours (Visdom's markercolor), or null. */
  colors: string[] | null;
  /** Outline (Plotly's marker.line; Visdom sends a 0.5 px black one), or null. */
  outline: { color: string; width: number } | null;
}

export interface TraceStyle {
  color: string;
  /** uPlot dash pattern in CSS pixels ([] = solid). */
  dash: number[];
  width: number;
  lines: boolean;
  /** Every point gets a marker (otherwise only points with no drawn neighbour do). */
  markers: boolean;
  marker: MarkerStyle;
  /** Text drawn right of each point (Visdom's textlabels), or null. */
  text: string[] | null;
  /** Fill to zero (`tozeroy`) or down to the previous trace (`tonexty`, Visdom's fillarea). */
  fill: 'none' | 'tozeroy' | 'tonexty';
  /** The second y axis (Visdom's dual_axis_lines puts its second trace there). */
  axis: 'y' | 'y2';
}

/** A trace as the style rules need it: its name and its Plotly properties. */
export interface StyledTrace {
  name: string;
  props: Record<string, unknown>;
}

/** Colours as opts and Plotly spell them; anything else (it may end up in a style attribute) is refused. */
const SAFE_COLOR = /^(#[0-9a-f]{3,8}|(rgb|hsl)a?\([\d\s.,%deg]+\)|[a-z]{3,20})$/i;

/** Plotly's dash names as uPlot patterns, for Plotly's 2 px line (its dash unit is max(width, 3) px). */
const DASHES: Record<string, number[]> = {
  solid: [],
  dot: [3, 3],
  dash: [9, 9],
  longdash: [15, 15],
  dashdot: [9, 3, 3, 3],
  longdashdot: [15, 6, 3, 6],
};

/** Plotly's defaults for a scatter trace. */
const LINE_WIDTH = 2;
const MARKER_SIZE = 6;

/** A colour from a Plotly/Visdom value: a CSS string or an [r, g, b] row; null if it is neither. */
export function colorOf(v: unknown): string | null {
  if (typeof v === 'string') return SAFE_COLOR.test(v.trim()) ? v.trim() : null;
  if (Array.isArray(v) && v.length >= 3 && v.slice(0, 3).every((c) => typeof c === 'number' && Number.isFinite(c))) {
    const [r, g, b] = v.slice(0, 3).map((c: number) => Math.max(0, Math.min(255, Math.round(c))));
    return `rgb(${r},${g},${b})`;
  }
  return null;
}

export function dashOf(v: unknown): number[] | null {
  if (typeof v === 'string') {
    if (v in DASHES) return DASHES[v]!;
    // Plotly also takes a list of lengths: "5px,10px,2px".
    const parts = v.split(/[,\s]+/).filter(Boolean).map((p) => parseFloat(p));
    if (parts.length > 0 && parts.every((p) => Number.isFinite(p) && p >= 0 && p <= 1000)) return parts;
  }
  return null;
}

function shapeOf(v: unknown): { shape: MarkerShape; open: boolean } {
  if (typeof v !== 'string') return { shape: 'circle', open: false };
  const open = v.includes('-open');
  const base = v.replace(/-open(-dot)?$|-dot$/, '');
  return { shape: SHAPES.has(base) ? (base as MarkerShape) : 'circle', open };
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function at<T>(list: unknown, k: number): T | undefined {
  return Array.isArray(list) ? (list[k] as T | undefined) : undefined;
}

/** How each trace of a line or scatter window is drawn. */
export function traceStyles(type: string, opts: WindowOpts, traces: readonly StyledTrace[]): TraceStyle[] {
  return traces.map((t, k) => traceStyle(type, opts, t, k));
}

function traceStyle(type: string, opts: WindowOpts, t: StyledTrace, k: number): TraceStyle {
  const line = record(t.props.line);
  const marker = record(t.props.marker);
  const mode = typeof t.props.mode === 'string' ? t.props.mode : type === 'scatter' ? 'markers' : opts.markers === true ? 'lines+markers' : 'lines';
  const lines = mode.includes('lines');
  // A trace of markers only is known by its markers' colour (the first, when each point has its own).
  const markerColor = colorOf(marker.color) ?? (!lines && Array.isArray(marker.color) ? colorOf(marker.color[0]) : null);
  const color = colorOf(line.color) ?? colorOf(at(opts.linecolor, k)) ?? markerColor ?? PALETTE[k % PALETTE.length]!;
  const markers = mode.includes('markers');
  const textMode = mode.includes('text');
  const { shape, open } = shapeOf(marker.symbol ?? opts.markersymbol);
  const sizeRaw = typeof marker.size === 'number' ? marker.size : typeof opts.markersize === 'number' ? opts.markersize : MARKER_SIZE;
  const colors = Array.isArray(marker.color) ? marker.color.map((c) => colorOf(c) ?? color) : null;
  const width = typeof line.width === 'number' && line.width >= 0 && line.width <= 20 ? line.width : LINE_WIDTH;
  const fillProp = t.props.fill;
  const fill = fillProp === 'tonexty' || fillProp === 'tozeroy' ? fillProp : opts.fillarea === true ? 'tonexty' : 'none';
  return {
    color,
    dash: dashOf(line.dash) ?? dashOf(at(opts.dash, k)) ?? [],
    width,
    lines,
    markers,
    marker: { shape, open, size: Math.max(1, Math.min(sizeRaw, 60)), color: colorOf(marker.color) ?? color, colors, outline: outlineOf(marker.line) },
    text: textMode && Array.isArray(t.props.text) ? t.props.text.map((s) => String(s ?? '')) : null,
    fill,
    axis: t.props.yaxis === 'y2' ? 'y2' : 'y',
  };
}

function outlineOf(v: unknown): MarkerStyle['outline'] {
  const l = record(v);
  const width = typeof l.width === 'number' && l.width > 0 && l.width <= 10 ? l.width : 0;
  const color = colorOf(l.color);
  return width > 0 && color ? { color, width } : null;
}

/** A faint copy of a colour (the raw line under a smoothed one, an area fill). */
export function fade(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex) return `${color}${Math.round(alpha * 255).toString(16).padStart(2, '0')}`;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(color);
  if (short) return fade(`#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`, alpha);
  const rgb = /^rgb\((.*)\)$/i.exec(color);
  if (rgb) return `rgba(${rgb[1]},${alpha})`;
  return color;
}

/** The colour of trace `k` from `opts.linecolor` alone (panes whose traces carry no props: bars), else the palette. */
export function traceColor(opts: WindowOpts, k: number): string {
  return colorOf(at(opts.linecolor, k)) ?? PALETTE[k % PALETTE.length]!;
}
