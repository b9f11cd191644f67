/**
 * Bar and histogram panes (Visdom sends both as Plotly bar traces): uPlot bars,
 * grouped side by side, or stacked when layout.barmode is "stack".
 */
import { LitElement, css, html, unsafeCSS } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import type { WindowOpts } from '../../protocol/index.js';
import { num } from '../format.js';
import { traceColor } from '../plot/style.js';
import { theme } from '../styles.js';

interface BarTrace {
  x?: unknown[];
  y?: unknown[];
  name?: unknown;
}

interface BarFigure {
  labels: string[];
  names: string[];
  ys: number[][];
  stacked: boolean;
}

const GROUP_WIDTH = 0.8;

function figure(content: unknown): BarFigure {
  const c = (content ?? {}) as { data?: BarTrace[]; layout?: { barmode?: unknown } };
  const traces = Array.isArray(c.data) ? c.data.filter((t) => t && Array.isArray(t.y)) : [];
  const n = Math.max(0, ...traces.map((t) => t.y!.length));
  const xs = traces[0]?.x ?? [];
  const labels = Array.from({ length: n }, (_, i) => (xs[i] === undefined ? String(i + 1) : typeof xs[i] === 'number' ? num(xs[i] as number) : String(xs[i])));
  const ys = traces.map((t) => Array.from({ length: n }, (_, i) => (typeof t.y![i] === 'number' ? (t.y![i] as number) : 0)));
  const names = traces.map((t, k) => (typeof t.name === 'string' ? t.name : String(k + 1)));
  return { labels, names, ys, stacked: c.layout?.barmode === 'stack' };
}

@customElement('rb-bars')
export class RbBars extends LitElement {
  static override styles = [
    theme,
    unsafeCSS(uplotCss),
    css`
      :host { display: flex; flex-direction: column; min-height: 0; }
      .chart { flex: 1; min-height: 60px; overflow: hidden; }
      .legend { display: flex; flex-wrap: wrap; gap: 2px 12px; padding: 3px 10px 6px; font-size: 12px; }
      .sw { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
      .u-legend { display: none; }
    `,
  ];

  @property({ attribute: false }) content: unknown = null;
  @property({ attribute: false }) opts: WindowOpts = {};
  @property({ type: Boolean }) active = false;
  uplot: uPlot | null = null;
  private resizer: ResizeObserver | null = null;
  private drawnContent: unknown = undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    this.uplot?.destroy();
    this.uplot = null;
    this.drawnContent = undefined;
  }

  override render() {
    const f = figure(this.content);
    return html`<div class="chart"></div>
      ${f.names.length > 1 ? html`<div class="legend">${f.names.map((n, k) => html`<span><span class="sw" style="background:${traceColor(this.opts, k)}"></span>${n}</span>`)}</div>` : ''}`;
  }

  protected override updated(): void {
    const chart = this.renderRoot.querySelector<HTMLElement>('.chart');
    if (!this.active || !chart || this.drawnContent === this.content) return;
    this.drawnContent = this.content;
    this.uplot?.destroy();
    const f = figure(this.content);
    const k = f.ys.length;
    const x = f.labels.map((_, i) => i);
    let ys = f.ys;
    if (f.stacked) ys = ys.map((_, j) => x.map((i) => f.ys.slice(0, j + 1).reduce((s, y) => s + y[i]!, 0)));
    const order = f.stacked ? ys.map((_, j) => k - 1 - j) : ys.map((_, j) => j);
    const width = f.stacked ? GROUP_WIDTH : GROUP_WIDTH / Math.max(1, k);
    const series: uPlot.Series[] = [{}];
    for (const j of order) {
      const color = traceColor(this.opts, j);
      series.push({
        label: f.names[j],
        fill: color,
        stroke: color,
        paths: uPlot.paths.bars!({
          disp: {
            x0: { unit: 1, values: () => x.map((i) => i - GROUP_WIDTH / 2 + (f.stacked ? 0 : j * width)) },
            size: { unit: 1, values: () => [width] },
          },
        }),
        points: { show: false },
      });
    }
    const axis = { stroke: '#9aa4b2', grid: { stroke: 'rgba(154,164,178,0.15)', width: 1 }, ticks: { stroke: 'rgba(154,164,178,0.3)', width: 1 } };
    this.uplot = new uPlot(
      {
        width: Math.max(100, chart.clientWidth),
        height: Math.max(60, chart.clientHeight),
        series,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false, range: () => [-0.5, Math.max(0.5, x.length - 0.5)] }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(0, max) * 1.05 || 1] } },
        axes: [
          { ...axis, label: this.opts.xlabel, splits: () => x, values: (_u, splits) => splits.map((i) => f.labels[i] ?? '') },
          { ...axis, label: this.opts.ylabel },
        ],
      },
      [x, ...order.map((j) => ys[j]!)],
      chart,
    );
    this.resizer?.disconnect();
    this.resizer = new ResizeObserver(() => chart.clientWidth > 0 && this.uplot?.setSize({ width: chart.clientWidth, height: chart.clientHeight }));
    this.resizer.observe(chart);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-bars': RbBars;
  }
}
