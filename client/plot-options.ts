/**
 * Pure: a window (opts + traces) and the pane's view settings → uPlot data and
 * options. Each trace becomes one uPlot series, or two when smoothed (the raw line
 * faint underneath, the smoothed line on top); `seriesOf` maps traces to them.
 */
import type uPlot from 'uplot';
import type { WindowOpts } from '../protocol/index.js';
import { align, type Aligned, type Columns } from './align.js';
import { smooth } from './smoothing.js';
import type { ClientTrace } from './store.js';

export type XMode = 'step' | 'wall' | 'relative';

export interface PlotSettings {
  smoothing: number;
  logX: boolean;
  logY: boolean;
  xMode: XMode;
}

export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Colors as opts may spell them; anything else (it ends up in a style attribute) falls back to the palette. */
const SAFE_COLOR = /^(#[0-9a-f]{3,8}|(rgb|hsl)a?\([\d\s.,%deg]+\)|[a-z]{3,20})$/i;

const DASHES: Record<string, number[]> = { solid: [], dash: [10, 5], dot: [2, 4], dashdot: [10, 5, 2, 5] };

/** Settings a pane starts with, from the window's opts. */
export function initialSettings(opts: WindowOpts, smoothing: number): PlotSettings {
  return { smoothing, logX: opts.xtype === 'log', logY: opts.ytype === 'log', xMode: 'step' };
}

/** Whether traces of this window are drawn as points only. */
export function isScatter(type: string): boolean {
  return type === 'scatter';
}

/** Series per trace: smoothed lines (not scatter) get a faint raw series underneath. */
export function seriesPerTrace(type: string, s: PlotSettings): 1 | 2 {
  return s.smoothing > 0 && !isScatter(type) ? 2 : 1;
}

/** The uPlot data: x column per the x mode, then each trace's raw (and smoothed) y. */
export function plotData(type: string, traces: readonly ClientTrace[], s: PlotSettings, envStart: number): Aligned {
  return alignedData(
    type,
    traces.map((t) => ({ x: xColumn(t, s.xMode, envStart), y: t.y })),
    s,
  );
}

/** Columns already in x-mode units → one x column, each y (and its smoothed copy when smoothing). */
export function alignedData(type: string, cols: readonly Columns[], s: PlotSettings): Aligned {
  const [x, ...ys] = align(cols);
  if (seriesPerTrace(type, s) === 1) return [x, ...ys];
  return [x, ...ys.flatMap((y) => [y, smooth(y, s.smoothing)])];
}

function xColumn(t: ClientTrace, mode: XMode, envStart: number): number[] {
  if (mode === 'step') return t.x;
  const base = mode === 'wall' ? 0 : envStart;
  return t.t.map((ms) => (ms - base) / 1000);
}

export function traceColor(opts: WindowOpts, k: number): string {
  const c = opts.linecolor?.[k];
  if (Array.isArray(c) && c.length >= 3 && c.every((v) => typeof v === 'number')) return `rgb(${c[0]},${c[1]},${c[2]})`;
  if (typeof c === 'string' && SAFE_COLOR.test(c)) return c;
  return PALETTE[k % PALETTE.length]!;
}

export interface SeriesStyle {
  stroke: string;
  dash: number[];
}

export interface OptionsInput {
  type: string;
  opts: WindowOpts;
  names: string[];
  settings: PlotSettings;
  width: number;
  height: number;
  /** Panes with the same key share the cursor. */
  syncKey: string;
  /** Per-trace color and dash, overriding the window's opts (the compare overlay). */
  styles?: SeriesStyle[];
  hooks: uPlot.Hooks.Arrays;
}

export function plotOptions(o: OptionsInput): uPlot.Options {
  const { opts, settings: s } = o;
  const per = seriesPerTrace(o.type, s);
  const scatter = isScatter(o.type);
  const markers = scatter || opts.markers === true;
  const size = typeof opts.markersize === 'number' ? Math.min(Math.max(opts.markersize, 2), 20) : 5;
  const series: uPlot.Series[] = [{ label: xLabel(opts, s.xMode) }];
  o.names.forEach((name, k) => {
    const stroke = o.styles?.[k]?.stroke ?? traceColor(opts, k);
    const dash = o.styles?.[k]?.dash ?? DASHES[String(opts.dash?.[k] ?? 'solid')] ?? [];
    const base: uPlot.Series = {
      label: name,
      stroke,
      dash,
      width: 1.5,
      spanGaps: false,
      points: { show: markers, size, fill: stroke },
      paths: scatter ? () => null : undefined,
    };
    if (per === 2) series.push({ ...base, label: `${name} (raw)`, stroke: fade(stroke), points: { show: false } });
    series.push(base);
  });
  return {
    width: o.width,
    height: o.height,
    series,
    legend: { show: false },
    cursor: {
      sync: { key: o.syncKey, setSeries: false },
      // Both axes; a drag within `uni` px of one axis selects along the other only.
      drag: { x: true, y: true, uni: 30, setScale: false },
      points: { size: 6 },
    },
    scales: {
      x: { time: s.xMode === 'wall', distr: s.logX ? 3 : 1 },
      y: { distr: s.logY ? 3 : 1 },
    },
    axes: [
      { label: s.xMode === 'step' ? opts.xlabel : xLabel(opts, s.xMode), values: s.xMode === 'relative' ? relativeTicks : undefined, ...axisStyle },
      { label: opts.ylabel, ...axisStyle },
    ],
    hooks: o.hooks,
  };
}

const axisStyle = { stroke: '#9aa4b2', grid: { stroke: 'rgba(154,164,178,0.15)', width: 1 }, ticks: { stroke: 'rgba(154,164,178,0.3)', width: 1 } };

function xLabel(opts: WindowOpts, mode: XMode): string {
  if (mode === 'wall') return 'wall time';
  if (mode === 'relative') return 'time since start';
  return opts.xlabel ?? 'step';
}

function relativeTicks(_u: uPlot, splits: number[]): string[] {
  return splits.map(formatDuration);
}

/** 75 → "1m15s", 3700 → "1h01m". */
export function formatDuration(sec: number): string {
  const sign = sec < 0 ? '-' : '';
  let s = Math.abs(sec);
  if (s < 60) return `${sign}${+s.toFixed(s < 10 ? 1 : 0)}s`;
  if (s < 3600) return `${sign}${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  s = Math.round(s / 60);
  return `${sign}${Math.floor(s / 60)}h${String(s % 60).padStart(2, '0')}m`;
}

function fade(color: string): string {
  if (color.startsWith('#') && color.length === 7) return `${color}40`;
  return color.replace(/^rgb\((.*)\)$/, 'rgba($1,0.25)');
}
