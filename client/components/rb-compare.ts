/**
 * The compare view of several envs. Windows are matched across envs by title
 * (falling back to the window id). `overlay`: one pane per match with every env's
 * traces on the same axes. `columns`: one column per env, matched windows on the
 * same row, with the cursor and the zoom synced along the row. The metric search
 * (`filter`) and the `prefix/` sections apply to the matched windows.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { matchWindows, type Align, type CompareGroup } from '../compare/match.js';
import { runColorOf } from '../compare/overlay-view.js';
import { DEFAULT_SIZE, MIN_COLUMN_PX, type PaneSize } from '../layout.js';
import type { ClientStore } from '../store.js';
import { theme } from '../styles.js';
import type { CompareMode } from '../url-state.js';
import { SectionsController, renderSections, sectionCss } from '../windows/section-view.js';
import { searchWindows, sections } from '../windows/sections.js';
import './rb-pane.js';

@customElement('rb-compare')
export class RbCompare extends LitElement {
  static override styles = [
    theme,
    sectionCss,
    css`
      :host { display: block; }
      .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 0 2px 10px; color: var(--muted); max-height: 4.6em; overflow: auto; }
      .env { display: inline-flex; align-items: center; gap: 6px; color: var(--text); }
      .sw { width: 14px; height: 3px; border-radius: 2px; }
      .grid { display: grid; gap: 12px; grid-auto-flow: row dense; }
      .overlay { grid-template-columns: repeat(auto-fill, minmax(min(${MIN_COLUMN_PX}px, 100%), 1fr)); }
      .colhead { font-weight: 600; padding: 2px; display: flex; align-items: center; gap: 6px; }
      .missing { border: 1px dashed var(--border); border-radius: 6px; color: var(--muted); display: grid; place-items: center; }
      .empty { color: var(--muted); padding: 24px 4px; }
    `,
  ];

  @property({ attribute: false }) store!: ClientStore;
  @property({ attribute: false }) envs: string[] = [];
  @property() mode: CompareMode = 'overlay';
  @property() align: Align = 'step';
  /** The store's layoutRev: a new value re-renders the view. */
  @property({ type: Number }) rev = 0;
  /** Pane sizes the user dragged to, by match (for this view only). */
  @state() private sizes: Record<string, PaneSize> = {};
  /** Side by side: the panes of a row share one y range. */
  @property({ type: Boolean }) shareY = false;
  /** The metric search: text or /regex/ over the matched windows' titles and ids. */
  @property() filter = '';
  /** A section collapsed or opened anywhere re-renders this view. */
  private readonly sectionsCtl = new SectionsController(this);

  private color(env: string): string {
    return runColorOf(this.store, this.envs, env);
  }

  private groups(): CompareGroup[] {
    return matchWindows(this.envs.map((env) => ({ env, windows: this.store.envWindows(env).map((w) => w.info) })));
  }

  override render() {
    const all = this.groups();
    const found = searchWindows(all, label, this.filter);
    const groups = found.items;
    const legend = html`<div class="legend">
      <span>${groups.length === all.length ? all.length : `${groups.length} of ${all.length}`} matched windows across</span>
      ${this.envs.map((env) => html`<span class="env" data-env=${env}><span class="sw" style="background:${this.color(env)}"></span>${env}</span>`)}
    </div>`;
    if (all.length === 0) return html`${legend}<div class="empty">No windows in these envs yet.</div>`;
    if (groups.length === 0) return html`${legend}<div class="empty">No matched windows match “${this.filter}”.</div>`;
    return this.mode === 'overlay' ? html`${legend}${this.renderOverlay(groups)}` : this.renderColumns(groups);
  }

  private renderOverlay(groups: CompareGroup[]) {
    return renderSections(sections(groups, label), this.filter.trim() !== '', (items) => this.renderOverlayGrid(items));
  }

  private renderOverlayGrid(groups: CompareGroup[]) {
    return html`<div class="grid overlay">
      ${repeat(
        groups,
        (g) => g.key,
        (g) => {
          const members = g.members.map((m) => ({ env: m.env, win: m.window.id }));
          return html`<rb-pane
            .store=${this.store}
            .env=${members[0]!.env}
            .win=${members[0]!.win}
            .members=${members}
            .compareEnvs=${this.envs}
            .align=${this.align}
            .size=${this.sizes[g.key] ?? DEFAULT_SIZE}
            data-match=${g.key}
            @rb-resize=${(e: CustomEvent<{ size: PaneSize }>) => (this.sizes = { ...this.sizes, [g.key]: e.detail.size })}
          ></rb-pane>`;
        },
      )}
    </div>`;
  }

  private renderColumns(groups: CompareGroup[]) {
    const cols = `repeat(${this.envs.length}, minmax(0, 1fr))`;
    return html`<div class="grid columns" style="grid-template-columns:${cols}">
        ${this.envs.map(
          (env) => html`<div class="colhead" data-env=${env}><span class="sw" style="background:${this.color(env)}"></span>${env}</div>`,
        )}
      </div>
      ${renderSections(sections(groups, label), this.filter.trim() !== '', (items) => this.renderColumnGrid(items))}`;
  }

  private renderColumnGrid(groups: CompareGroup[]) {
    const cols = `repeat(${this.envs.length}, minmax(0, 1fr))`;
    return html`<div class="grid columns" style="grid-template-columns:${cols}">
      ${repeat(
        groups.flatMap((g) => this.envs.map((env) => ({ g, env }))),
        ({ g, env }) => `${g.key}\n${env}`,
        ({ g, env }) => {
          const m = g.members.find((x) => x.env === env);
          if (!m) return html`<div class="missing" style="height:${DEFAULT_SIZE.height}px">no “${g.key}” in ${env}</div>`;
          return html`<rb-pane
            .store=${this.store}
            .env=${env}
            .win=${m.window.id}
            .align=${this.align}
            .syncKey=${`match:${g.key}`}
            .shareYKey=${this.shareY ? `row:${g.key}` : null}
            .size=${DEFAULT_SIZE}
            data-match=${g.key}
          ></rb-pane>`;
        },
      )}
    </div>`;
  }
}

/** A match as the search and the sections see it: its title (or id) and its windows' ids. */
function label(g: CompareGroup): { id: string; title: string } {
  return { id: g.members.map((m) => m.window.id).join(' '), title: g.key };
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-compare': RbCompare;
  }
}
