/**
 * The compare view of several envs. Windows are matched across envs by title
 * (falling back to the window id). `overlay`: one pane per match with every env's
 * traces on the same axes. `columns`: one column per env, matched windows on the
 * same row, with the cursor and the zoom synced along the row.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ENV_COLORS, matchWindows, type Align, type CompareGroup } from '../compare/match.js';
import { DEFAULT_SIZE, MIN_COLUMN_PX, type PaneSize } from '../layout.js';
import type { ClientStore } from '../store.js';
import { theme } from '../styles.js';
import type { CompareMode } from '../url-state.js';
import './rb-pane.js';

@customElement('rb-compare')
export class RbCompare extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: block; }
      .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 0 2px 10px; color: var(--muted); }
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

  private groups(): CompareGroup[] {
    return matchWindows(this.envs.map((env) => ({ env, windows: this.store.envWindows(env).map((w) => w.info) })));
  }

  override render() {
    const groups = this.groups();
    const legend = html`<div class="legend">
      <span>${groups.length} matched windows across</span>
      ${this.envs.map((env, i) => html`<span class="env"><span class="sw" style="background:${ENV_COLORS[i % ENV_COLORS.length]}"></span>${env}</span>`)}
    </div>`;
    if (groups.length === 0) return html`${legend}<div class="empty">No windows in these envs yet.</div>`;
    return this.mode === 'overlay' ? html`${legend}${this.renderOverlay(groups)}` : this.renderColumns(groups);
  }

  private renderOverlay(groups: CompareGroup[]) {
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
        (env, i) => html`<div class="colhead"><span class="sw" style="background:${ENV_COLORS[i % ENV_COLORS.length]}"></span>${env}</div>`,
      )}
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
            .size=${DEFAULT_SIZE}
            data-match=${g.key}
          ></rb-pane>`;
        },
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-compare': RbCompare;
  }
}
