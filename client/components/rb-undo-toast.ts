/**
 * "closed loss — undo": after a pane's × closes a window (for every viewer), this toast
 * offers to bring it back for UNDO_MS. Undo is POST /api/env/:env/win/:win/reopen; the
 * window returns, with its points, through the socket like any other write. The server
 * keeps closed windows, so a later reopen through the API still works.
 */
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { theme } from '../styles.js';

/** Fired (bubbling, composed) by a pane once the server has closed its window. */
export const CLOSED_EVENT = 'rb-closed';
export interface ClosedDetail {
  env: string;
  win: string;
  title: string;
}

/** How long the toast offers undo. */
export const UNDO_MS = 10_000;

@customElement('rb-undo-toast')
export class RbUndoToast extends LitElement {
  static override styles = [
    theme,
    css`
      :host { position: fixed; left: 50%; bottom: 16px; transform: translateX(-50%); z-index: 20; }
      .toast { display: flex; gap: 10px; align-items: center; padding: 6px 10px; background: var(--panel-2); border: 1px solid var(--border); border-radius: 6px; box-shadow: 0 2px 8px #0008; }
      .failed { color: var(--danger); }
    `,
  ];

  @state() private closed: (ClosedDetail & { error?: string }) | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  private readonly onClosed = (e: Event) => this.show((e as CustomEvent<ClosedDetail>).detail);

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(CLOSED_EVENT, this.onClosed);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(CLOSED_EVENT, this.onClosed);
    clearTimeout(this.timer);
  }

  override render() {
    const c = this.closed;
    if (!c) return null;
    return html`<div class="toast" role="status">
      <span class=${c.error ? 'failed' : ''}>${c.error ?? `closed ${c.title}`}</span>
      ${c.error ? '' : html`<button class="undo" @click=${this.undo}>undo</button>`}
      <button class="dismiss" aria-label="dismiss" @click=${() => this.show(null)}>×</button>
    </div>`;
  }

  private show(closed: RbUndoToast['closed']): void {
    clearTimeout(this.timer);
    this.closed = closed;
    if (closed) this.timer = setTimeout(() => (this.closed = null), UNDO_MS);
  }

  private async undo(): Promise<void> {
    const c = this.closed!;
    const res = await fetch(`/api/env/${encodeURIComponent(c.env)}/win/${encodeURIComponent(c.win)}/reopen`, { method: 'POST' });
    if (res.ok) this.show(null);
    else this.show({ ...c, error: `could not reopen ${c.title}: ${((await res.json().catch(() => ({}))) as { message?: string }).message ?? `HTTP ${res.status}`}` });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-undo-toast': RbUndoToast;
  }
  interface WindowEventMap {
    [CLOSED_EVENT]: CustomEvent<ClosedDetail>;
  }
}
