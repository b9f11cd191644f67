/**
 * The controls above a line or scatter pane: this pane's smoothing (following
 * the dashboard's until moved, with a button to follow it again), the x axis,
 * log scales, reset zoom, and one export menu (PNG of the pane; CSV of every
 * point of each window drawn, one per env in an overlay). It only reports what the user
 * asked for, as `rb-plot-settings` (a partial PlotSettings), `rb-plot-unzoom`
 * and `rb-plot-png` events; the plot owns the state.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PlotMember } from '../compare/overlay-view.js';
import { csvUrl } from '../export.js';
import type { PlotSettings } from '../plot/options.js';
import type { XMode } from '../plot/series-view.js';
import { theme } from '../styles.js';

@customElement('rb-plot-toolbar')
export class RbPlotToolbar extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 4px 8px; color: var(--muted); font-size: 12px; }
      label { display: inline-flex; align-items: center; gap: 4px; }
      input[type='range'] { width: 56px; accent-color: var(--accent); }
      select { max-width: 92px; font-size: 11px; }
      .val { width: 2.2em; color: var(--text); font-variant-numeric: tabular-nums; }
      .own .val { color: var(--accent); }
      .grow { flex: 1; }
      a, button { font-size: 11px; }
      a { white-space: nowrap; text-decoration: none; border: 1px solid var(--border); border-radius: 4px; padding: 1px 6px; color: inherit; }
      .follow { border: none; background: transparent; color: var(--muted); padding: 0 2px; }
      details.export { position: relative; }
      details.export summary {
        list-style: none; cursor: pointer; font-size: 11px; border: 1px solid var(--border); border-radius: 4px; padding: 1px 6px;
        background: var(--panel-2); color: var(--text);
      }
      details.export summary::-webkit-details-marker { display: none; }
      .menu {
        position: absolute; right: 0; top: calc(100% + 3px); z-index: 5; display: flex; flex-direction: column; min-width: 150px;
        max-height: 260px; overflow: auto; background: var(--panel); border: 1px solid var(--border); border-radius: 4px; padding: 3px;
        box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25);
      }
      .menu button, .menu a { border: none; background: transparent; text-align: left; padding: 3px 8px; border-radius: 3px; color: var(--text); overflow: hidden; text-overflow: ellipsis; }
      .menu button:hover, .menu a:hover { background: var(--panel-2); }
    `,
  ];

  @property({ attribute: false }) settings!: PlotSettings;
  /** The smoothing in effect: the pane's own, or the dashboard's. */
  @property({ type: Number }) smoothing = 0;
  @property({ type: Boolean }) scatter = false;
  /** Compare fixes the x axis for every pane: no picker then. */
  @property({ type: Boolean }) fixedX = false;
  @property({ type: Boolean }) zoomed = false;
  @property({ attribute: false }) sources: PlotMember[] = [];
  @property({ type: Boolean }) several = false;

  override render() {
    const s = this.settings;
    const own = s.smoothing !== null;
    return html`
      ${this.scatter
        ? ''
        : html`<label class=${own ? 'own smooth' : 'smooth'} title=${own ? 'Smoothing of this pane (debiased EMA weight)' : 'Smoothing (follows the dashboard setting; move to set this pane alone)'}
            >smooth
            <input type="range" min="0" max="0.99" step="0.01" .value=${String(this.smoothing)} @input=${this.onSmoothing} />
            <span class="val">${this.smoothing.toFixed(2)}</span></label
          >${own ? html`<button class="follow" title="Follow the dashboard's smoothing" @click=${() => this.emit({ smoothing: null })}>↺</button>` : ''}`}
      ${this.scatter || this.fixedX
        ? ''
        : html`<select title="x axis" @change=${this.onXMode} .value=${s.xMode}>
            <option value="step">step</option>
            <option value="relative">relative time</option>
            <option value="wall">wall time</option>
          </select>`}
      <button aria-pressed=${s.logX} @click=${() => this.emit({ logX: !s.logX })}>log x</button>
      <button aria-pressed=${s.logY} @click=${() => this.emit({ logY: !s.logY })}>log y</button>
      ${this.zoomed ? html`<button class="unzoom" @click=${() => this.dispatchEvent(new CustomEvent('rb-plot-unzoom'))}>reset zoom</button>` : ''}
      <span class="grow"></span>
      <details class="export" @toggle=${this.onToggle}>
        <summary title="Download this pane">export ▾</summary>
        <div class="menu" role="menu">
          <button role="menuitem" class="png" title="Download as PNG (2×, with title and legend)" @click=${this.onPng}>PNG</button>
          ${this.sources.map(
            (m) => html`<a role="menuitem" href=${csvUrl(m.env, m.win)} download class="csv" title=${`Download every point of ${m.env} / ${m.win} as CSV`}
              >CSV${this.several ? ` ${m.env}` : ''}</a
            >`,
          )}
        </div>
      </details>
    `;
  }

  private onPng(e: Event): void {
    (e.target as HTMLElement).closest('details')!.open = false;
    this.dispatchEvent(new CustomEvent('rb-plot-png'));
  }

  /** An open menu closes on the next click anywhere else. */
  private onToggle(e: Event): void {
    const details = e.target as HTMLDetailsElement;
    if (!details.open) return;
    const close = (ev: Event) => {
      if (ev.composedPath().includes(details)) return;
      details.open = false;
      removeEventListener('pointerdown', close, true);
    };
    addEventListener('pointerdown', close, true);
  }

  private emit(patch: Partial<PlotSettings>): void {
    this.dispatchEvent(new CustomEvent('rb-plot-settings', { detail: patch }));
  }

  private onSmoothing(e: Event): void {
    this.emit({ smoothing: Number((e.target as HTMLInputElement).value) });
  }

  private onXMode(e: Event): void {
    this.emit({ xMode: (e.target as HTMLSelectElement).value as XMode });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-plot-toolbar': RbPlotToolbar;
  }
}
