/**
 * The pane grid of one env: one pane per window in a responsive grid, in the
 * order the user dragged them to, with the sizes they resized them to (both
 * remembered per env). The focused pane spans the whole row.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { MIN_COLUMN_PX, loadLayout, moveBefore, ordered, saveLayout, sizeFromOpts, type EnvLayout, type PaneSize } from '../layout.js';
import type { ClientStore } from '../store.js';
import { theme } from '../styles.js';
import './rb-pane.js';

@customElement('rb-grid')
export class RbGrid extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: block; margin-bottom: 18px; }
      h2 { font-size: 13px; font-weight: 600; margin: 4px 2px 8px; color: var(--muted); }
      h2 b { color: var(--text); font-weight: 600; }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(${MIN_COLUMN_PX}px, 100%), 1fr));
        grid-auto-flow: row dense;
        gap: 12px;
      }
      .empty { color: var(--muted); padding: 24px 4px; }
    `,
  ];

  @property({ attribute: false }) store!: ClientStore;
  @property() env = '';
  /** The store's layoutRev: a new value re-renders the grid. */
  @property({ type: Number }) rev = 0;
  @property({ attribute: false }) focusWin: string | null = null;
  @property({ type: Boolean }) showHeader = false;
  @state() private layout: EnvLayout = { order: [], sizes: {} };
  private scrolledTo: string | null = null;

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('env')) this.layout = loadLayout(this.env);
  }

  override render() {
    const wins = this.store.envWindows(this.env);
    const ids = ordered(
      wins.map((w) => w.info.id),
      this.layout,
    );
    const opts = new Map(wins.map((w) => [w.info.id, w.info.opts]));
    return html`
      ${this.showHeader ? html`<h2><b>${this.env}</b> · ${wins.length} windows</h2>` : ''}
      ${wins.length === 0 ? html`<div class="empty">No windows in ${this.env} yet.</div>` : ''}
      <div class="grid" @rb-move=${this.onMove} @rb-resize=${this.onResize}>
        ${repeat(
          ids,
          (id) => id,
          (id) => html`<rb-pane
            .store=${this.store}
            .env=${this.env}
            .win=${id}
            .size=${this.layout.sizes[id] ?? sizeFromOpts(opts.get(id) ?? {})}
            .focused=${this.focusWin === id}
          ></rb-pane>`,
        )}
      </div>
    `;
  }

  protected override updated(): void {
    if (this.focusWin && this.focusWin !== this.scrolledTo) {
      const pane = this.renderRoot.querySelector(`rb-pane[data-win="${CSS.escape(this.focusWin)}"]`);
      if (pane) {
        this.scrolledTo = this.focusWin;
        pane.scrollIntoView({ block: 'start' });
      }
    }
  }

  private onMove(e: CustomEvent<{ win: string; before: string | null }>): void {
    const ids = ordered(
      this.store.envWindows(this.env).map((w) => w.info.id),
      this.layout,
    );
    this.setLayout({ ...this.layout, order: moveBefore(ids, e.detail.win, e.detail.before) });
  }

  private onResize(e: CustomEvent<{ win: string; size: PaneSize }>): void {
    this.setLayout({ ...this.layout, sizes: { ...this.layout.sizes, [e.detail.win]: e.detail.size } });
  }

  private setLayout(layout: EnvLayout): void {
    this.layout = layout;
    saveLayout(this.env, layout);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-grid': RbGrid;
  }
}
