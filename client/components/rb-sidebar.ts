/**
 * The sidebar holding the env list: resizable by dragging its edge (or with ←/→
 * on the edge), its width remembered, so long run names can be read whole. The
 * header's button collapses it (rb-app hides the element).
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { EnvSummary } from '../../protocol/index.js';
import { theme } from '../styles.js';
import './rb-env-list.js';

const WIDTH_KEY = 'runboard.sidebar.width';
export const SIDEBAR_DEFAULT_PX = 280;
const MIN_PX = 180;
const KEY_STEP_PX = 20;

/** The widest the sidebar may be: most of the window, never all of it. */
const maxWidth = () => Math.max(MIN_PX, Math.round(innerWidth * 0.6));

function loadWidth(): number {
  let v = NaN;
  try {
    v = Number(localStorage.getItem(WIDTH_KEY));
  } catch {
    // Storage disabled: the default width.
  }
  return Number.isFinite(v) && v >= MIN_PX ? v : SIDEBAR_DEFAULT_PX;
}

@customElement('rb-sidebar')
export class RbSidebar extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: flex; flex: none; min-height: 0; position: relative; border-right: 1px solid var(--border); }
      :host([hidden]) { display: none; }
      rb-env-list { flex: 1; min-width: 0; }
      .grip { position: absolute; top: 0; bottom: 0; right: -3px; width: 6px; cursor: col-resize; z-index: 3; outline: none; }
      .grip:hover, .grip:focus-visible, .grip.dragging { background: var(--accent); opacity: 0.5; }
    `,
  ];

  @property({ attribute: false }) envs: EnvSummary[] = [];
  @property({ attribute: false }) selected: string[] = [];
  @state() width = Math.min(loadWidth(), maxWidth());

  protected override willUpdate(): void {
    this.style.width = `${this.width}px`;
  }

  override render() {
    return html`<rb-env-list .envs=${this.envs} .selected=${this.selected}></rb-env-list>
      <div
        class="grip"
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize the env list"
        aria-valuenow=${this.width}
        tabindex="0"
        @pointerdown=${this.onDown}
        @keydown=${this.onKey}
      ></div>`;
  }

  private setWidth(px: number): void {
    this.width = Math.round(Math.max(MIN_PX, Math.min(maxWidth(), px)));
    try {
      localStorage.setItem(WIDTH_KEY, String(this.width));
    } catch {
      // Storage full or disabled: the width holds for this page.
    }
    this.dispatchEvent(new CustomEvent('rb-sidebar-resize', { bubbles: true, composed: true }));
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    this.setWidth(this.width + (e.key === 'ArrowRight' ? KEY_STEP_PX : -KEY_STEP_PX));
  }

  private onDown(e: PointerEvent): void {
    e.preventDefault();
    const grip = e.target as HTMLElement;
    grip.setPointerCapture(e.pointerId);
    grip.classList.add('dragging');
    const start = this.width;
    const move = (ev: PointerEvent) => this.setWidth(start + ev.clientX - e.clientX);
    const up = () => {
      grip.classList.remove('dragging');
      grip.removeEventListener('pointermove', move);
      grip.removeEventListener('pointerup', up);
    };
    grip.addEventListener('pointermove', move);
    grip.addEventListener('pointerup', up);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-sidebar': RbSidebar;
  }
}
