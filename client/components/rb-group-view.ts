/**
 * The grouped view of the selected runs: the runs are grouped (client/runs/grouping.ts)
 * and every metric they log (each trace of windows matched by title, as the overlay
 * matches them) gets one rb-group-plot with a mean line and band per group.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { BandKind, EnvSummary } from '../../protocol/index.js';
import { matchWindows } from '../compare/match.js';
import { groupRuns, parseGroupSpec, type RunGroup } from '../runs/grouping.js';
import { runColor } from '../runs/run-color.js';
import { runViews } from '../runs/rows.js';
import type { ClientStore } from '../store.js';
import { theme } from '../styles.js';
import './rb-group-plot.js';

@customElement('rb-group-view')
export class RbGroupView extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: block; }
      .grid { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(min(460px, 100%), 1fr)); }
      .msg { color: var(--muted); padding: 16px 4px; }
      .msg.err { color: var(--danger); }
    `,
  ];

  @property({ attribute: false }) store!: ClientStore;
  @property({ attribute: false }) envs: string[] = [];
  @property({ attribute: false }) summaries: EnvSummary[] = [];
  @property() spec = '';
  @property() band: BandKind = 'minmax';
  /** The store's layoutRev: windows came or went. */
  @property({ type: Number }) rev = 0;

  private groups(): RunGroup[] | string {
    let spec;
    try {
      spec = parseGroupSpec(this.spec);
    } catch (e) {
      return `bad group pattern: ${(e as Error).message}`;
    }
    if (!spec) return [];
    const chosen = new Set(this.envs);
    const rows = runViews(this.summaries.filter((e) => chosen.has(e.id)), [], [], new Map(), Date.now());
    // Keep the selection's order.
    rows.sort((a, b) => this.envs.indexOf(a.env) - this.envs.indexOf(b.env));
    return groupRuns(rows, spec);
  }

  /** Every (window, trace) of line and scatter windows in the selected envs, in first-seen order. */
  private metrics(): { win: string; trace: string }[] {
    const out = new Map<string, { win: string; trace: string }>();
    for (const g of matchWindows(this.envs.map((env) => ({ env, windows: this.store.envWindows(env).map((w) => w.info) })))) {
      for (const m of g.members) {
        if (m.window.type !== 'line' && m.window.type !== 'scatter') continue;
        for (const t of m.window.traces) out.set(`${g.key}\u001f${t.name}`, { win: g.key, trace: t.name });
      }
    }
    return [...out.values()];
  }

  override render() {
    const groups = this.groups();
    if (typeof groups === 'string') return html`<div class="msg err">${groups}</div>`;
    const metrics = this.metrics();
    if (metrics.length === 0) return html`<div class="msg">No line windows in the selected runs yet.</div>`;
    const color = (env: string) => runColor(this.summaries, env);
    return html`<div class="grid">
      ${repeat(
        metrics,
        (m) => `${m.win}\u001f${m.trace}`,
        (m) => html`<rb-group-plot .store=${this.store} .win=${m.win} .trace=${m.trace} .groups=${groups} .band=${this.band} .runColor=${color}></rb-group-plot>`,
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-group-view': RbGroupView;
  }
}
