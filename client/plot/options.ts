/**
 * Pure: a window's axes, trace styles and the pane's view settings → uPlot
 * options. Series are drawn by paths.ts from the current SeriesView (passed as a
 * getter, so live data never rebuilds the chart); this module only decides what
 * each series, scale and axis is.
 */
import uPlot from 'uplot';
import type { WindowAxes, AxisSpec } from './axes.js';
import { linePaths, markerHook, type SeriesRole } from './paths.js';
import { seriesPerTrace, yExtent, type SeriesView, type XMode } from './series-view.js';
import { fade, type TraceStyle } from './style.js';
import { formatNumber, tickLabels } from './ticks.js';

export interface PlotSettings {
  /** EMA weight of this pane; null follows the dashboard-wide setting. */
  smoothing: number | null;
  logX: boolean;
  logY: boolean;
  xMode: XMode;
}

export interface OptionsInput {
  scatter: boolean;
  names: readonly string[];
  styles: () => readonly TraceStyle[];
  view: () => SeriesView;
  axes: WindowAxes;
  settings: PlotSettings;
  /** The smoothing in effect (the pane's own or the dashboard's). */
  smoothing: number;
  width: number;
  height: number;
  /** Panes with the same key share the cursor. */
  syncKey: string;
  hooks: uPlot.Hooks.Arrays;
  /** The theme's axis, grid, tick and zero-line colours (dark when not given). */
  colors?: PlotColors;
  /**
   * Side by side with shared y: reports this chart's y extent (null: no data) and
   * returns the extent of its row (compare/y-share.ts).
   */
  shareY?: (ext: [number, number] | null) => [number, number] | null;
  /**
   * The grid's y columns are placeholders (the compare overlay, see seriesView's `sparse`):
   * series take no part in uPlot's auto-ranging (y is ranged from the view, as always).
   */
  sparse?: boolean;
  /** Drawing scale (2 for a 2× PNG export): widths, fonts, markers and axis sizes grow by it. */
  scale?: number;
}

/** The colours a chart takes from the page theme (styles.ts: --muted, --grid, --tick, --zero). */
export interface PlotColors {
  axis: string;
  grid: string;
  tick: string;
  zero: string;
}

export const DARK_PLOT: PlotColors = { axis: '#8b95a3', grid: 'rgba(154,164,178,0.15)', tick: 'rgba(154,164,178,0.3)', zero: 'rgba(154,164,178,0.45)' };

/** The chart colours of the theme in effect where `el` is. */
export function plotColors(el: Element): PlotColors {
  const css = getComputedStyle(el);
  const get = (name: string, dflt: string) => css.getPropertyValue(name).trim() || dflt;
  return { axis: get('--muted', DARK_PLOT.axis), grid: get('--grid', DARK_PLOT.grid), tick: get('--tick', DARK_PLOT.tick), zero: get('--zero', DARK_PLOT.zero) };
}

/** Series index → the trace (and line) it draws; index 0 is x. */
export function seriesRoles(styles: readonly TraceStyle[], per: 1 | 2): (SeriesRole | null)[] {
  const roles: (SeriesRole | null)[] = [null];
  styles.forEach((s, trace) => {
    const scale = s.axis;
    if (per === 2) roles.push({ trace, raw: true, scale });
    roles.push({ trace, raw: false, scale });
  });
  return roles;
}

export function plotOptions(o: OptionsInput): uPlot.Options {
  const { settings: s, axes } = o;
  const k = o.scale ?? 1;
  const per = seriesPerTrace({ smoothing: o.smoothing, logX: s.logX, logY: s.logY }, o.scatter);
  const styles = o.styles();
  const roles = seriesRoles(styles, per);
  // The overlay adds and removes series on a built chart (runs arriving): hooks read the roles of now.
  const rolesNow = () => seriesRoles(o.styles(), per);
  const series: uPlot.Series[] = [{ label: xLabel(axes.x, s.xMode) }];
  roles.forEach((role) => {
    if (!role) return;
    const st = styles[role.trace]!;
    const name = o.names[role.trace] ?? String(role.trace + 1);
    series.push({
      label: role.raw ? `${name} (raw)` : name,
      scale: role.scale,
      stroke: role.raw ? fade(st.color, 0.3) : st.color,
      fill: !role.raw && st.fill !== 'none' ? fade(st.color, 0.5) : undefined,
      dash: st.dash.map((d) => d * k),
      width: (role.raw ? 1 : st.width) * k,
      spanGaps: true,
      ...(o.sparse ? { auto: false } : {}),
      points: { show: false },
      paths: linePaths(o.view, o.styles, role),
    });
  });
  const hasY2 = styles.some((st) => st.axis === 'y2');
  // y fits every drawn point in the x range, also points that share an x (stems, quivers).
  const extent = (u: uPlot, key: string, min: number, max: number): [number, number] => {
    const shown = [...new Set(rolesNow().flatMap((r, si) => (r && r.scale === key && u.series[si]?.show !== false ? [r.trace] : [])))];
    // The x range being set with this data: uPlot ranges x first and keeps the first and last
    // x in view on series 0, but assigns u.scales.x only after every range (it still holds the
    // last draw's, which would leave out points just appended beyond it).
    const x0 = u.series[0]?.min ?? u.scales.x.min ?? -Infinity;
    const x1 = u.series[0]?.max ?? u.scales.x.max ?? Infinity;
    const ext = yExtent(o.view(), shown, x0, x1, per === 2);
    // A filled area reaches down to zero, so zero is in the range (Plotly's tozero autorange).
    const filled = !(key === 'y' ? s.logY : axes.y2.log) && shown.some((k) => styles[k]?.fill !== 'none');
    const own: [number, number] | null = ext && filled ? [Math.min(ext[0], 0), Math.max(ext[1], 0)] : ext;
    const row = key === 'y' && o.shareY ? o.shareY(own) : own;
    return row ?? [min, max];
  };
  const yScale = (key: string, spec: AxisSpec, log: boolean): uPlot.Scale => ({
    distr: log ? 3 : 1,
    range: spec.range ? () => spec.range! : (u, min, max) => padRange(log, 0.05)(u, ...extent(u, key, min, max), key),
  });
  const xRange = axes.x.range;
  const markers = styles.some((st) => st.markers);
  const scales: uPlot.Scales = {
    x: {
      time: s.xMode === 'wall',
      distr: s.logX ? 3 : 1,
      // Markers get room at the edges, as Plotly gives them; lines run edge to edge.
      range: xRange && s.xMode === 'step' ? () => xRange : xRangeFn(s.logX, markers ? 0.04 : 0),
    },
    y: yScale('y', axes.y, s.logY),
  };
  if (hasY2) scales.y2 = yScale('y2', axes.y2, axes.y2.log);
  const colors = o.colors ?? DARK_PLOT;
  const size = (u: uPlot, values: string[] | null, axisIdx: number) => axisSize(u, values, axisIdx) * k;
  const look = axisStyle(colors, k);
  const axisList: uPlot.Axis[] = [
    {
      ...look,
      label: xLabel(axes.x, s.xMode),
      size: 32 * k,
      // Wall-time labels are long ("12:34:56"): keep them far enough apart not to overlap.
      space: (s.xMode === 'wall' ? 90 : 60) * k,
      ...(s.xMode === 'relative' ? { values: (_u: uPlot, splits: number[]) => splits.map(formatDuration) } : s.xMode === 'wall' ? {} : ticksOf(axes.x, s.logX)),
    },
    { ...look, label: axes.y.label, ...ticksOf(axes.y, s.logY), size },
  ];
  if (hasY2) axisList.push({ ...look, scale: 'y2', side: 1, label: axes.y2.label, grid: { show: false }, ...ticksOf(axes.y2, axes.y2.log), size });
  return {
    width: o.width,
    height: o.height,
    series,
    legend: { show: false },
    cursor: {
      sync: { key: o.syncKey, setSeries: false },
      // Placeholder y columns: uPlot's own nearest-value scan (every row of every series per move) finds nothing there.
      ...(o.sparse ? { dataIdx: (_u: uPlot, _si: number, idx: number) => idx } : {}),
      // Both axes; a drag within `uni` px of one axis selects along the other only.
      drag: { x: true, y: true, uni: 30, setScale: false },
      points: { size: 6 * k },
    },
    scales,
    axes: axisList,
    hooks: {
      ...o.hooks,
      drawAxes: [...(o.hooks.drawAxes ?? []), zeroLines(s.logX || s.xMode !== 'step' ? [s.logY ? null : 'y'] : ['x', s.logY ? null : 'y'], k, colors.zero)],
      draw: [...(o.hooks.draw ?? []), markerHook(o.view, o.styles, rolesNow, k, colors.axis)],
    },
  };
}

/** Plotly's zero lines: the grid line at 0 of each linear axis drawn stronger, under the data. */
function zeroLines(keys: (string | null)[], k: number, zero: string): (u: uPlot) => void {
  return (u) => {
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.strokeStyle = zero;
    ctx.lineWidth = k * (devicePixelRatio || 1);
    ctx.setLineDash([]);
    for (const key of keys) {
      const sc = key ? u.scales[key] : undefined;
      if (!key || !sc || sc.min === undefined || sc.max === undefined || !(sc.min < 0 && sc.max > 0)) continue;
      const at = Math.round(u.valToPos(0, key, true)) + 0.5;
      ctx.beginPath();
      if (key === 'x') {
        ctx.moveTo(at, top);
        ctx.lineTo(at, top + height);
      } else {
        ctx.moveTo(left, at);
        ctx.lineTo(left + width, at);
      }
      ctx.stroke();
    }
    ctx.restore();
  };
}

/** Room for the widest tick label. */
function axisSize(u: uPlot, values: string[] | null, axisIdx: number): number {
  const longest = (values ?? []).reduce((m, v) => Math.max(m, String(v ?? '').length), 0);
  const label = u.axes[axisIdx]?.label ? 20 : 0;
  return Math.max(40, 12 + longest * 7) + label;
}

function ticksOf(spec: AxisSpec, log: boolean): Partial<uPlot.Axis> {
  if (spec.tickvals) {
    const vals = spec.tickvals;
    const text = spec.ticktext;
    return {
      splits: () => vals,
      values: (_u, splits) => splits.map((v) => {
        const k = vals.indexOf(v);
        return k >= 0 && text?.[k] !== undefined ? text[k]! : formatNumber(v);
      }),
    };
  }
  return { values: (_u, splits, _ax, _space, incr) => tickLabels(splits, log ? 0 : incr) };
}

/** x: as padRange, but a window whose points all share one x shows it in the middle (uPlot would put it at the left edge). */
function xRangeFn(log: boolean, pad: number): uPlot.Range.Function {
  const fit = padRange(log, pad);
  return (u, min, max, key) => {
    const xs = u.data[0];
    if (xs && xs.length > 0 && xs[0] === xs[xs.length - 1]) return fit(u, xs[0]!, xs[0]!, key);
    return fit(u, min, max, key);
  };
}

/** The data's range with `pad` (a fraction of it) of headroom, and a visible range around a single value. */
function padRange(log: boolean, pad: number): uPlot.Range.Function {
  return (_u, min, max) => {
    if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [log ? 1 : 0, log ? 10 : 1];
    if (log) {
      if (!(min > 0) || !(max > 0)) return [1, 10];
      // uPlot's log ranges end on round values (0.1, 0.2, 5), not on the data's own.
      return uPlot.rangeLog(min === max ? min / 2 : min, min === max ? max * 2 : max, 10, false) as [number, number];
    }
    if (min === max) {
      const d = min === 0 ? 1 : Math.abs(min) * 0.1;
      return [min - d, max + d];
    }
    const p = (max - min) * pad;
    return [min - p, max + p];
  };
}

function axisStyle(c: PlotColors, k: number): Partial<uPlot.Axis> {
  return {
    stroke: c.axis,
    font: `${12 * k}px system-ui, sans-serif`,
    labelFont: `${12 * k}px system-ui, sans-serif`,
    labelSize: 20 * k,
    gap: 5 * k,
    grid: { stroke: c.grid, width: k },
    ticks: { stroke: c.tick, width: k, size: 6 * k },
  };
}

function xLabel(x: AxisSpec, mode: XMode): string {
  if (mode === 'wall') return 'wall time';
  if (mode === 'relative') return 'time since start';
  return x.label ?? 'step';
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
