/**
 * A line or scatter pane. It owns exactly one uPlot: created once the pane is
 * visible, fed with setData when the window's rev changes (the store notifies at
 * most once per animation frame), rebuilt when the series layout changes, resized
 * by a ResizeObserver, destroyed on disconnect. Drag-zoom refetches the range at
 * full resolution (as of the replayed moment when replaying); double-click goes
 * back to the live view. In the compare overlay it plots several envs' windows at
 * once (`members`), labelled `env / trace`.
 */
import { LitElement, css, html, unsafeCSS } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import type { Aligned } from '../align.js';
import type { Align } from '../compare/match.js';
import { overlayData, overlayLabels, type PlotMember } from '../compare/overlay-view.js';
import { cancelDraw, requestDraw } from '../draw-queue.js';
import { csvUrl, downloadPng } from '../export.js';
import { num } from '../format.js';
import {
  initialSettings,
  plotData,
  plotOptions,
  seriesPerTrace,
  traceColor,
  type PlotSettings,
  type SeriesStyle,
  type XMode,
} from '../plot-options.js';
import { DEFAULT_SMOOTHING } from '../smoothing.js';
import type { ClientStore, ClientWindow } from '../store.js';
import { StoreController } from '../store-controller.js';
import { ZoomController } from '../zoom-controller.js';
import { theme } from '../styles.js';

@customElement('rb-plot')
export class RbPlot extends LitElement {
  static override styles = [
    theme,
    unsafeCSS(uplotCss),
    css`
      :host { display: flex; flex-direction: column; min-height: 0; }
      .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 4px 8px; color: var(--muted); font-size: 12px; }
      .bar label { display: inline-flex; align-items: center; gap: 4px; }
      .bar input[type='range'] { width: 80px; accent-color: var(--accent); }
      .bar .val { width: 2.2em; color: var(--text); font-variant-numeric: tabular-nums; }
      .bar .grow { flex: 1; }
      .bar a, .bar button { font-size: 11px; }
      .bar a { white-space: nowrap; text-decoration: none; border: 1px solid var(--border); border-radius: 4px; padding: 1px 6px; color: inherit; }
      .chart { flex: 1; min-height: 60px; position: relative; overflow: hidden; }
      .legend { display: flex; flex-wrap: wrap; gap: 2px 12px; padding: 3px 10px 6px; font-size: 12px; max-height: 4.5em; overflow: auto; }
      .item { display: inline-flex; align-items: center; gap: 5px; cursor: pointer; user-select: none; }
      .item.off { opacity: 0.35; }
      .sw { width: 10px; height: 3px; border-radius: 2px; }
      .v { color: var(--muted); font-variant-numeric: tabular-nums; }
      .xval { color: var(--muted); }
      .u-select { background: rgba(91, 156, 246, 0.15); }
      .u-legend { display: none; }
    `,
  ];

  @property({ attribute: false }) store!: ClientStore;
  @property() env = '';
  @property() win = '';
  /** False while the pane is out of view: no drawing, no updates. */
  @property({ type: Boolean }) active = false;
  /** Compare overlay: the windows (of several envs) drawn together; env/win is the first. */
  @property({ attribute: false }) members: PlotMember[] | null = null;
  /** Compare: every env compared, in order (an env's color is its place here). */
  @property({ attribute: false }) compareEnvs: string[] | null = null;
  /** Compare: the x axis every plot uses (step or relative time); null lets the user pick. */
  @property() align: Align | null = null;
  /** Plots with the same key share the cursor and the zoom (side-by-side compare). */
  @property() syncKey: string | null = null;
  @state() settings: PlotSettings | null = null;
  @state() private hiddenTraces = new Set<number>();
  @state() private cursorIdx: number | null = null;
  private readonly zoom = new ZoomController(this);

  /** The uPlot instance (tests read its data). */
  uplot: uPlot | null = null;
  private shape = '';
  private drawn = '';
  private resizer: ResizeObserver | null = null;
  private readonly rev = new StoreController(this, () => this.store, (s) =>
    this.active ? this.sources().map((m) => s.window(m.env, m.win)?.rev ?? '-').join(',') : undefined,
  );

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelDraw(this.draw);
    this.resizer?.disconnect();
    this.uplot?.destroy();
    this.uplot = null;
    this.shape = '';
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('win') || changed.has('env')) {
      this.dataset.env = this.env;
      this.dataset.win = this.win;
    }
    if (changed.has('active') || changed.has('win') || changed.has('env') || changed.has('members')) this.rev.refresh();
    const w = this.window();
    if (w && !this.settings) this.settings = initialSettings(w.info.opts, DEFAULT_SMOOTHING);
    if (this.settings && this.align && this.settings.xMode !== this.align) this.set({ xMode: this.align });
    this.zoom.syncWith(this.syncKey);
  }

  private window(): ClientWindow | undefined {
    return this.store.window(this.env, this.win);
  }

  /** The windows this plot draws: the members, or just env/win. */
  private sources(): PlotMember[] {
    return this.members ?? [{ env: this.env, win: this.win }];
  }

  zoomSources(): PlotMember[] {
    return this.sources();
  }

  zoomTimeBase(m: PlotMember): number | null {
    const mode = this.settings?.xMode;
    // An overlay draws relative time per env, and anything else by step.
    if (mode === 'relative') return this.store.envStart(m.env) ?? 0;
    if (mode === 'wall' && !this.members) return 0;
    return null;
  }

  zoomBuckets(): number {
    return Math.round(this.uplot?.over.clientWidth ?? 600);
  }

  /** The uPlot data: the window's traces, or every member's overlaid. */
  private data(w: ClientWindow, s: PlotSettings): Aligned {
    const zoomed = (m: PlotMember) => this.zoom.traces(m);
    if (!this.members) return plotData(w.info.type, zoomed(this) ?? w.traces, s, this.store.envStart(this.env) ?? 0);
    return overlayData(this.store, w.info.type, this.members, this.compareEnvs ?? [], s, zoomed);
  }

  override render() {
    const w = this.window();
    const s = this.settings;
    if (!w || !s) return html``;
    const scatter = w.info.type === 'scatter';
    return html`
      <div class="bar">
        ${scatter
          ? ''
          : html`<label title="Smoothing (debiased EMA weight)">smooth
              <input type="range" min="0" max="0.99" step="0.01" .value=${String(s.smoothing)} @input=${this.onSmoothing} />
              <span class="val">${s.smoothing.toFixed(2)}</span></label>`}
        ${scatter || this.align
          ? ''
          : html`<select title="x axis" @change=${this.onXMode} .value=${s.xMode}>
              <option value="step">step</option>
              <option value="relative">relative time</option>
              <option value="wall">wall time</option>
            </select>`}
        <button aria-pressed=${s.logX} @click=${() => this.set({ logX: !s.logX })}>log x</button>
        <button aria-pressed=${s.logY} @click=${() => this.set({ logY: !s.logY })}>log y</button>
        ${this.zoom.x ? html`<button class="unzoom" @click=${() => this.zoom.reset()}>reset zoom</button>` : ''}
        <span class="grow"></span>
        <button title="Download as PNG" @click=${this.exportPng}>PNG</button>
        ${this.sources().map(
          (m) => html`<a
            href=${csvUrl(m.env, m.win)}
            download
            class="csv"
            title=${`Download every point of ${m.env} / ${m.win} as CSV`}
            >CSV${this.members ? ` ${m.env}` : ''}</a
          >`,
        )}
      </div>
      <div class="chart"></div>
      ${this.renderLegend(w, s)}
    `;
  }

  private renderLegend(w: ClientWindow, s: PlotSettings) {
    const u = this.uplot;
    const per = seriesPerTrace(w.info.type, s);
    const idx = this.cursorIdx;
    const x = u && idx !== null ? u.data[0][idx] : undefined;
    const { labels, styles } = this.legendLabels(w);
    return html`<div class="legend">
      ${x !== undefined ? html`<span class="xval">x ${s.xMode === 'wall' ? new Date(x * 1000).toLocaleTimeString() : num(x)}</span>` : ''}
      ${labels.map((name, k) => {
        const si = 1 + k * per + per - 1;
        const at = u && idx !== null ? nearestDefined(u.data[si], idx) : -1;
        const v = at >= 0 ? u!.data[si]![at] : undefined;
        const raw = per === 2 && at >= 0 ? u!.data[si - 1]![at] : undefined;
        const color = styles?.[k]?.stroke ?? traceColor(w.info.opts, k);
        const dashed = (styles?.[k]?.dash.length ?? 0) > 0;
        return html`<span class="item ${this.hiddenTraces.has(k) ? 'off' : ''}" data-trace=${name} @click=${() => this.toggle(k)}>
          <span class="sw" style="background:${dashed ? `repeating-linear-gradient(90deg, ${color} 0 4px, transparent 4px 6px)` : color}"></span>${name}
          ${idx !== null ? html`<span class="v">${num(v)}${raw !== undefined && raw !== v ? html` (${num(raw)})` : ''}</span>` : ''}
        </span>`;
      })}
    </div>`;
  }

  /** Legend entries without computing the data (the names only change with the layout). */
  private legendLabels(w: ClientWindow): { labels: string[]; styles?: SeriesStyle[] } {
    if (!this.members) return { labels: w.traces.map((t) => t.name) };
    return overlayLabels(this.store, this.members, this.compareEnvs ?? []);
  }

  protected override updated(): void {
    const w = this.window();
    const s = this.settings;
    const chart = this.renderRoot.querySelector<HTMLElement>('.chart');
    if (!this.active || !w || !s || !chart) return;
    this.zoom.followMoment();
    const { labels, styles } = this.legendLabels(w);
    const shape = JSON.stringify([w.info.type, w.info.opts, labels, styles, s.logX, s.logY, s.xMode, s.smoothing > 0]);
    if (shape !== this.shape || !this.uplot) {
      this.build(w, s, chart, labels, styles);
      this.shape = shape;
    }
    const drawn = `${this.rev.value}/${s.smoothing}/${this.zoom.rev}`;
    if (drawn !== this.drawn) {
      this.drawn = drawn;
      requestDraw(this.draw);
    }
  }

  /** Puts the latest data on the chart (through the shared per-frame budget). */
  private readonly draw = () => {
    const w = this.window();
    const s = this.settings;
    if (!w || !s || !this.uplot) return;
    this.uplot.setData(this.data(w, s), this.zoom.x === null);
    this.zoom.apply(this.uplot);
  };

  private build(w: ClientWindow, s: PlotSettings, chart: HTMLElement, labels: string[], styles: SeriesStyle[] | undefined): void {
    this.uplot?.destroy();
    const per = seriesPerTrace(w.info.type, s);
    const opts = plotOptions({
      type: w.info.type,
      opts: w.info.opts,
      names: labels,
      styles,
      settings: s,
      width: Math.max(100, chart.clientWidth),
      height: Math.max(60, chart.clientHeight),
      syncKey: this.syncKey ?? `env:${this.env}`,
      hooks: {
        setCursor: [(u) => (this.cursorIdx = u.cursor.idx ?? null)],
        setSelect: [(u) => this.onSelect(u)],
      },
    });
    opts.series.forEach((ser, i) => i > 0 && this.hiddenTraces.has(Math.floor((i - 1) / per)) && (ser.show = false));
    this.uplot = new uPlot(opts, this.data(w, s), chart);
    this.drawn = `${this.rev.value}/${s.smoothing}/${this.zoom.rev}`;
    this.zoom.apply(this.uplot);
    this.uplot.over.addEventListener('dblclick', () => this.zoom.reset());
    this.resizer?.disconnect();
    this.resizer = new ResizeObserver(() => {
      if (chart.clientWidth > 0 && chart.clientHeight > 0) this.uplot?.setSize({ width: chart.clientWidth, height: chart.clientHeight });
    });
    this.resizer.observe(chart);
  }

  private set(patch: Partial<PlotSettings>): void {
    if (patch.xMode) this.zoom.reset();
    this.settings = { ...this.settings!, ...patch };
  }

  private onSmoothing(e: Event): void {
    this.set({ smoothing: Number((e.target as HTMLInputElement).value) });
  }

  private onXMode(e: Event): void {
    this.set({ xMode: (e.target as HTMLSelectElement).value as XMode });
  }

  private toggle(k: number): void {
    const hidden = new Set(this.hiddenTraces);
    if (hidden.has(k)) hidden.delete(k);
    else hidden.add(k);
    this.hiddenTraces = hidden;
    const u = this.uplot;
    const w = this.window();
    if (!u || !w || !this.settings) return;
    const per = seriesPerTrace(w.info.type, this.settings);
    for (let j = 0; j < per; j++) u.setSeries(1 + k * per + j, { show: !hidden.has(k) });
  }

  /**
   * Drag-select: zoom x to the selection and fetch that range at full resolution.
   * A drag that is mostly vertical (or diagonal) zooms y too.
   */
  private onSelect(u: uPlot): void {
    const sel = u.select;
    if (sel.width < 3 && sel.height < 3) return;
    const fullHeight = sel.height >= u.over.clientHeight - 1;
    const fullWidth = sel.width >= u.over.clientWidth - 1;
    const x = sel.width >= 3 && !fullWidth ? { min: u.posToVal(sel.left, 'x'), max: u.posToVal(sel.left + sel.width, 'x') } : null;
    const y = fullHeight ? null : { min: u.posToVal(sel.top + sel.height, 'y'), max: u.posToVal(sel.top, 'y') };
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    this.zoom.select(u, x, y);
  }

  private exportPng(): void {
    const u = this.uplot;
    if (!u) return;
    const name = this.members ? `compare-${this.window()?.info.opts.title || this.win}` : `${this.env}-${this.win}`;
    downloadPng(u.ctx.canvas, `${name}.png`, getComputedStyle(this).getPropertyValue('--panel').trim() || '#171b21');
  }
}

/** Traces merged onto one x column have holes (undefined): the legend shows the closest point's value. */
function nearestDefined(col: ArrayLike<number | null | undefined> | undefined, idx: number, reach = 64): number {
  if (!col) return -1;
  for (let d = 0; d <= reach; d++) {
    if (idx - d >= 0 && col[idx - d] !== undefined) return idx - d;
    if (idx + d < col.length && col[idx + d] !== undefined) return idx + d;
  }
  return -1;
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-plot': RbPlot;
  }
}
