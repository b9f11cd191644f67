/**
 * A line or scatter pane. It owns exactly one uPlot: created once the pane is
 * visible, fed a new SeriesView when the window's rev changes (the store notifies
 * at most once per animation frame), rebuilt when the series layout changes,
 * resized by a ResizeController, destroyed on disconnect. What is drawn is decided
 * by the pure modules of client/plot (styles, axes, series view, options); the
 * toolbar and the legend are elements of their own. Drag-zoom refetches the range
 * at full resolution; double-click goes back to the live view. In the compare
 * overlay it plots several envs' windows at once (`members`), labelled `env / trace`:
 * a compact legend, the run under the pointer highlighted and the rest dimmed, and
 * every run's value at its own nearest x in a hover list. The chart keeps at least
 * MIN_CHART_PX of height; the pane grows instead. Side by side, `shareYKey` gives
 * the plots of one row one y range.
 */
import { LitElement, css, html, unsafeCSS } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import type { Align } from '../compare/match.js';
import type { PlotMember } from '../compare/overlay-view.js';
import { cancelDraw, requestDraw } from '../draw-queue.js';
import { whenIdle } from '../idle-queue.js';
import { windowAxes } from '../plot/axes.js';
import { composePng, downloadCanvas, redraw } from '../plot/export-png.js';
import { plotColors, plotOptions, type PlotSettings } from '../plot/options.js';
import { layoutOf, overlayLayout, windowLayout, type PlotLayout } from '../plot/plot-layout.js';
import { seriesPerTrace, seriesView, type SeriesView } from '../plot/series-view.js';
import { formatNumber } from '../plot/ticks.js';
import { ResizeController } from '../resize-controller.js';
import { smoothingSetting } from '../smoothing-setting.js';
import type { ClientStore, ClientWindow } from '../store.js';
import { StoreController } from '../store-controller.js';
import { theme } from '../styles.js';
import { ThemeController } from '../theme-controller.js';
import { ZoomController } from '../zoom-controller.js';
import type { LegendEntry } from './rb-plot-legend.js';
import { legendEntries } from '../plot/legend-values.js';
import { HighlightController } from '../plot/highlight-controller.js';
import { joinRow, rowExtent } from '../compare/y-share.js';
import './rb-plot-hover.js';
import './rb-plot-legend.js';
import './rb-plot-toolbar.js';

let buildsInPage = 0;

/** The least height of a chart: a pane too small for it grows (compare, many traces) rather than squeeze it. */
export const MIN_CHART_PX = 200;

@customElement('rb-plot')
export class RbPlot extends LitElement {
  static override styles = [
    theme,
    unsafeCSS(uplotCss),
    css`
      :host { display: flex; flex-direction: column; min-height: 0; }
      .area { flex: 1; min-height: ${MIN_CHART_PX}px; position: relative; display: flex; flex-direction: column; }
      /* uPlot owns everything inside .chart: Lit renders nothing there. Its size comes from the pane, never from the chart drawn. */
      .chart { flex: 1; min-height: ${MIN_CHART_PX}px; position: relative; overflow: hidden; }
      .chart > .uplot { position: absolute; left: 0; top: 0; }
      .note { position: absolute; right: 8px; top: 4px; font-size: 11px; color: var(--warn); pointer-events: none; }
      .hover { position: absolute; right: 8px; top: 18px; max-width: 70%; pointer-events: none; background: var(--panel); border: 1px solid var(--border); border-radius: 4px; opacity: 0.92; }
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
  /** Plots with the same key draw one y range: the union of theirs (side by side, shared y). */
  @property() shareYKey: string | null = null;
  @state() settings: PlotSettings | null = null;
  @state() private hiddenTraces = new Set<number>();
  @state() private cursorIdx: number | null = null;
  /** The dashboard-wide smoothing, followed unless this pane has its own. */
  @state() private globalSmoothing = smoothingSetting.weight;
  private readonly zoom = new ZoomController(this);
  /** A chart is resized (and so redrawn) only when its box changed: not on the observer's first call, nor when a pane scrolls into view. */
  private readonly resize = new ResizeController(this, (width, height) => {
    const u = this.uplot;
    if (u && (u.width !== width || u.height !== height)) u.setSize({ width, height });
  });
  private offSmoothing: (() => void) | null = null;
  private readonly highlight = new HighlightController(this, () => ({ view: this.view, styles: this.layout.styles }));
  private leaveRow: (() => void) | null = null;
  private rowKey: string | null = null;
  /** Axis and grid colours are the theme's: a theme change rebuilds the chart. */
  private readonly themed = new ThemeController(this, () => (this.shape = ''));

  /** The uPlot instance (tests read its data and options). */
  uplot: uPlot | null = null;
  /** How many times the uPlot was built (tests and benchmarks read it: a rebuild costs far more than setData). */
  builds = 0;
  /** The overlay's names and styles on the chart: runs arriving add series to it, never rebuild it. */
  private seriesKey = '';
  /** The latest cursor move, drawn on the next animation frame (several moves in one frame draw once). */
  private cursorFrame = 0;
  /** The compact legend of the overlay: names only (the hover list has the values), so a cursor move leaves it alone. */
  private staticLegend: { key: unknown; entries: LegendEntry[] } | null = null;
  /** The overlay's highlighted run, drawn over the dimmed chart (tests read its canvas and its draw counts). */
  get highlightLayer(): { canvas: HTMLCanvasElement | null; trace: number | null; counts: { layer: number; chart: number } } {
    return { canvas: this.highlight.canvas, trace: this.highlight.trace, counts: this.highlight.counts };
  }
  /** When the uPlot was first built, in the page's order of builds (tests read it: panes in view go first). */
  buildOrder = 0;
  /** What the chart shows now (tests read it). */
  view: SeriesView = { traces: [], grid: [[]], hidden: { x: 0, y: 0 } };
  private layout: PlotLayout = { names: [], styles: [], columns: [] };
  private shape = '';
  private drawn = '';
  private layoutKey = '';
  private layoutShape = '';
  private layoutInfo: unknown = null;
  /** The data's revision: followed on screen, and off screen until the chart is built (then it waits to be scrolled to). */
  private readonly rev = new StoreController(this, () => this.store, (s) =>
    this.active || !this.uplot ? this.sources().map((m) => s.window(m.env, m.win)?.rev ?? '-').join(',') : undefined,
  );

  private cancelIdle: (() => void) | null = null;
  /** Set from a build's first step (the view rendered around the chart) to its second (the chart built). */
  private building = false;
  private viewKey = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.offSmoothing = smoothingSetting.subscribe((w) => (this.globalSmoothing = w));
    // Off screen too: the chart is built in idle time, so no scroll frame creates a uPlot.
    this.cancelIdle = whenIdle(this.prebuild);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offSmoothing?.();
    this.cancelIdle?.();
    this.joinRow(null);
    cancelDraw(this.draw);
    cancelDraw(this.buildChart);
    cancelAnimationFrame(this.cursorFrame);
    this.cursorFrame = 0;
    this.uplot?.destroy();
    this.uplot = null;
    this.shape = '';
  }

  /** The smoothing in effect: the pane's own, else the dashboard's; never on scatter. */
  get smoothing(): number {
    const w = this.window();
    if (w?.info.type === 'scatter') return 0;
    return this.settings?.smoothing ?? this.globalSmoothing;
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('win') || changed.has('env')) {
      this.dataset.env = this.env;
      this.dataset.win = this.win;
    }
    if (changed.has('active') || changed.has('win') || changed.has('env') || changed.has('members')) this.rev.refresh();
    const w = this.window();
    if (w && !this.settings) {
      const axes = windowAxes(w.info.opts, layoutOf(w));
      this.settings = { smoothing: null, logX: axes.x.log, logY: axes.y.log, xMode: 'step' };
    }
    if (this.settings && this.align && this.settings.xMode !== this.align) this.set({ xMode: this.align });
    this.zoom.syncWith(this.syncKey);
    if (this.isConnected) this.joinRow(this.shareYKey);
    // Names, styles and columns change with the data and the settings, not with a cursor move.
    const key = w && this.settings ? this.drawKey(this.settings) : '';
    if (w && this.settings && (key !== this.layoutKey || w.info !== this.layoutInfo || changed.has('shareYKey'))) {
      this.layout = this.computeLayout(w, this.settings);
      this.layoutKey = key;
      this.layoutInfo = w.info;
      // What the chart is built from (not its data): a change rebuilds the uPlot.
      const st = this.settings;
      // The overlay's series follow the runs on the built chart (syncSeries); a window's rebuild the chart.
      const series = this.members ? null : [this.layout.names, this.layout.styles];
      this.layoutShape = JSON.stringify([w.info.type, w.info.opts, layoutOf(w), series, st.logX, st.logY, st.xMode, this.smoothing > 0, this.shareYKey]);
    }
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

  /** Names, styles and columns (in the pane's x units) of what is drawn. */
  private computeLayout(w: ClientWindow, s: PlotSettings): PlotLayout {
    const zoomed = (m: PlotMember) => this.zoom.traces(m);
    if (this.members) return overlayLayout(this.store, w, this.members, this.compareEnvs ?? [], s.xMode, zoomed);
    return windowLayout(w, zoomed(this) ?? w.traces, s.xMode, this.store.envStart(this.env) ?? 0);
  }

  override render() {
    const w = this.window();
    const s = this.settings;
    if (!w || !s) return html``;
    const scatter = w.info.type === 'scatter';
    const hidden = this.view.hidden;
    const points = (n: number) => (n === 1 ? '1 point' : `${n} points`);
    const note = [hidden.x > 0 ? `${points(hidden.x)} with x ≤ 0 not shown (log x)` : '', hidden.y > 0 ? `${points(hidden.y)} with y ≤ 0 not shown (log y)` : '']
      .filter(Boolean)
      .join(' · ');
    const overlay = this.members !== null;
    const entries = this.legendEntries();
    const legend = html`<rb-plot-legend
      .entries=${overlay ? this.overlayLegend(entries) : entries}
      .x=${overlay ? null : this.cursorX(s)}
      ?smoothing=${this.smoothing > 0}
      ?compact=${overlay}
      .highlight=${overlay ? this.highlight.trace : null}
      @rb-legend-toggle=${(e: CustomEvent<number>) => this.toggle(e.detail)}
      @rb-legend-hover=${(e: CustomEvent<number | null>) => overlay && this.highlight.onLegend(e.detail)}
    ></rb-plot-legend>`;
    return html`
      <rb-plot-toolbar
        .settings=${s}
        .smoothing=${this.smoothing}
        ?scatter=${scatter}
        ?fixedX=${this.align !== null}
        ?zoomed=${this.zoom.x !== null}
        ?several=${this.members !== null}
        .sources=${this.sources()}
        @rb-plot-settings=${(e: CustomEvent<Partial<PlotSettings>>) => this.set(e.detail)}
        @rb-plot-unzoom=${() => this.zoom.reset()}
        @rb-plot-png=${() => void this.exportPng()}
      ></rb-plot-toolbar>
      <div class="area">
        <div class="chart"></div>
        ${note ? html`<span class="note">${note}</span>` : ''}
        ${!this.showLegend(w) && this.cursorIdx !== null ? html`<div class="hover">${legend}</div>` : ''}
        ${overlay && this.cursorIdx !== null
          ? html`<rb-plot-hover
              style=${this.hoverOnLeft() ? 'left:8px' : 'right:8px'}
              .entries=${entries}
              .x=${this.cursorX(s)}
              .highlight=${this.highlight.trace}
            ></rb-plot-hover>`
          : ''}
      </div>
      ${this.showLegend(w) ? legend : ''}
    `;
  }

  /**
   * Whether the legend is shown under the chart: as Visdom's layout says (`showlegend`,
   * true when opts.legend was given), else for native-API windows unless opts turn it off.
   * Without it, the values under the cursor float over the chart, as Plotly's hover does.
   */
  private showLegend(w: ClientWindow): boolean {
    if (this.members) return true;
    const shown = layoutOf(w)?.showlegend ?? w.info.opts.showlegend;
    return shown !== false;
  }

  private cursorX(s: PlotSettings): string | null {
    const u = this.uplot;
    const x = u && this.cursorIdx !== null ? u.data[0][this.cursorIdx] : undefined;
    if (x === undefined || x === null) return null;
    return s.xMode === 'wall' ? new Date(x * 1000).toLocaleTimeString() : formatNumber(x);
  }

  /** The cursor's x (the grid's x nearest the pointer), or null off the chart. */
  private cursorValue(): number | null {
    const u = this.uplot;
    const x = u && this.cursorIdx !== null ? u.data[0][this.cursorIdx] : undefined;
    return x === undefined || x === null ? null : x;
  }

  private legendEntries(): LegendEntry[] {
    return legendEntries(this.view, this.cursorValue(), this.layout.names, this.layout.styles, this.hiddenTraces);
  }

  /** The overlay's legend entries without values, the same array while the names, styles and hidden runs are. */
  private overlayLegend(entries: LegendEntry[]): LegendEntry[] {
    const key = [this.layout.names, this.layout.styles, this.hiddenTraces];
    const c = this.staticLegend;
    if (c && (c.key as unknown[]).every((v, i) => v === key[i])) return c.entries;
    const plain = entries.map((e) => ({ ...e, value: null, raw: null, y: null }));
    this.staticLegend = { key, entries: plain };
    return plain;
  }

  /** The hover list goes on the side away from the pointer (from the plot's size in uPlot, no layout read). */
  private hoverOnLeft(): boolean {
    const u = this.uplot;
    return !!u && (u.cursor.left ?? 0) > u.bbox.width / (devicePixelRatio || 1) / 2;
  }

  /** Joins (or leaves) the shared-y row of side-by-side plots. */
  private joinRow(key: string | null): void {
    if (key === this.rowKey) return;
    this.leaveRow?.();
    this.leaveRow = key ? joinRow(key, this, () => requestDraw(this.draw)) : null;
    this.rowKey = key;
  }

  /**
   * What the data and settings are now: when it changes, the chart is redrawn. The data's
   * revision is read from the store, not from `rev` (undefined while off screen): a chart
   * built off screen and scrolled to unchanged is not drawn twice.
   */
  private drawKey(s: PlotSettings): string {
    const data = this.sources().map((m) => this.store.window(m.env, m.win)?.rev ?? '-').join(',');
    return `${data}/${this.smoothing}/${this.zoom.rev}/${s.logX}/${s.logY}/${s.xMode}`;
  }

  protected override updated(): void {
    const w = this.window();
    const s = this.settings;
    const chart = this.renderRoot.querySelector<HTMLElement>('.chart');
    if (!w || !s || !chart) return;
    if (!this.active) {
      // Off screen: the chart is built in idle time once the window's data is here (a big
      // env's snapshot sends the data of most windows after it).
      if (!this.uplot && hasPoints(w)) this.cancelIdle = whenIdle(this.prebuild);
      return;
    }
    this.zoom.followMoment();
    const drawn = this.drawKey(s);
    if (this.layoutShape !== this.shape || !this.uplot) {
      // Through the per-frame budget: panes scrolled into view together build over several frames.
      requestDraw(this.buildChart);
      return;
    }
    if (drawn !== this.drawn) {
      this.drawn = drawn;
      requestDraw(this.draw);
    }
  }

  /**
   * Builds (or rebuilds, when the series layout changed) the uPlot with the latest data.
   * The legend and the log-axis note read the view, and take room from the chart: they
   * are rendered first, so the chart is built at its final size and never resized (and
   * drawn again) when its pane scrolls into view.
   */
  private readonly buildChart = () => {
    if (this.building || !this.needsBuild()) return;
    this.view = this.makeView(this.window()!);
    this.viewKey = this.drawKey(this.settings!);
    this.building = true;
    this.requestUpdate();
    void this.updateComplete.then(() => {
      this.building = false;
      const w = this.window();
      const s = this.settings;
      const chart = this.renderRoot.querySelector<HTMLElement>('.chart');
      if (!w || !s || !chart || !this.needsBuild()) return;
      const key = this.drawKey(s);
      if (key !== this.viewKey) this.view = this.makeView(w);
      this.build(w, s, chart);
      this.shape = this.layoutShape;
      this.drawn = key;
    });
  };

  private needsBuild(): boolean {
    const chart = this.renderRoot.querySelector('.chart');
    return !!this.window() && !!this.settings && !!chart && this.isConnected && !(this.uplot && this.layoutShape === this.shape);
  }

  /** Idle time: the chart of a pane not yet on screen, once its data is here. */
  private readonly prebuild = () => {
    const w = this.window();
    if (!this.uplot && w && hasPoints(w)) this.buildChart();
  };

  private makeView(w: ClientWindow): SeriesView {
    const s = this.settings!;
    return seriesView(this.layout.columns, { smoothing: this.smoothing, logX: s.logX, logY: s.logY }, w.info.type === 'scatter', this.members !== null);
  }

  /** Puts the latest data on the chart (through the shared per-frame budget). */
  private readonly draw = () => {
    const w = this.window();
    const s = this.settings;
    if (!w || !s || !this.uplot) return;
    const before = this.view.hidden;
    this.view = this.makeView(w);
    this.syncSeries(this.uplot, w, s);
    this.uplot.setData(this.view.grid as uPlot.AlignedData, this.zoom.x === null);
    this.zoom.apply(this.uplot);
    if (before.x !== this.view.hidden.x || before.y !== this.view.hidden.y) this.requestUpdate();
  };

  private options(w: ClientWindow, s: PlotSettings, width: number, height: number, scale = 1): uPlot.Options {
    return plotOptions({
      scatter: w.info.type === 'scatter',
      names: this.layout.names,
      styles: () => this.layout.styles,
      view: () => this.view,
      axes: windowAxes(w.info.opts, layoutOf(w)),
      settings: s,
      smoothing: this.smoothing,
      width,
      height,
      scale,
      syncKey: this.syncKey ?? `env:${this.env}`,
      colors: plotColors(this),
      shareY: this.shareYKey ? (ext) => rowExtent(this.shareYKey!, this, ext) : undefined,
      sparse: this.members !== null,
      hooks:
        scale === 1
          ? { setCursor: [(u) => this.onCursor(u)], setSelect: [(u) => this.onSelect(u)], ...(this.members ? { draw: [this.highlight.afterDraw] } : {}) }
          : {},
    });
  }

  /** A cursor move: read on the next animation frame, so a burst of moves renders once. */
  private onCursor(u: uPlot): void {
    if (this.cursorFrame) return;
    this.cursorFrame = requestAnimationFrame(() => {
      this.cursorFrame = 0;
      if (u !== this.uplot) return;
      this.cursorIdx = u.cursor.idx ?? null;
      if (this.members) this.highlight.onCursor(u, this.view, this.layout.styles, this.hiddenTraces);
    });
  }

  /**
   * The overlay: a run that arrived (or left) since the chart was built becomes a series of it
   * (uPlot addSeries/delSeries before setData): the chart is built once, not once per run.
   */
  private syncSeries(u: uPlot, w: ClientWindow, s: PlotSettings): void {
    if (!this.members) return;
    const key = JSON.stringify([this.layout.names, this.layout.styles]);
    if (key === this.seriesKey) return;
    this.seriesKey = key;
    const per = seriesPerTrace({ smoothing: this.smoothing, logX: s.logX, logY: s.logY }, w.info.type === 'scatter');
    const fresh = this.options(w, s, u.width, u.height).series;
    for (let i = u.series.length - 1; i >= 1; i--) u.delSeries(i);
    fresh.forEach((ser, i) => {
      if (i === 0) return;
      if (this.hiddenTraces.has(Math.floor((i - 1) / per))) ser.show = false;
      u.addSeries(ser, i);
    });
    this.highlight.attach(u, per);
  }

  private build(w: ClientWindow, s: PlotSettings, chart: HTMLElement): void {
    this.builds++;
    this.buildOrder ||= ++buildsInPage;
    this.uplot?.destroy();
    const per = seriesPerTrace({ smoothing: this.smoothing, logX: s.logX, logY: s.logY }, w.info.type === 'scatter');
    const opts = this.options(w, s, Math.max(100, chart.clientWidth), Math.max(60, chart.clientHeight));
    opts.series.forEach((ser, i) => i > 0 && this.hiddenTraces.has(Math.floor((i - 1) / per)) && (ser.show = false));
    this.uplot = new uPlot(opts, this.view.grid as uPlot.AlignedData, chart);
    if (this.members) {
      this.highlight.attach(this.uplot, per);
      this.seriesKey = JSON.stringify([this.layout.names, this.layout.styles]);
    }
    this.zoom.apply(this.uplot);
    this.uplot.over.addEventListener('dblclick', () => this.zoom.reset());
    this.resize.observe(chart);
  }

  private set(patch: Partial<PlotSettings>): void {
    if (patch.xMode) this.zoom.reset();
    this.settings = { ...this.settings!, ...patch };
  }

  private toggle(k: number): void {
    const hidden = new Set(this.hiddenTraces);
    if (hidden.has(k)) hidden.delete(k);
    else hidden.add(k);
    this.hiddenTraces = hidden;
    const u = this.uplot;
    const w = this.window();
    if (!u || !w) return;
    const per = seriesPerTrace({ smoothing: this.smoothing, logX: false, logY: false }, w.info.type === 'scatter');
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

  /** The pane as a PNG at 2×: the chart drawn again at twice the size, with the title and the legend. */
  async renderPng(): Promise<HTMLCanvasElement | null> {
    const u = this.uplot;
    const w = this.window();
    const s = this.settings;
    if (!u || !w || !s) return null;
    const scale = 2;
    const c = u.ctx.canvas;
    const dpr = devicePixelRatio || 1;
    const copy = await redraw(u, this.options(w, s, (c.width / dpr) * scale, (c.height / dpr) * scale, scale), this.view.grid as uPlot.AlignedData);
    const css = getComputedStyle(this);
    const title = typeof w.info.opts.title === 'string' && w.info.opts.title ? w.info.opts.title : this.members ? `compare ${this.win}` : this.win;
    const png = composePng({
      title,
      chart: copy.canvas,
      legend: this.layout.names.map((name, k) => ({ name, color: this.layout.styles[k]!.color, dash: this.layout.styles[k]!.dash })).filter((_, k) => !this.hiddenTraces.has(k)),
      background: css.getPropertyValue('--panel').trim() || '#171b21',
      text: css.getPropertyValue('--text').trim() || '#e6e9ef',
      scale: scale * (devicePixelRatio || 1),
    });
    copy.done();
    return png;
  }

  private async exportPng(): Promise<void> {
    const png = await this.renderPng();
    if (!png) return;
    const name = this.members ? `compare-${this.window()?.info.opts.title || this.win}` : `${this.env}-${this.win}`;
    downloadCanvas(png, `${name}.png`);
  }
}

function hasPoints(w: ClientWindow): boolean {
  return w.traces.some((t) => t.x.length > 0);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-plot': RbPlot;
  }
}
