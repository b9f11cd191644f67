/**
 * The values under the cursor of a compare overlay, floating over the chart:
 * every run's value at its own nearest x, sorted from the highest, the
 * highlighted run marked. Many runs flow into columns, so 50 fit beside the
 * cursor, as W&B's hover list.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from '../styles.js';
import type { LegendEntry } from './rb-plot-legend.js';

@customElement('rb-plot-hover')
export class RbPlotHover extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        /* Its rows change on every cursor move: their layout stays inside it. */
        contain: layout paint;
        position: absolute; top: 4px; max-width: 70%; max-height: calc(100% - 8px); overflow: hidden; pointer-events: none; z-index: 2;
        background: var(--panel); border: 1px solid var(--border); border-radius: 4px; opacity: 0.94; padding: 3px 6px; font-size: 11px;
      }
      .x { color: var(--muted); margin-bottom: 2px; }
      .list { column-width: 13em; column-gap: 12px; }
      .row { display: flex; align-items: center; gap: 5px; white-space: nowrap; break-inside: avoid; line-height: 1.35; }
      .row.hi { font-weight: 700; }
      .sw { width: 10px; height: 3px; border-radius: 2px; flex: none; }
      .name { overflow: hidden; text-overflow: ellipsis; min-width: 0; flex: 1; }
      .v { font-variant-numeric: tabular-nums; }
    `,
  ];

  @property({ attribute: false }) entries: LegendEntry[] = [];
  @property({ attribute: false }) x: string | null = null;
  @property({ attribute: false }) highlight: number | null = null;

  override render() {
    const rows = this.entries
      .map((e, k) => ({ e, k }))
      .filter(({ e }) => !e.hidden && e.y !== null)
      .sort((a, b) => b.e.y! - a.e.y!);
    return html`<div class="x">${this.x === null ? '' : `x ${this.x}`}</div>
      <div class="list">
        ${rows.map(
          ({ e, k }) => html`<div class="row ${k === this.highlight ? 'hi' : ''}" data-trace=${e.name}>
            <span class="sw" style="background:${e.color}"></span><span class="name">${e.name}</span><span class="v">${e.value}</span>
          </div>`,
        )}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-plot-hover': RbPlotHover;
  }
}
