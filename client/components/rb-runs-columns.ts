/**
 * The runs table's column chooser: a `columns` button opening a panel with the
 * built-in columns, every config key (flattened), and metric columns (a metric found
 * in the runs, with last, min or max). Emits `rb-columns` with the new column list.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { metricId, type MetricKey } from '../../protocol/index.js';
import { BUILTIN_COLUMNS, columnLabel, metricColumn, parseMetricColumn, type Agg } from '../runs/rows.js';
import { theme } from '../styles.js';

@customElement('rb-runs-columns')
export class RbRunsColumns extends LitElement {
  static override styles = [
    theme,
    css`
      :host { position: relative; }
      .panel {
        position: absolute; right: 0; top: 28px; z-index: 5; width: 340px; max-height: 420px; overflow: auto;
        background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 8px 10px; box-shadow: 0 6px 20px #0008;
      }
      h4 { margin: 8px 0 4px; font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
      label { display: flex; gap: 6px; align-items: center; padding: 1px 0; }
      .add { display: flex; gap: 4px; align-items: center; }
      .add select.metric { flex: 1; min-width: 0; }
      .chosen { display: flex; align-items: center; gap: 6px; }
      .chosen span { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    `,
  ];

  @property({ attribute: false }) columns: string[] = [];
  @property({ attribute: false }) configKeys: string[] = [];
  @property({ attribute: false }) catalog: (MetricKey & { runs: number })[] = [];
  @state() private open = false;
  @state() private agg: Agg = 'last';

  override render() {
    return html`<button class="cols" aria-expanded=${this.open} @click=${() => (this.open = !this.open)}>columns ▾</button>
      ${this.open ? this.renderPanel() : ''}`;
  }

  private renderPanel() {
    const has = new Set(this.columns);
    const metrics = this.columns.filter((c) => parseMetricColumn(c));
    return html`<div class="panel" role="dialog" aria-label="columns">
      <h4>run</h4>
      ${BUILTIN_COLUMNS.map((c) => this.checkbox(c, c === 'color' ? 'colour' : c, has))}
      <h4>config</h4>
      ${this.configKeys.length === 0 ? html`<div>no config yet</div>` : this.configKeys.map((k) => this.checkbox(`config:${k}`, k, has))}
      <h4>metrics</h4>
      ${metrics.map((c) => html`<div class="chosen"><span title=${columnLabel(c)}>${columnLabel(c)}</span><button @click=${() => this.emit(this.columns.filter((x) => x !== c))} aria-label=${`remove ${columnLabel(c)}`}>×</button></div>`)}
      <div class="add">
        <select class="metric" aria-label="metric">
          ${this.catalog.map((m) => html`<option value=${metricId(m)}>${m.win === m.trace ? m.win : `${m.win} · ${m.trace}`} (${m.runs})</option>`)}
        </select>
        <select class="agg" aria-label="aggregate" .value=${this.agg} @change=${(e: Event) => (this.agg = (e.target as HTMLSelectElement).value as Agg)}>
          <option value="last">last</option><option value="min">min</option><option value="max">max</option>
        </select>
        <button class="add-metric" ?disabled=${this.catalog.length === 0} @click=${this.addMetric}>add</button>
      </div>
    </div>`;
  }

  private checkbox(col: string, label: string, has: Set<string>) {
    return html`<label><input type="checkbox" data-col=${col} .checked=${has.has(col)} @change=${() => this.emit(has.has(col) ? this.columns.filter((c) => c !== col) : [...this.columns, col])} />${label}</label>`;
  }

  private addMetric(): void {
    const id = (this.renderRoot.querySelector('select.metric') as HTMLSelectElement).value;
    const col = metricColumn(id, this.agg);
    if (id && !this.columns.includes(col)) this.emit([...this.columns, col]);
  }

  private emit(cols: string[]): void {
    this.dispatchEvent(new CustomEvent<string[]>('rb-columns', { detail: cols }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-runs-columns': RbRunsColumns;
  }
}
