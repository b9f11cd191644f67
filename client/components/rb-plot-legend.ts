/**
 * The legend under a line or scatter pane: one entry per trace (click to hide
 * it, hover to highlight it), with the value under the cursor. While smoothing,
 * an entry reads "smoothed value · raw value". Every entry keeps room for its
 * values whether or not the cursor is on the chart, so the legend never changes
 * height as the cursor moves. `compact` (the compare overlay, up to hundreds of
 * runs): at most three lines, then "+N more", which opens a scrolling list.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../styles.js';

export interface LegendEntry {
  name: string;
  color: string;
  dashed: boolean;
  hidden: boolean;
  /** The drawn value under the cursor (smoothed while smoothing), or null. */
  value: string | null;
  /** The logged value under the cursor while smoothing, else null. */
  raw: string | null;
  /** The drawn value as a number (for sorting), or null. */
  y: number | null;
}

@customElement('rb-plot-legend')
export class RbPlotLegend extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: flex; flex-wrap: wrap; gap: 2px 12px; padding: 3px 10px 6px; font-size: 12px; max-height: 4.5em; overflow: auto; flex: none; }
      :host([compact]) { max-height: 4.3em; overflow: hidden; position: relative; }
      :host([compact][open]) { max-height: 14em; overflow: auto; }
      .item { display: inline-flex; align-items: center; gap: 5px; cursor: pointer; user-select: none; }
      .item.off { opacity: 0.35; }
      .item.dim { opacity: 0.45; }
      .item.hi { font-weight: 600; }
      .sw { width: 12px; height: 3px; border-radius: 2px; flex: none; }
      .v { color: var(--muted); font-variant-numeric: tabular-nums; min-width: 5.5em; }
      :host([compact]) .v { min-width: 4.5em; }
      .smoothing .v { min-width: 12em; }
      .xval { color: var(--muted); min-width: 7em; font-variant-numeric: tabular-nums; }
      .more {
        position: absolute; right: 4px; bottom: 4px; font-size: 11px; padding: 0 6px;
        background: var(--panel-2); border: 1px solid var(--border); border-radius: 4px; color: var(--text);
      }
      :host([open]) .more { position: sticky; margin-left: auto; }
    `,
  ];

  @property({ attribute: false }) entries: LegendEntry[] = [];
  /** The x under the cursor, formatted, or null. */
  @property({ attribute: false }) x: string | null = null;
  @property({ type: Boolean }) smoothing = false;
  /** At most three lines, with "+N more". */
  @property({ type: Boolean, reflect: true }) compact = false;
  /** The highlighted trace (the others are dimmed), or null. */
  @property({ attribute: false }) highlight: number | null = null;
  @property({ type: Boolean, reflect: true }) open = false;
  /** Entries that do not fit in the compact legend. */
  @state() private overflow = 0;

  override render() {
    return html`<span class="xval">${this.x === null ? '' : `x ${this.x}`}</span>
      ${this.entries.map((e, k) => {
        const cls = `item ${e.hidden ? 'off' : ''} ${this.smoothing ? 'smoothing' : ''} ${this.highlight === k ? 'hi' : this.highlight !== null ? 'dim' : ''}`;
        return html`<span
          class=${cls}
          data-trace=${e.name}
          @click=${() => this.emit('rb-legend-toggle', k)}
          @pointerenter=${() => this.emit('rb-legend-hover', k)}
          @pointerleave=${() => this.emit('rb-legend-hover', null)}
        >
          <span class="sw" style="background:${e.dashed ? `repeating-linear-gradient(90deg, ${e.color} 0 4px, transparent 4px 6px)` : e.color}"></span>${e.name}
          <span class="v">${e.value === null ? '' : this.smoothing ? `smoothed ${e.value} · raw ${e.raw ?? '–'}` : e.value}</span>
        </span>`;
      })}
      ${this.compact && (this.overflow > 0 || this.open)
        ? html`<button class="more" aria-expanded=${this.open} @click=${() => (this.open = !this.open)}>${this.open ? 'less' : `+${this.overflow} more`}</button>`
        : ''}`;
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (!this.compact || this.open) return;
    // Measuring is a layout read: only when what takes room changed, not for a highlight or a value.
    if (!changed.has('entries') && !changed.has('open') && !changed.has('compact') && !changed.has('overflow')) return;
    // Entries below the visible lines (or under the "+N more" button) are the hidden ones.
    const limit = this.clientHeight - 4;
    let hidden = 0;
    for (const item of this.renderRoot.querySelectorAll<HTMLElement>('.item')) if (item.offsetTop + item.offsetHeight > limit) hidden++;
    if (hidden !== this.overflow) this.overflow = hidden;
  }

  private emit(type: string, detail: number | null): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-plot-legend': RbPlotLegend;
  }
}
