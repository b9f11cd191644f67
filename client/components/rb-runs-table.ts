/**
 * The runs table: one row per env (colour, name, state, started, duration, steps, tags,
 * notes, config keys, metric last/min/max), virtualized so 1,000 runs scroll smoothly
 * (only the rows in view are in the DOM). Columns are chosen (rb-runs-columns), sorted
 * (click a header) and resized (drag its edge). The filter box takes client/runs/filter.ts's
 * syntax. Selecting rows selects envs (`rb-select`, as the env list does), which drives
 * the compare views. Tags, notes and colour are edited in place (`PATCH /api/env/:env`).
 * Emits `rb-runs-view` with { filter, sort } so the app keeps them in the URL.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { metricId, type BandKind, type EnvSummary } from '../../protocol/index.js';
import { cellText } from '../runs/cells.js';
import { autoColumns, defaultWidth, loadColumns, loadWidths, MIN_WIDTH, saveColumns, saveWidths } from '../runs/column-prefs.js';
import { filterRows, parseFilter } from '../runs/filter.js';
import { patchRunMeta, parseTags } from '../runs/patch-meta.js';
import { columnLabel, configKeys, metricColumn, metricIdsOf, runViews, sortRows, withStates, type RunView, type Sort } from '../runs/rows.js';
import { runColors } from '../runs/run-color.js';
import { RunsSummary } from '../runs/runs-summary.js';
import { nextSelection, toggleAll, type ClickKind } from '../runs/selection.js';
import { theme } from '../styles.js';
import type { RunsUrl } from '../url-state.js';
import './rb-runs-columns.js';

export const ROW_PX = 28;
/** Rows drawn above and below the visible ones. */
const OVERSCAN = 8;

export type RunsViewState = Omit<RunsUrl, 'open'>;

@customElement('rb-runs-table')
export class RbRunsTable extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: flex; flex-direction: column; min-height: 0; border: 1px solid var(--border); border-radius: 6px; background: var(--panel); }
      .bar { display: flex; align-items: center; gap: 8px; padding: 6px 8px; border-bottom: 1px solid var(--border); flex-wrap: wrap; }
      .bar input.filter { flex: 1; min-width: 200px; }
      .bar input.bad { border-color: var(--danger); }
      .count, .err { color: var(--muted); font-size: 12px; white-space: nowrap; }
      .err { color: var(--danger); }
      .scroll { flex: 1; overflow: auto; position: relative; min-height: 0; }
      .row { display: grid; align-items: center; height: ${ROW_PX}px; box-sizing: border-box; border-bottom: 1px solid var(--border); }
      .head { position: sticky; top: 0; z-index: 2; background: var(--panel-2); font-weight: 600; color: var(--muted); }
      .body .row { position: absolute; left: 0; cursor: default; }
      .body .row:hover { background: var(--panel-2); }
      .body .row[aria-selected='true'] { background: #1d2a3b; }
      .c { padding: 0 6px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; position: relative; height: 100%; line-height: ${ROW_PX}px; }
      .head .c { cursor: pointer; user-select: none; }
      .num { text-align: right; font-variant-numeric: tabular-nums; }
      .grip { position: absolute; right: 0; top: 0; bottom: 0; width: 6px; cursor: col-resize; }
      .grip:hover { background: var(--accent); }
      .sw { display: inline-block; width: 14px; height: 14px; border-radius: 3px; vertical-align: middle; cursor: pointer; position: relative; overflow: hidden; }
      .sw input { position: absolute; inset: 0; opacity: 0; cursor: pointer; width: 100%; height: 100%; padding: 0; border: 0; }
      .state { display: inline-flex; align-items: center; gap: 5px; }
      .state::before { content: ''; width: 7px; height: 7px; border-radius: 50%; background: var(--muted); }
      .state.live::before { background: var(--live); box-shadow: 0 0 5px var(--live); }
      .state.finished::before { background: var(--accent); }
      .tag { display: inline-block; padding: 0 5px; margin-right: 3px; border-radius: 8px; background: var(--panel-2); border: 1px solid var(--border); line-height: 16px; font-size: 11px; }
      .edit { width: 100%; box-sizing: border-box; }
      .empty { padding: 20px; color: var(--muted); }
      input[type='checkbox'] { margin: 0; accent-color: var(--accent); }
    `,
  ];

  @property({ attribute: false }) envs: EnvSummary[] = [];
  @property({ attribute: false }) selected: string[] = [];
  @property() filter = '';
  @property({ attribute: false }) sort: Sort | null = null;
  /** Group the selected runs by (config keys, or name:/re/); empty: no grouping. */
  @property() group = '';
  @property() band: BandKind = 'minmax';
  @state() private columns: string[] | null = loadColumns();
  @state() private widths: Record<string, number> = loadWidths();
  @state() private scrolled = 0;
  @state() private viewHeight = 400;
  @state() private editing: { env: string; col: string } | null = null;
  @state() private error: string | null = null;
  private readonly summary = new RunsSummary(this);
  private anchor: string | null = null;
  private lastEnvs: EnvSummary[] | null = null;
  private tick: ReturnType<typeof setInterval> | null = null;
  private observer: ResizeObserver | null = null;
  /** The rows in display order, as last rendered (for shift-click ranges and tests). */
  shown: RunView[] = [];
  /** How long building, filtering and sorting the rows took in the last render, ms (bench:compare reads it). */
  lastSortFilterMs = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    // State (live → idle) follows the clock too, not only new data.
    this.tick = setInterval(() => this.requestUpdate(), 5000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.tick) clearInterval(this.tick);
    this.observer?.disconnect();
  }

  protected override firstUpdated(): void {
    const scroll = this.renderRoot.querySelector('.scroll') as HTMLElement;
    this.observer = new ResizeObserver(() => (this.viewHeight = scroll.clientHeight));
    this.observer.observe(scroll);
  }

  /** The columns shown: the user's choice, else built-ins, the first config keys and the first metric's last value. */
  private cols(rows: RunView[]): string[] {
    if (this.columns) return this.columns;
    const first = this.summary.catalog[0];
    return autoColumns(configKeys(rows), first ? metricColumn(metricId(first), 'last') : null);
  }

  private setColumns(cols: string[]): void {
    this.columns = cols;
    saveColumns(cols);
  }

  override render() {
    const colors = runColors(this.envs);
    const now = Date.now();
    this.summary.want(metricIdsOf(this.columns ?? this.cols([])), this.envs !== this.lastEnvs);
    this.lastEnvs = this.envs;
    const t0 = performance.now();
    const all = this.rowsOf(colors, now);
    const cols = this.cols(all);
    const f = parseFilter(this.filter);
    const rows = sortRows(filterRows(all, f), this.sort);
    this.lastSortFilterMs = performance.now() - t0;
    this.shown = rows;
    const template = `28px ${cols.map((c) => `${this.widths[c] ?? defaultWidth(c)}px`).join(' ')}`;
    const width = 28 + cols.reduce((s, c) => s + (this.widths[c] ?? defaultWidth(c)), 0);
    const first = Math.max(0, Math.floor(this.scrolled / ROW_PX) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((this.scrolled + this.viewHeight) / ROW_PX) + OVERSCAN);
    const sel = new Set(this.selected);
    const allSelected = rows.length > 0 && rows.every((r) => sel.has(r.env));
    return html`
      <div class="bar">
        <input class="filter ${f.error ? 'bad' : ''}" type="search" placeholder="filter runs: text, /regex/, lr < 1e-3, tags=baseline"
          aria-label="filter runs" .value=${this.filter} @input=${this.onFilter} />
        <span class="count">${rows.length} of ${all.length} runs · ${this.selected.length} selected</span>
        ${f.error ? html`<span class="err">${f.error}</span>` : nothing}
        ${this.error ? html`<span class="err" title=${this.error}>${this.error}</span>` : nothing}
        <label class="count">group by <input class="group" type="text" size="14" placeholder="optim.lr,seed or name:/(.*)-s\d/" aria-label="group by"
          .value=${this.group} @change=${(e: Event) => this.emitView({ ...this.view(), group: (e.target as HTMLInputElement).value.trim() })} /></label>
        <select class="band" aria-label="band" .value=${this.band} ?disabled=${!this.group} @change=${(e: Event) => this.emitView({ ...this.view(), band: (e.target as HTMLSelectElement).value as BandKind })}>
          <option value="minmax">band: min–max</option><option value="std">band: ±1 std</option>
        </select>
        <rb-runs-columns .columns=${cols} .configKeys=${configKeys(all)} .catalog=${this.summary.catalog} @rb-columns=${(e: CustomEvent<string[]>) => this.setColumns(e.detail)}></rb-runs-columns>
      </div>
      <div class="scroll" @scroll=${this.onScroll}>
        <div class="row head" style="grid-template-columns:${template};width:${width}px">
          <div class="c"><input type="checkbox" aria-label="select all shown" .checked=${allSelected} @change=${() => this.emitSelect(toggleAll(this.selected, rows.map((r) => r.env)))} /></div>
          ${cols.map((c) => this.renderHead(c))}
        </div>
        <div class="body" style="height:${rows.length * ROW_PX}px;width:${width}px;position:relative">
          ${rows.slice(first, last).map((r, i) => this.renderRow(r, first + i, cols, template, sel.has(r.env)))}
        </div>
        ${all.length === 0 ? html`<div class="empty">No runs yet.</div>` : nothing}
      </div>
    `;
  }

  private memo: { key: unknown[]; rows: RunView[] } | null = null;

  /** Every run's row, rebuilt only when the runs, the server's summary or the 5 s state clock changed. */
  private rowsOf(colors: Map<string, string>, now: number): RunView[] {
    // Built again only when the data changes; the clock only moves states (withStates).
    const key = [this.envs, this.summary.rows, this.summary.fetchedFor, colors];
    if (this.memo && key.every((k, i) => k === this.memo!.key[i])) return (this.memo.rows = withStates(this.memo.rows, this.envs, now));
    const rows = runViews(this.envs, this.summary.rows, this.summary.fetchedFor, colors, now);
    this.memo = { key, rows };
    return rows;
  }

  private renderHead(c: string) {
    const arrow = this.sort?.col === c ? (this.sort.dir === 1 ? ' ▲' : ' ▼') : '';
    const label = columnLabel(c);
    return html`<div class="c" data-col=${c} title=${label} @click=${() => this.onSort(c)}>
      ${label}${arrow}<span class="grip" @pointerdown=${(e: PointerEvent) => this.startResize(e, c)} @click=${(e: Event) => e.stopPropagation()}></span>
    </div>`;
  }

  private renderRow(r: RunView, index: number, cols: string[], template: string, selected: boolean) {
    return html`<div class="row" role="row" data-env=${r.env} aria-selected=${selected}
      style="grid-template-columns:${template};transform:translateY(${index * ROW_PX}px)"
      @click=${(e: MouseEvent) => this.onRowClick(e, r.env)}>
      <div class="c"><input type="checkbox" aria-label=${`select ${r.env}`} .checked=${selected} @click=${(e: MouseEvent) => this.onCheck(e, r.env)} /></div>
      ${cols.map((c) => this.renderCell(r, c))}
    </div>`;
  }

  private renderCell(r: RunView, c: string) {
    if (c === 'color') {
      return html`<div class="c"><label class="sw" style="background:${r.color}" title="colour of ${r.env} (click to change)" @click=${(e: Event) => e.stopPropagation()}
        ><input type="color" aria-label=${`colour of ${r.env}`} .value=${expandHex(r.color)} @change=${(e: Event) => this.save(r.env, { color: (e.target as HTMLInputElement).value })} /></label></div>`;
    }
    if ((c === 'tags' || c === 'notes') && this.editing?.env === r.env && this.editing.col === c) {
      const value = c === 'tags' ? r.tags.join(', ') : r.notes;
      return html`<div class="c"><input class="edit" type="text" aria-label=${`${c} of ${r.env}`} .value=${value}
        @click=${(e: Event) => e.stopPropagation()} @keydown=${(e: KeyboardEvent) => this.onEditKey(e, r.env, c)} @blur=${(e: Event) => this.commitEdit(e, r.env, c)} /></div>`;
    }
    const editable = c === 'tags' || c === 'notes';
    const numeric = c === 'steps' || c === 'duration' || c.startsWith('metric:') || typeof r.config[c.slice(7)] === 'number';
    const text = cellText(r, c);
    return html`<div class="c ${numeric ? 'num' : ''}" data-col=${c} title=${editable ? `${text} (double-click to edit)` : text}
      @dblclick=${editable ? () => (this.editing = { env: r.env, col: c }) : nothing}>
      ${c === 'state' ? html`<span class="state ${r.state}">${r.state}</span>` : c === 'tags' ? r.tags.map((t) => html`<span class="tag">${t}</span>`) : text}
    </div>`;
  }

  protected override updated(): void {
    const edit = this.renderRoot.querySelector('input.edit') as HTMLInputElement | null;
    if (edit && (this.renderRoot as ShadowRoot).activeElement !== edit) edit.focus();
  }

  private onEditKey(e: KeyboardEvent, env: string, col: string): void {
    if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
    else if (e.key === 'Escape') this.editing = null;
  }

  private commitEdit(e: Event, env: string, col: string): void {
    if (!this.editing) return;
    this.editing = null;
    const v = (e.target as HTMLInputElement).value;
    void this.save(env, col === 'tags' ? { tags: parseTags(v) } : { notes: v });
  }

  private async save(env: string, patch: Parameters<typeof patchRunMeta>[1]): Promise<void> {
    this.error = await patchRunMeta(env, patch);
  }

  private onScroll(e: Event): void {
    this.scrolled = (e.target as HTMLElement).scrollTop;
  }

  private view(): RunsViewState {
    return { filter: this.filter, sort: this.sort, group: this.group, band: this.band };
  }

  private onFilter(e: Event): void {
    this.emitView({ ...this.view(), filter: (e.target as HTMLInputElement).value });
  }

  private onSort(col: string): void {
    const s = this.sort;
    const sort: Sort | null = s?.col !== col ? { col, dir: 1 } : s.dir === 1 ? { col, dir: -1 } : null;
    this.emitView({ ...this.view(), sort });
  }

  private emitView(v: RunsViewState): void {
    Object.assign(this, v);
    this.dispatchEvent(new CustomEvent<RunsViewState>('rb-runs-view', { detail: v, bubbles: true, composed: true }));
  }

  private startResize(e: PointerEvent, col: string): void {
    e.preventDefault();
    e.stopPropagation();
    const grip = e.target as HTMLElement;
    grip.setPointerCapture(e.pointerId);
    const x0 = e.clientX;
    const w0 = this.widths[col] ?? defaultWidth(col);
    const move = (m: PointerEvent) => (this.widths = { ...this.widths, [col]: Math.max(MIN_WIDTH, Math.round(w0 + m.clientX - x0)) });
    const up = () => {
      grip.removeEventListener('pointermove', move);
      grip.removeEventListener('pointerup', up);
      saveWidths(this.widths);
    };
    grip.addEventListener('pointermove', move);
    grip.addEventListener('pointerup', up);
  }

  private onRowClick(e: MouseEvent, env: string): void {
    const kind: ClickKind = e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'only';
    this.emitSelect(nextSelection(this.selected, env, kind, this.anchor, this.shown.map((r) => r.env)));
    if (kind !== 'range') this.anchor = env;
  }

  private onCheck(e: MouseEvent, env: string): void {
    e.stopPropagation();
    this.emitSelect(nextSelection(this.selected, env, 'toggle', null, []));
    this.anchor = env;
  }

  private emitSelect(envs: string[]): void {
    this.dispatchEvent(new CustomEvent<string[]>('rb-select', { detail: envs, bubbles: true, composed: true }));
  }
}

/** `<input type=color>` takes #rrggbb only. */
function expandHex(c: string): string {
  return /^#[0-9a-f]{3}$/i.test(c) ? `#${[...c.slice(1)].map((h) => h + h).join('')}` : c;
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-runs-table': RbRunsTable;
  }
}
