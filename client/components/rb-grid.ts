/**
 * The pane grid of one env: one pane per window in a responsive grid, in the
 * order the user dragged them to, with the sizes they resized them to (both
 * remembered per env). The focused pane spans the whole row. The metric search
 * (`filter`: text or /regex/ over titles and ids) hides the windows that do not
 * match; windows with a `prefix/` sit in collapsible sections (windows/sections.ts).
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { MIN_COLUMN_PX, loadLayout, moveBefore, ordered, saveLayout, sizeFromOpts, type EnvLayout, type PaneSize } from '../layout.js';
import type { ClientStore } from '../store.js';
import { renderSections, sectionCss, SectionsController } from '../windows/section-view.js';
import { searchWindows, sections } from '../windows/sections.js';
import { paneTitle } from '../windows/pane-title.js';
import { theme } from '../styles.js';
import './rb-pane.js';

/**
 * Panes rendered at once (more than a screenful); the rest follow a batch per animation
 * frame (not in idle time, which a scroll can hold off: the grid reaches its full height
 * within a few frames whatever the page does).
 */
const FIRST_PANES = 24;
const PANES_PER_FRAME = 12;

@customElement('rb-grid')
export class RbGrid extends LitElement {
  static override styles = [
    theme,
    sectionCss,
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
  /** The metric search: text or /regex/ over window titles and ids. */
  @property() filter = '';
  @state() private layout: EnvLayout = { order: [], sizes: {} };
  private scrolledTo: string | null = null;
  /** A section collapsed or opened anywhere re-renders this view. */
  private readonly sectionsCtl = new SectionsController(this);
  /** How many panes are rendered: a big env's first panes come first, so its first chart does not wait for all of them. */
  @state() private shown = FIRST_PANES;
  private wanted = 0;
  private cancelMore: (() => void) | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancelMore?.();
    this.cancelMore = null;
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('env')) this.layout = loadLayout(this.env);
  }

  override render() {
    const wins = this.store.envWindows(this.env);
    const ids = ordered(
      wins.map((w) => w.info.id),
      this.layout,
    );
    const infos = new Map(wins.map((w) => [w.info.id, w.info]));
    const label = (id: string) => ({ id, title: paneTitle(infos.get(id)!) });
    const found = searchWindows(ids, label, this.filter);
    this.budget = this.shown;
    this.wanted = 0;
    const count = found.items.length === wins.length ? `${wins.length} windows` : `${found.items.length} of ${wins.length} windows`;
    return html`
      ${this.showHeader ? html`<h2><b>${this.env}</b> · ${count}</h2>` : ''}
      ${wins.length === 0 ? html`<div class="empty">No windows in ${this.env} yet.</div>` : ''}
      ${wins.length > 0 && found.items.length === 0 ? html`<div class="empty">No windows of ${this.env} match “${this.filter}”.</div>` : ''}
      <div class="sections" @rb-move=${this.onMove} @rb-resize=${this.onResize}>
        ${renderSections(sections(found.items, label), this.filter.trim() !== '', (items) => html`<div class="grid">
          ${repeat(
            this.firstOf(items),
            (id) => id,
            (id) => html`<rb-pane
              .store=${this.store}
              .env=${this.env}
              .win=${id}
              .size=${this.layout.sizes[id] ?? sizeFromOpts(infos.get(id)?.opts ?? {})}
              .focused=${this.focusWin === id}
            ></rb-pane>`,
          )}
        </div>`)}
      </div>
    `;
  }

  private budget = 0;

  /** The items of a section still within the panes rendered (sections render in order). */
  private firstOf(items: string[]): string[] {
    this.wanted += items.length;
    const take = Math.max(0, Math.min(items.length, this.budget));
    this.budget -= take;
    return take === items.length ? items : items.slice(0, take);
  }

  protected override updated(): void {
    if (this.wanted > this.shown && !this.cancelMore) {
      const frame = requestAnimationFrame(() => {
        this.cancelMore = null;
        this.shown += PANES_PER_FRAME;
      });
      this.cancelMore = () => cancelAnimationFrame(frame);
    }
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
