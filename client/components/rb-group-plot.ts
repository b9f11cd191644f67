/**
 * One grouped pane: a metric (window title or id, and trace) over groups of runs. The
 * mean and band per x-bucket come from the server (`POST /api/runs/group`), refetched
 * when the groups or the band change and, while runs log, at most every REFRESH_MS.
 * Each group's legend entry expands it back into its runs (their lines from the store).
 * It owns one uPlot, made on first data and remade when the series change.
 */
import { LitElement, css, html, unsafeCSS } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import type { BandKind, GroupBody, GroupReply } from '../../protocol/index.js';
import { matchKey } from '../compare/match.js';
import { num } from '../format.js';
import { groupPlot, type GroupPlot, type RunLine } from '../runs/group-plot.js';
import type { RunGroup } from '../runs/grouping.js';
import { ResizeController } from '../resize-controller.js';
import type { ClientStore } from '../store.js';
import { StoreController } from '../store-controller.js';
import { theme } from '../styles.js';

const REFRESH_MS = 2000;

@customElement('rb-group-plot')
export class RbGroupPlot extends LitElement {
  static override styles = [
    theme,
    unsafeCSS(uplotCss),
    css`
      :host { display: flex; flex-direction: column; border: 1px solid var(--border); border-radius: 6px; background: var(--panel); height: 340px; resize: vertical; overflow: hidden; }
      .title { padding: 4px 8px; font-weight: 600; border-bottom: 1px solid var(--border); display: flex; gap: 8px; align-items: baseline; }
      .title small { color: var(--muted); font-weight: 400; }
      .legend { display: flex; flex-wrap: wrap; gap: 2px 10px; padding: 4px 8px; max-height: 64px; overflow: auto; flex: none; }
      .legend button { border: none; background: none; padding: 0; display: inline-flex; align-items: center; gap: 5px; color: var(--text); }
      .legend button[aria-expanded='true'] { text-decoration: underline; }
      .sw { width: 14px; height: 8px; border-radius: 2px; }
      .chart { flex: 1; min-height: 120px; position: relative; overflow: hidden; }
      .u-legend { display: none; }
      .msg { color: var(--muted); padding: 12px; }
    `,
  ];

  @property({ attribute: false }) store!: ClientStore;
  @property() win = '';
  @property() trace = '';
  @property({ attribute: false }) groups: RunGroup[] = [];
  @property() band: BandKind = 'minmax';
  @property({ attribute: false }) runColor: (env: string) => string = () => '#888';
  @state() private reply: GroupReply | null = null;
  @state() private expanded = new Set<string>();
  @state() private error: string | null = null;
  /** The uPlot drawn, and what it was given (tests read both). */
  uplot: uPlot | null = null;
  drawn: GroupPlot | null = null;
  private requestKey = '';
  private fetchedAt = 0;
  private fetchedRev = -1;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Data arrived in the store: refetch (throttled). */
  private readonly live = new StoreController(this, () => this.store, (s) => s.rev);
  private readonly resize = new ResizeController(this, (width, height) => this.uplot?.setSize({ width, height }));

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.uplot?.destroy();
    this.uplot = null;
  }

  protected override willUpdate(): void {
    const body = this.body();
    const key = JSON.stringify(body);
    if (key !== this.requestKey) {
      this.requestKey = key;
      void this.fetch(body);
    } else if (!this.timer && this.live.value !== this.fetchedRev) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.fetch(this.body());
      }, Math.max(0, this.fetchedAt + REFRESH_MS - performance.now()));
    }
  }

  private body(): GroupBody {
    return { win: this.win, trace: this.trace, band: this.band, groups: this.groups.map((g) => ({ key: g.key, envs: g.envs })), buckets: 400 };
  }

  private async fetch(body: GroupBody): Promise<void> {
    this.fetchedAt = performance.now();
    this.fetchedRev = this.live.value;
    const key = JSON.stringify(body);
    try {
      const res = await fetch('/api/runs/group', { method: 'POST', headers: { 'content-type': 'application/json' }, body: key });
      const json = await res.json();
      if (key !== this.requestKey) return;
      if (!res.ok) this.error = (json as { message?: string }).message ?? `${res.status}`;
      else {
        this.error = null;
        this.reply = json as GroupReply;
      }
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  /** The runs' own lines for this metric, from the store (the selected envs are subscribed). */
  private runLines = (envs: string[]): RunLine[] => {
    const out: RunLine[] = [];
    for (const env of envs) {
      const w = this.store.envWindows(env).find((cw) => matchKey(cw.info).replace(/^(title|id):/, '') === this.win);
      const t = w?.traces.find((tr) => tr.name === this.trace);
      if (t) out.push({ env, color: this.runColor(env), x: t.x, y: t.y });
    }
    return out;
  };

  override render() {
    const r = this.reply;
    return html`<div class="title">${this.win === this.trace ? this.win : `${this.win} · ${this.trace}`}
        <small>mean ${this.band === 'std' ? '± 1 std' : 'and min–max'} of ${this.groups.length} group${this.groups.length === 1 ? '' : 's'}</small></div>
      <div class="legend">
        ${(r?.groups ?? []).map((g) => {
          const s = this.drawn?.series.find((x) => x.role === 'mean' && x.group === g.key);
          const last = g.mean.length ? g.mean[g.mean.length - 1] : null;
          return html`<button class="grp" data-group=${g.key} aria-expanded=${this.expanded.has(g.key)} title="click: show this group's runs"
            @click=${() => this.toggle(g.key)}><span class="sw" style="background:${s?.color ?? 'transparent'}"></span>${g.key} · ${g.found} run${g.found === 1 ? '' : 's'} · ${num(last)}</button>`;
        })}
      </div>
      ${this.error ? html`<div class="msg">${this.error}</div>` : ''}
      <div class="chart"></div>`;
  }

  private toggle(key: string): void {
    const next = new Set(this.expanded);
    if (!next.delete(key)) next.add(key);
    this.expanded = next;
  }

  protected override updated(): void {
    if (!this.reply) return;
    const chart = this.renderRoot.querySelector('.chart') as HTMLElement;
    this.resize.observe(chart);
    const plot = groupPlot(this.reply, this.expanded, this.runLines, this.runColor);
    const layout = JSON.stringify([plot.series, plot.bands]);
    if (this.uplot && this.drawnLayout === layout) {
      this.uplot.setData(plot.data as uPlot.AlignedData);
    } else {
      this.uplot?.destroy();
      this.uplot = new uPlot(this.options(plot, chart), plot.data as uPlot.AlignedData, chart);
      this.drawnLayout = layout;
    }
    this.drawn = plot;
  }

  private drawnLayout = '';

  private options(plot: GroupPlot, chart: HTMLElement): uPlot.Options {
    // The theme's colours (a light theme sets other values for these variables).
    const css = getComputedStyle(this);
    const muted = css.getPropertyValue('--muted').trim() || '#8b95a3';
    const border = css.getPropertyValue('--border').trim() || '#2a313b';
    const axis = { stroke: muted, grid: { stroke: border, width: 1 }, ticks: { stroke: border, width: 1 } };
    return {
      width: Math.max(100, chart.clientWidth),
      height: Math.max(100, chart.clientHeight),
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false } },
      axes: [axis, axis],
      series: [
        {},
        ...plot.series.map((s): uPlot.Series => ({
          label: s.label,
          stroke: s.role === 'lo' || s.role === 'hi' ? 'transparent' : s.color,
          width: s.role === 'mean' ? 2 : s.role === 'run' ? 1 : 0,
          spanGaps: true,
          points: { show: false },
        })),
      ],
      bands: plot.bands.map((b) => ({ series: b.series, fill: b.fill })),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-group-plot': RbGroupPlot;
  }
}
