/**
 * The dashboard: a header with the connection indicator, the env list, and one
 * pane grid per selected env. The selection and the focused pane live in the URL.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { MIN_COLUMN_PX } from '../layout.js';
import type { Session } from '../session.js';
import type { ClientStore } from '../store.js';
import { StoreController } from '../store-controller.js';
import { theme } from '../styles.js';
import { readUrl, writeUrl } from '../url-state.js';
import './rb-env-list.js';
import './rb-grid.js';

const SIDEBAR_PX = 260;

@customElement('rb-app')
export class RbApp extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: flex; flex-direction: column; height: 100vh; background: var(--bg); }
      header {
        display: flex; align-items: center; gap: 12px; padding: 0 14px; height: 40px; flex: none;
        border-bottom: 1px solid var(--border); background: var(--panel);
      }
      .brand { font-weight: 650; letter-spacing: 0.02em; }
      .brand span { color: var(--accent); }
      .spacer { flex: 1; }
      .conn { display: inline-flex; align-items: center; gap: 6px; color: var(--muted); }
      .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--warn); }
      .conn[data-status='live'] .dot { background: var(--live); box-shadow: 0 0 6px var(--live); }
      .conn[data-status='reconnecting'] .dot { background: var(--danger); animation: blink 1s infinite; }
      @keyframes blink { 50% { opacity: 0.3; } }
      .body { display: flex; flex: 1; min-height: 0; }
      rb-env-list { width: ${SIDEBAR_PX}px; flex: none; border-right: 1px solid var(--border); }
      main { flex: 1; overflow: auto; padding: 12px 14px 40px; }
      .empty { color: var(--muted); padding: 40px; text-align: center; }
    `,
  ];

  @property({ attribute: false }) store!: ClientStore;
  @property({ attribute: false }) session!: Session;
  @state() private selected: string[] = [];
  @state() private focusWin: string | null = null;
  private autoSelect = true;
  private readonly ctl = new StoreController(this, () => this.store, (s) => s.layoutRev);

  override connectedCallback(): void {
    super.connectedCallback();
    const url = readUrl();
    this.selected = url.envs;
    this.focusWin = url.focus;
    if (url.envs.length > 0) this.autoSelect = false;
    addEventListener('popstate', this.onPopState);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('popstate', this.onPopState);
  }

  private readonly onPopState = () => {
    const url = readUrl();
    this.selected = url.envs;
    this.focusWin = url.focus;
  };

  protected override willUpdate(): void {
    // Until the user picks, show Visdom's default env, else the first one.
    if (this.autoSelect && this.selected.length === 0 && this.store.envs.length > 0) {
      const main = this.store.envs.find((e) => e.id === 'main');
      this.selected = [(main ?? this.store.envs[0]!).id];
    }
  }

  protected override updated(): void {
    this.session.select(this.selected, this.bucketsFor());
    writeUrl({ envs: this.selected, focus: this.focusWin });
  }

  /** Points per trace in a decimated view: the CSS pixel width of one grid column. */
  private bucketsFor(): number {
    const main = this.renderRoot.querySelector('main');
    const width = main?.clientWidth || Math.max(MIN_COLUMN_PX, innerWidth - SIDEBAR_PX);
    const cols = Math.max(1, Math.floor(width / MIN_COLUMN_PX));
    return Math.round(width / cols);
  }

  override render() {
    const s = this.store;
    return html`
      <header>
        <div class="brand">run<span>board</span></div>
        <div class="spacer"></div>
        <div class="conn" data-status=${s.connection} title="live updates">
          <span class="dot"></span>${s.connection === 'live' ? 'live' : s.connection === 'connecting' ? 'connecting…' : 'reconnecting…'}
        </div>
      </header>
      <div class="body">
        <rb-env-list .envs=${s.envs} .selected=${this.selected} @rb-select=${this.onSelect}></rb-env-list>
        <main>
          ${this.selected.length === 0
            ? html`<div class="empty">${s.envs.length === 0 ? 'No envs yet: log something to get started.' : 'Select an env on the left.'}</div>`
            : repeat(
                this.selected,
                (env) => env,
                (env) => html`<rb-grid
                  .store=${s}
                  .env=${env}
                  .rev=${s.layoutRev}
                  .focusWin=${this.focusWin}
                  .showHeader=${this.selected.length > 1}
                  @rb-focus=${this.onFocus}
                ></rb-grid>`,
              )}
        </main>
      </div>
    `;
  }

  private onSelect(e: CustomEvent<string[]>): void {
    this.autoSelect = false;
    this.selected = e.detail;
    this.focusWin = null;
  }

  private onFocus(e: CustomEvent<string | null>): void {
    this.focusWin = e.detail;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-app': RbApp;
  }
}
