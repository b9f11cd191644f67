/**
 * The dashboard: a header with the view controls (compare, replay) and the
 * connection indicator, the env list, and either one pane grid per selected env
 * or the compare view; in replay, the timeline under them. Panes show the live
 * store, or the replay player's store (the envs as they were at a moment). The
 * selection, the focused pane, the replayed moment and the compare mode live in the URL.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Align } from '../compare/match.js';
import { MIN_COLUMN_PX, loadLayout, saveLayout } from '../layout.js';
import { ReplayPlayer } from '../replay/player.js';
import type { Session } from '../session.js';
import type { ClientStore } from '../store.js';
import { StoreController } from '../store-controller.js';
import { theme } from '../styles.js';
import { smoothingSetting } from '../smoothing-setting.js';
import { themeSetting, type ThemeChoice } from '../theme-setting.js';
import { textMatcher } from '../text-filter.js';
import { readUrl, writeUrl, type CompareMode, type RunsUrl } from '../url-state.js';
import type { RunsViewState } from './rb-runs-table.js';
import type { EnvChange } from './rb-env-dialog.js';
import './rb-compare.js';
import './rb-env-dialog.js';
import './rb-env-list.js';
import './rb-group-view.js';
import './rb-runs-table.js';
import { SIDEBAR_DEFAULT_PX } from './rb-sidebar.js';
import './rb-grid.js';
import './rb-timeline.js';
import './rb-undo-toast.js';

const SIDEBAR_OPEN_KEY = 'runboard.sidebar.open';
/** While replay plays, the moment in the URL is rewritten at most this often. */
const URL_EVERY_MS = 500;

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
      .sidebar-toggle { font-size: 14px; line-height: 1; padding: 2px 7px; }
      .view { flex: 1; min-width: 0; display: flex; flex-direction: column; }
      main { flex: 1; overflow: auto; padding: 12px 14px 40px; will-change: scroll-position; }
      .tools { display: inline-flex; align-items: center; gap: 6px; }
      .tools button { padding: 2px 10px; }
      .seg { display: inline-flex; }
      .seg button { border-radius: 0; }
      .seg button:first-child { border-radius: 4px 0 0 4px; }
      .seg button:last-child { border-radius: 0 4px 4px 0; }
      .seg button + button { margin-left: -1px; }
      .sep { width: 1px; height: 20px; background: var(--border); margin: 0 4px; }
      button.replay[aria-pressed='true'] { border-color: var(--warn); background: var(--warn-bg); }
      .empty { color: var(--muted); padding: 40px; text-align: center; }
      .metric-filter { width: 240px; margin-left: 8px; }
      .metric-filter.bad { border-color: var(--danger); }
      .smooth { display: inline-flex; align-items: center; gap: 4px; color: var(--muted); font-size: 12px; }
      .smooth input { width: 90px; accent-color: var(--accent); }
      rb-runs-table { height: 42vh; min-height: 160px; resize: vertical; overflow: hidden; margin-bottom: 12px; }
      .smooth .val { width: 2.2em; color: var(--text); font-variant-numeric: tabular-nums; }
    `,
  ];

  @property({ attribute: false }) store!: ClientStore;
  @property({ attribute: false }) session!: Session;
  @state() private selected: string[] = [];
  @state() private focusWin: string | null = null;
  @state() private compare: CompareMode | null = null;
  @state() private align: Align = 'step';
  /** The runs table (open, filter, sort) and grouping. */
  @state() private runs: RunsUrl = { open: false, filter: '', sort: null, group: '', band: 'minmax' };
  /** The metric search (in the URL as q). */
  @state() private metricFilter = '';
  /** Side by side: rows share one y range (in the URL as sharey=1). */
  @state() private shareY = false;
  /** The env whose actions dialog is open. */
  @state() private menuEnv: string | null = null;
  /** Set while replaying; its store replaces the live one in the panes. */
  @state() private player: ReplayPlayer | null = null;
  /** The dashboard-wide smoothing (0: the logged values). */
  @state() private smoothing = smoothingSetting.weight;
  /** The env list is shown (the header's ☰ collapses it; remembered). */
  @state() private sidebarOpen = loadSidebarOpen();
  /** The theme picked in the header (auto follows the system). */
  @state() private themeChoice: ThemeChoice = themeSetting.choice;
  private autoSelect = true;
  /** The moment asked for, kept in the URL until the player's timeline has loaded. */
  private replayFrom: number | null = null;
  private leavePlayer: (() => void) | null = null;
  private urlWrittenAt = 0;
  private readonly ctl = new StoreController(this, () => this.store, (s) => s.layoutRev);

  override connectedCallback(): void {
    super.connectedCallback();
    this.fromUrl();
    if (this.selected.length > 0) this.autoSelect = false;
    addEventListener('popstate', this.onPopState);
  }

  private onSmoothing(e: Event): void {
    smoothingSetting.set(Number((e.target as HTMLInputElement).value));
    this.smoothing = smoothingSetting.weight;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('popstate', this.onPopState);
    this.stopReplay();
  }

  private fromUrl(): void {
    const url = readUrl();
    this.selected = url.envs;
    this.focusWin = url.focus;
    this.compare = url.compare;
    this.align = url.align;
    this.runs = url.runs!;
    this.metricFilter = url.q ?? '';
    this.shareY = url.shareY ?? false;
    if (url.t === null) this.stopReplay();
    else if (url.envs.length > 0) this.startReplay(url.t);
  }

  private readonly onPopState = () => this.fromUrl();

  /** Replays the selected envs from moment `at` (null: their last moment). */
  private startReplay(at: number | null): void {
    if (this.player) return void this.player.seek(at ?? this.player.clock?.end ?? 0);
    this.replayFrom = at;
    const player = new ReplayPlayer(this.selected, this.bucketsFor());
    const offStore = player.store.subscribe(() => this.requestUpdate());
    const offPlayer = player.subscribe(() => this.onPlayerMoved());
    this.leavePlayer = () => (offStore(), offPlayer(), player.close());
    this.player = player;
    void player.open(at);
  }

  private stopReplay(): void {
    this.leavePlayer?.();
    this.leavePlayer = null;
    this.player = null;
  }

  private onPlayerMoved(): void {
    const now = performance.now();
    if (this.player?.clock?.playing && now - this.urlWrittenAt < URL_EVERY_MS) return;
    this.urlWrittenAt = now;
    this.writeUrl();
  }

  private writeUrl(): void {
    const c = this.player?.clock;
    const t = this.player ? (c?.position ?? this.replayFrom) : null;
    writeUrl({
      envs: this.selected, focus: this.focusWin, t, compare: this.compare, align: this.align, smooth: this.smoothing,
      runs: this.runs, q: this.metricFilter, shareY: this.shareY,
    });
  }

  protected override willUpdate(): void {
    // Until the user picks, show Visdom's default env, else the first one.
    if (this.autoSelect && this.selected.length === 0 && this.store.envs.length > 0) {
      const main = this.store.envs.find((e) => e.id === 'main');
      this.selected = [(main ?? this.store.envs[0]!).id];
    }
  }

  protected override updated(): void {
    // Replay does not pay for live updates it does not show; leaving it subscribes again.
    this.session.select(this.player ? [] : this.selected, this.bucketsFor());
    this.player?.setEnvs(this.selected, this.bucketsFor());
    this.writeUrl();
  }

  /** The width of <main>, kept by an observer: reading clientWidth after each update would force a layout. */
  private mainWidth = 0;
  private readonly mainSize = new ResizeObserver((entries) => (this.mainWidth = (entries[0]!.target as HTMLElement).clientWidth));

  protected override firstUpdated(): void {
    this.mainSize.observe(this.renderRoot.querySelector('main')!);
  }

  /** Points per trace in a decimated view: the CSS pixel width of one grid column. */
  private bucketsFor(): number {
    const width = this.mainWidth || this.renderRoot.querySelector('main')?.clientWidth || Math.max(MIN_COLUMN_PX, innerWidth - SIDEBAR_DEFAULT_PX);
    const cols = Math.max(1, Math.floor(width / MIN_COLUMN_PX));
    return Math.round(width / cols);
  }

  override render() {
    const s = this.store;
    const view = this.player?.store ?? s;
    const comparing = this.compare !== null && this.selected.length >= 2;
    return html`
      <header>
        <button
          class="sidebar-toggle"
          aria-expanded=${this.sidebarOpen}
          aria-label="env list"
          title=${this.sidebarOpen ? 'Hide the env list' : 'Show the env list'}
          @click=${this.toggleSidebar}
        >
          ☰
        </button>
        <div class="brand">run<span>board</span></div>
        <input
          type="search"
          class="metric-filter ${textMatcher(this.metricFilter).bad ? 'bad' : ''}"
          aria-label="Search windows"
          title="Show only the windows whose title or id matches (text, or /regex/)"
          placeholder="Search metrics (text or /regex/)"
          .value=${this.metricFilter}
          @input=${(e: Event) => (this.metricFilter = (e.target as HTMLInputElement).value)}
        />
        <div class="spacer"></div>
        ${this.renderTools()}
        <div class="conn" data-status=${s.connection} title="live updates">
          <span class="dot"></span>${s.connection === 'live' ? 'live' : s.connection === 'connecting' ? 'connecting…' : 'reconnecting…'}
        </div>
      </header>
      <div class="body">
        <rb-sidebar
          ?hidden=${!this.sidebarOpen}
          .envs=${s.envs}
          .selected=${this.selected}
          @rb-select=${this.onSelect}
          @rb-env-menu=${this.onEnvMenu}
        ></rb-sidebar>
        <div class="view">
          <main>
            ${this.runs.open
              ? html`<rb-runs-table .envs=${s.envs} .selected=${this.selected} .filter=${this.runs.filter} .sort=${this.runs.sort}
                  .group=${this.runs.group} .band=${this.runs.band} @rb-select=${this.onSelect} @rb-runs-view=${this.onRunsView}></rb-runs-table>`
              : ''}
            ${this.runs.open && this.runs.group && this.selected.length > 0
              ? html`<rb-group-view .store=${view} .envs=${this.selected} .summaries=${s.envs} .spec=${this.runs.group} .band=${this.runs.band} .rev=${view.layoutRev}></rb-group-view>`
              : this.selected.length === 0
              ? html`<div class="empty">${s.envs.length === 0 ? 'No envs yet: log something to get started.' : 'Select an env on the left.'}</div>`
              : comparing
                ? keyed(
                    `${this.player ? 'replay' : 'live'}:${this.compare}`,
                    html`<rb-compare .store=${view} .envs=${this.selected} .mode=${this.compare!} .align=${this.align} .shareY=${this.shareY} .filter=${this.metricFilter} .rev=${view.layoutRev}></rb-compare>`,
                  )
                : repeat(
                    this.selected,
                    // Panes subscribe to the store they were made with: a new store makes new panes.
                    (env) => `${this.player ? 'replay' : 'live'}:${env}`,
                    (env) => html`<rb-grid
                      .store=${view}
                      .env=${env}
                      .rev=${view.layoutRev}
                      .focusWin=${this.focusWin}
                      .showHeader=${this.selected.length > 1}
                      .filter=${this.metricFilter}
                      @rb-focus=${this.onFocus}
                    ></rb-grid>`,
                  )}
          </main>
          ${this.player ? html`<rb-timeline .player=${this.player} @rb-live=${this.stopReplay}></rb-timeline>` : ''}
        </div>
      </div>
      <rb-undo-toast></rb-undo-toast>
      <rb-env-dialog .env=${this.menuEnv} @rb-env-dialog-close=${() => (this.menuEnv = null)} @rb-env-changed=${this.onEnvChanged}></rb-env-dialog>
    `;
  }

  private renderTools() {
    const many = this.selected.length >= 2;
    return html`<div class="tools">
      <label class="smooth" title="Smoothing of every line pane (TensorBoard's debiased EMA weight; 0 = the logged values). A pane's own slider overrides it."
        >smoothing
        <input class="smoothing" type="range" min="0" max="0.99" step="0.01" .value=${String(this.smoothing)} @input=${this.onSmoothing} />
        <span class="val">${this.smoothing.toFixed(2)}</span></label
      >
      <span class="sep"></span>
      ${many
        ? html`<span class="seg" role="group" aria-label="compare">
              <button class="cmp-off" aria-pressed=${this.compare === null} @click=${() => (this.compare = null)} title="One grid per env">grids</button>
              <button class="cmp-overlay" aria-pressed=${this.compare === 'overlay'} @click=${() => (this.compare = 'overlay')} title="Matched windows overlaid">
                overlay
              </button>
              <button class="cmp-columns" aria-pressed=${this.compare === 'columns'} @click=${() => (this.compare = 'columns')} title="Envs side by side">
                side by side
              </button>
            </span>
            ${this.compare === 'columns'
              ? html`<button class="share-y" aria-pressed=${this.shareY} title="One y range along each row of matched windows" @click=${() => (this.shareY = !this.shareY)}>
                  shared y
                </button>`
              : ''}
            ${this.compare
              ? html`<select class="align" title="Align runs by" aria-label="align" .value=${this.align} @change=${this.onAlign}>
                  <option value="step">align: step</option>
                  <option value="relative">align: relative time</option>
                </select>`
              : ''}
            <span class="sep"></span>`
        : ''}
      <button class="runs-toggle" aria-pressed=${this.runs.open} title="Runs table: config, tags, notes, metrics; select rows to compare, group by config"
        @click=${() => (this.runs = { ...this.runs, open: !this.runs.open })}>runs</button>
      <button class="theme" title=${`Theme: ${this.themeChoice}${this.themeChoice === 'auto' ? ' (follows the system)' : ''}. Click for ${themeSetting.next()}.`} @click=${this.onTheme}>
        ${this.themeChoice === 'auto' ? '◐ auto' : this.themeChoice === 'light' ? '☀ light' : '☾ dark'}
      </button>
      <button
        class="replay"
        aria-pressed=${this.player !== null}
        ?disabled=${this.selected.length === 0}
        title="Replay: watch the selected envs unfold again"
        @click=${() => (this.player ? this.stopReplay() : this.startReplay(null))}
      >
        replay
      </button>
    </div>`;
  }

  private onRunsView(e: CustomEvent<RunsViewState>): void {
    this.runs = { ...this.runs, ...e.detail };
  }

  private toggleSidebar(): void {
    this.sidebarOpen = !this.sidebarOpen;
    try {
      localStorage.setItem(SIDEBAR_OPEN_KEY, this.sidebarOpen ? '1' : '0');
    } catch {
      // Storage full or disabled: the choice holds for this page.
    }
  }

  private onTheme(): void {
    themeSetting.set(themeSetting.next());
    this.themeChoice = themeSetting.choice;
  }

  private onAlign(e: Event): void {
    this.align = (e.target as HTMLSelectElement).value === 'relative' ? 'relative' : 'step';
  }

  private onEnvMenu(e: CustomEvent<string>): void {
    this.menuEnv = e.detail;
  }

  private onEnvChanged(e: CustomEvent<EnvChange>): void {
    const { action, env, to } = e.detail;
    this.autoSelect = false;
    // The pane order and sizes go with the env (and with its copy).
    if (to !== null) saveLayout(to, loadLayout(env));
    if (action === 'delete') this.selected = this.selected.filter((x) => x !== env);
    else if (action === 'rename') this.selected = this.selected.map((x) => (x === env ? to! : x));
    else this.selected = [to!];
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

function loadSidebarOpen(): boolean {
  try {
    return localStorage.getItem(SIDEBAR_OPEN_KEY) !== '0';
  } catch {
    return true;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-app': RbApp;
  }
}
