/**
 * The legend under a line or scatter pane: one entry per trace (click to hide
 * it), with the value under the cursor. While smoothing, an entry reads
 * "smoothed value · raw value". Every entry keeps room for its values whether
 * or not the cursor is on the chart, so the legend never changes height as the
 * cursor moves.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
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
}

@customElement('rb-plot-legend')
export class RbPlotLegend extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: flex; flex-wrap: wrap; gap: 2px 12px; padding: 3px 10px 6px; font-size: 12px; max-height: 4.5em; overflow: auto; }
      .item { display: inline-flex; align-items: center; gap: 5px; cursor: pointer; user-select: none; }
      .item.off { opacity: 0.35; }
      .sw { width: 12px; height: 3px; border-radius: 2px; flex: none; }
      .v { color: var(--muted); font-variant-numeric: tabular-nums; min-width: 5.5em; }
      .smoothing .v { min-width: 12em; }
      .xval { color: var(--muted); min-width: 7em; font-variant-numeric: tabular-nums; }
    `,
  ];

  @property({ attribute: false }) entries: LegendEntry[] = [];
  /** The x under the cursor, formatted, or null. */
  @property({ attribute: false }) x: string | null = null;
  @property({ type: Boolean }) smoothing = false;

  override render() {
    return html`<span class="xval">${this.x === null ? '' : `x ${this.x}`}</span>
      ${this.entries.map(
        (e, k) => html`<span class="item ${e.hidden ? 'off' : ''} ${this.smoothing ? 'smoothing' : ''}" data-trace=${e.name} @click=${() => this.toggle(k)}>
          <span class="sw" style="background:${e.dashed ? `repeating-linear-gradient(90deg, ${e.color} 0 4px, transparent 4px 6px)` : e.color}"></span>${e.name}
          <span class="v">${e.value === null ? '' : this.smoothing ? `smoothed ${e.value} · raw ${e.raw ?? '–'}` : e.value}</span>
        </span>`,
      )}`;
  }

  private toggle(k: number): void {
    this.dispatchEvent(new CustomEvent('rb-legend-toggle', { detail: k }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-plot-legend': RbPlotLegend;
  }
}
