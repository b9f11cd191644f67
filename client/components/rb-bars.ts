/**
 * Bar and histogram panes (Visdom sends both as Plotly bar traces), drawn with uPlot
 * bars where Plotly places them (see bar-figure.ts). Category labels rotate or thin so
 * none overlap; numbers are as short as their spacing allows; the bar under the
 * pointer is named, with its value, in the readout.
 */
import { LitElement, css, html, unsafeCSS } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import type { WindowOpts } from '../../protocol/index.js';
import { barAt, barFigure, type BarFigure } from '../bar-figure.js';
import { clip, LABEL_GAP, labelExtent, layoutLabels, numberFormat, type LabelLayout } from '../bar-labels.js';
import { css as rgb, parseColor } from '../colorscales.js';
import { num } from '../format.js';
import { traceColor } from '../plot/style.js';
import { textWidth } from '../text-width.js';
import { axisTicks, tickPositions, tickText, type AxisTicks } from '../tick-opts.js';
import { theme } from '../styles.js';
import { plotColors } from '../plot/options.js';
import { ThemeController } from '../theme-controller.js';

/** Axis font; labels are measured in it. */
const FONT = '12px system-ui, sans-serif';
const FONT_HEIGHT = 14;
const TICK = 10;
const AXIS_GAP = 5;

@customElement('rb-bars')
export class RbBars extends LitElement {
  static override styles = [
    theme,
    unsafeCSS(uplotCss),
    css`
      :host { display: flex; flex-direction: column; min-height: 0; }
      .chart { flex: 1; min-height: 60px; overflow: hidden; }
      .legend { display: flex; flex-wrap: wrap; gap: 2px 12px; padding: 3px 10px 0; font-size: 12px; }
      .sw { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
      .readout { min-height: 16px; padding: 2px 10px 4px; color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      .u-legend { display: none; }
    `,
  ];

  @property({ attribute: false }) content: unknown = null;
  @property({ attribute: false }) opts: WindowOpts = {};
  @property({ type: Boolean }) active = false;
  /** The bar under the pointer: "label · series: value". */
  @state() readout = '';
  uplot: uPlot | null = null;
  /** How the category labels were laid out in the last draw. */
  labelLayout: LabelLayout = { angle: 0, step: 1 };
  private fig: BarFigure = barFigure(null);
  private resizer: ResizeObserver | null = null;
  private drawn: unknown[] = [];
  /** Axis colours follow the page theme: a theme change rebuilds the chart. */
  private readonly themed = new ThemeController(this);

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    this.resizer = null;
    this.uplot?.destroy();
    this.uplot = null;
    this.drawn = [];
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('content')) this.fig = barFigure(this.content);
  }

  override render() {
    const f = this.fig;
    const showLegend = (this.layout()?.showlegend as boolean | undefined) ?? f.series.length > 1;
    return html`<div class="chart"></div>
      ${showLegend ? html`<div class="legend">${f.series.map((s, j) => html`<span><span class="sw" style="background:${this.color(j)}"></span>${s.name}</span>`)}</div>` : ''}
      <div class="readout">${this.readout}</div>`;
  }

  protected override updated(): void {
    const chart = this.renderRoot.querySelector<HTMLElement>('.chart');
    if (!this.active || !chart || (this.drawn[0] === this.content && this.drawn[1] === this.opts && this.drawn[2] === this.themed.theme)) return;
    this.drawn = [this.content, this.opts, this.themed.theme];
    this.uplot?.destroy();
    this.uplot = new uPlot(this.options(chart), this.data(), chart);
    if (!this.resizer) {
      this.resizer = new ResizeObserver(() => chart.clientWidth > 0 && this.uplot?.setSize({ width: chart.clientWidth, height: chart.clientHeight }));
      this.resizer.observe(chart);
    }
  }

  private layout(): Record<string, unknown> | undefined {
    return (this.content as { layout?: Record<string, unknown> } | null)?.layout;
  }

  private color(j: number): string {
    const c = parseColor(this.fig.series[j]?.color);
    return c ? rgb(c) : traceColor(this.opts, j);
  }

  private data(): uPlot.AlignedData {
    return [this.fig.pos, ...this.fig.series.map((s) => s.y1)] as uPlot.AlignedData;
  }

  private options(chart: HTMLElement): uPlot.Options {
    const f = this.fig;
    const xt = axisTicks('x', this.opts, this.layout());
    const yt = axisTicks('y', this.opts, this.layout());
    const series: uPlot.Series[] = [{}];
    f.series.forEach((s, j) => {
      const color = this.color(j);
      series.push({
        label: s.name,
        fill: color,
        stroke: color,
        width: 0,
        points: { show: false },
        paths: uPlot.paths.bars!({
          disp: {
            x0: { unit: 1, values: () => s.x0 },
            size: { unit: 1, values: () => [f.width] },
            y0: { unit: 1, values: () => s.y0 },
            y1: { unit: 1, values: () => s.y1 },
          },
        }),
      });
    });
    const first = f.pos[0] ?? 0;
    const last = f.pos[f.pos.length - 1] ?? 0;
    const xRange: uPlot.Range.MinMax = [xt.min ?? first - f.spacing / 2, xt.max ?? last + f.spacing / 2];
    const pad = (f.ymax - f.ymin || 1) * 0.05;
    const yRange: uPlot.Range.MinMax = [yt.min ?? (f.ymin < 0 ? f.ymin - pad : 0), yt.max ?? (f.ymax > 0 ? f.ymax + pad : f.ymin < 0 ? 0 : 1)];
    const c = plotColors(this);
    const axis = { font: FONT, stroke: c.axis, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.tick, width: 1, size: TICK }, gap: AXIS_GAP };
    return {
      width: Math.max(100, chart.clientWidth),
      height: Math.max(60, chart.clientHeight),
      series,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: false, range: () => xRange }, y: { range: () => yRange } },
      axes: [{ ...axis, label: this.opts.xlabel, ...this.xAxis(xt) }, { ...axis, label: this.opts.ylabel, ...numericAxis(yt, 'y') }],
      hooks: { setCursor: [(u) => this.hover(u)] },
    };
  }

  /** The x axis: one label per category (rotated or thinned to fit), or numeric ticks. */
  private xAxis(xt: AxisTicks): Partial<uPlot.Axis> {
    const f = this.fig;
    if (!f.categorical) return numericAxis(xt, 'x');
    const ticks = xt.vals ? tickPositions(xt.vals, f.labels) : f.pos.map((pos, k) => ({ pos, k }));
    const text = ticks.map(({ pos, k }) => clip(xt.vals ? tickText(xt, k, String(xt.vals[k])) : (f.labels[pos] ?? '')));
    const widths = text.map((t) => textWidth(t, FONT));
    return {
      splits: (u) => {
        const [lo, hi] = [u.scales.x.min!, u.scales.x.max!];
        // Labels are a category apart (or the closest pair of explicit ticks).
        let apart = Infinity;
        for (let i = 1; i < ticks.length; i++) apart = Math.min(apart, Math.abs(ticks[i]!.pos - ticks[i - 1]!.pos));
        const slot = ((Number.isFinite(apart) ? apart : 1) * u.bbox.width) / uPlot.pxRatio / (hi - lo || 1);
        this.labelLayout = layoutLabels(widths, slot, FONT_HEIGHT);
        return ticks.filter((_, i) => i % this.labelLayout.step === 0).map((t) => t.pos);
      },
      values: (_u, splits) => splits.map((p) => text[ticks.findIndex((t) => t.pos === p)] ?? ''),
      rotate: () => this.labelLayout.angle,
      size: (_u, values) => {
        const widest = Math.max(0, ...(values ?? []).map((v) => textWidth(String(v ?? ''), FONT)));
        return TICK + AXIS_GAP + labelExtent(widest, FONT_HEIGHT, this.labelLayout.angle) + 4;
      },
    };
  }

  private hover(u: uPlot): void {
    const { left, top } = u.cursor;
    if (left === undefined || top === undefined || left < 0 || top < 0) return void (this.readout = '');
    const hit = barAt(this.fig, u.posToVal(left, 'x'), u.posToVal(top, 'y'));
    if (!hit) return void (this.readout = '');
    const s = this.fig.series[hit.series]!;
    const named = this.fig.series.length > 1 || (this.content as { data?: { name?: unknown }[] } | null)?.data?.[0]?.name !== undefined;
    this.readout = `${this.fig.labels[hit.group]}${named ? ` · ${s.name}` : ''}: ${num(s.values[hit.group])}`;
  }
}

/** A numeric axis: explicit tick values and text, or auto ticks spaced for their widest label. */
function numericAxis(t: AxisTicks, scale: 'x' | 'y'): Partial<uPlot.Axis> {
  if (t.vals) {
    const ticks = t.vals.flatMap((v, k) => (typeof v === 'number' ? [{ pos: v, k }] : []));
    return {
      splits: () => ticks.map((x) => x.pos),
      values: (_u, splits) => splits.map((p) => {
        const k = ticks.find((x) => x.pos === p)!.k;
        return clip(tickText(t, k, num(p)));
      }),
    };
  }
  return {
    space: (u, _i, min, max, dim) => {
      if (scale === 'y') return 30;
      const fmt = numberFormat(Math.max(Math.abs(min), Math.abs(max)), (max - min) / Math.max(1, dim / 50));
      return Math.max(40, ...[min, max].map((v) => textWidth(fmt(v), FONT))) + 2 * LABEL_GAP;
    },
    values: (_u, splits, _i, _space, incr) => {
      const fmt = numberFormat(Math.max(0, ...splits.map(Math.abs)), incr);
      return splits.map(fmt);
    },
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-bars': RbBars;
  }
}
