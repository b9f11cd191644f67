/**
 * Pane chrome around one window: title, focus and close buttons, drag to reorder
 * (by the title bar), a resize handle, and the body for the window's type. The
 * body is rendered only once the pane has come near the viewport, and is told
 * when it leaves it (it then skips updates). In the compare overlay one pane holds
 * a match of several envs' windows (`members`). Line and scatter panes take their
 * size as a least height and grow with their content (the chart keeps its
 * minimum height under a long toolbar or legend); other panes have the height set.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PaneEventBody, WindowInfo } from '../../protocol/index.js';
import type { Align } from '../compare/match.js';
import type { PaneSize } from '../layout.js';
import type { ClientStore } from '../store.js';
import { StoreController } from '../store-controller.js';
import { theme } from '../styles.js';
import { whenIdle } from '../idle-queue.js';
import { observeVisibility } from '../visibility.js';
import { imagePixel, keyPress, sendPaneEvent } from '../pane-events.js';
import { figureKind } from '../figure-kind.js';
import { paneTitle } from '../windows/pane-title.js';
import type { PlotMember } from '../compare/overlay-view.js';
import { CLOSED_EVENT, type ClosedDetail } from './rb-undo-toast.js';
import './rb-plot.js';
import './rb-text.js';
import './rb-image.js';
import './rb-bars.js';
import './rb-heatmap.js';
import './rb-properties.js';

const DRAG_TYPE = 'application/x-runboard-window';
const MIN_HEIGHT = 160;

@customElement('rb-pane')
export class RbPane extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: flex; flex-direction: column; min-width: 0; position: relative; box-sizing: border-box;
        background: var(--panel); border: 1px solid var(--border); border-radius: 6px;
        /* Off screen, a pane is neither laid out nor painted and keeps its last size; before it was
           first shown, its height and min-height alone size it (no content: 0px). */
        content-visibility: auto; contain-intrinsic-size: auto 0px;
      }
      :host([focused]) { border-color: var(--accent); }
      :host(.drop) { outline: 2px dashed var(--accent); outline-offset: 2px; }
      .head {
        display: flex; align-items: center; gap: 6px; padding: 5px 8px; cursor: grab;
        border-bottom: 1px solid var(--border); user-select: none;
      }
      .title { flex: 1; min-width: 0; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .title.id { font-weight: 400; color: var(--muted); font-size: 11px; }
      .type { color: var(--muted); font-size: 11px; }
      .head button { border: none; background: transparent; color: var(--muted); padding: 0 4px; font-size: 14px; line-height: 1; }
      .head button:hover { color: var(--text); }
      .body { flex: 1; min-height: 0; display: flex; flex-direction: column; overflow: hidden; }
      .body > * { flex: 1; min-height: 0; }
      .placeholder, .unsupported { color: var(--muted); padding: 16px; }
      .events { display: flex; flex-direction: column; min-height: 0; outline: none; }
      .events:focus-visible { box-shadow: inset 0 0 0 1px var(--accent); }
      .events > * { flex: 1; min-height: 0; }
      .members { display: flex; gap: 1px; background: var(--border); }
      .member { flex: 1; min-width: 0; display: flex; flex-direction: column; background: var(--panel); }
      .member > :last-child { flex: 1; min-height: 0; }
      .member-env { color: var(--muted); font-size: 11px; padding: 3px 8px 0; }
      .resize {
        position: absolute; right: 0; bottom: 0; width: 14px; height: 14px; cursor: nwse-resize;
        background: linear-gradient(135deg, transparent 50%, var(--border) 50%); border-bottom-right-radius: 6px;
      }
    `,
  ];

  @property({ attribute: false }) store!: ClientStore;
  @property() env = '';
  @property() win = '';
  @property({ attribute: false }) size: PaneSize = { span: 1, height: 300 };
  @property({ type: Boolean, reflect: true }) focused = false;
  /** Compare overlay: the matched windows of every env (env/win is the first). */
  @property({ attribute: false }) members: PlotMember[] | null = null;
  /** Compare: every env compared, in order (fixes each env's color). */
  @property({ attribute: false }) compareEnvs: string[] | null = null;
  /** Compare: the x axis of line panes. */
  @property() align: Align | null = null;
  /** Compare side by side: shared cursor and zoom with the matching panes of the other envs. */
  @property() syncKey: string | null = null;
  /** Compare side by side with shared y: plots with this key draw one y range. */
  @property() shareYKey: string | null = null;
  @state() private visible = false;
  @state() private seen = false;
  private stopObserving: (() => void) | null = null;
  private cancelIdle: (() => void) | null = null;
  /** The window's info changes on window/snapshot messages, not on appends. */
  private readonly info = new StoreController(this, () => this.store, (s) => s.window(this.env, this.win)?.info);
  /** Compare: the other members' windows change too (their content is shown next to each other). */
  private readonly membersInfo = new StoreController(this, () => this.store, (s) =>
    this.members?.map((m) => s.window(m.env, m.win)?.info.updatedAt ?? '-').join(','),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    this.dataset.win = this.win;
    this.dataset.env = this.env;
    // Panes in view get their body at once; panes found off screen get it (and their chart,
    // built by rb-plot) in idle time, queued only once the observer has placed them, so the
    // panes in view go first and scrolling to the others later only draws.
    this.stopObserving = observeVisibility(this, (v) => {
      this.visible = v;
      if (v) this.seen = true;
      else if (!this.seen) this.cancelIdle ??= whenIdle(() => (this.seen = true));
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopObserving?.();
    this.cancelIdle?.();
    this.cancelIdle = null;
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('env') || changed.has('win')) {
      this.dataset.win = this.win;
      this.dataset.env = this.env;
      this.info.refresh();
    }
    if (changed.has('members')) this.membersInfo.refresh();
    this.style.gridColumn = this.focused ? '1 / -1' : `span ${this.size.span}`;
    const height = `${this.focused ? Math.max(this.size.height, Math.round(innerHeight * 0.7)) : this.size.height}px`;
    const grows = this.grows();
    this.style.height = grows ? '' : height;
    this.style.minHeight = grows ? height : '';
  }

  /** Line and scatter panes grow with their content (the chart keeps its minimum height). */
  private grows(): boolean {
    const t = this.info.value?.type;
    return t === 'line' || t === 'scatter';
  }

  override render() {
    const info = this.info.value;
    if (!info) return nothing;
    const named = paneTitle(info);
    const title = named || info.id;
    return html`
      <div
        class="head"
        draggable="true"
        @dragstart=${this.onDragStart}
        @dragover=${this.onDragOver}
        @dragleave=${() => this.classList.remove('drop')}
        @drop=${this.onDrop}
      >
        <span class="title ${named ? '' : 'id'}" title=${title}>${title}</span>
        <span class="type">${info.type}</span>
        ${this.members
          ? html`<span class="type">${this.members.length} env${this.members.length === 1 ? '' : 's'}</span>`
          : html`<button title=${this.focused ? 'Unfocus' : 'Focus (link to this pane)'} aria-label="focus" @click=${this.toggleFocus}>
                ${this.focused ? '⤡' : '⤢'}
              </button>
              ${this.store.until !== null
                ? '' /* a replayed moment: nothing to close */
                : html`<button title="Close window (for every viewer)" aria-label="close" class="close" @click=${this.close}>×</button>`}`}
      </div>
      <div class="body" @dragover=${this.onDragOver} @drop=${this.onDrop} @dragleave=${() => this.classList.remove('drop')}>
        ${this.seen ? this.renderBody(info) : html`<div class="placeholder">…</div>`}
      </div>
      <div class="resize" title="Drag to resize" @pointerdown=${this.onResizeStart}></div>
    `;
  }

  private renderBody(info: WindowInfo) {
    const members = this.members;
    const series = info.type === 'line' || info.type === 'scatter';
    if (!members || series) return this.renderWindow(info);
    // Content windows of several envs do not overlay: show them next to each other.
    return html`<div class="members">
      ${members.map((m) => {
        const w = this.store.window(m.env, m.win);
        return html`<div class="member" data-env=${m.env}>
          <div class="member-env">${m.env}</div>
          ${w ? this.renderWindow(w.info) : ''}
        </div>`;
      })}
    </div>`;
  }

  private renderWindow(info: WindowInfo) {
    const active = this.visible;
    switch (info.type) {
      case 'line':
      case 'scatter':
        return html`<rb-plot
          .store=${this.store}
          .env=${this.env}
          .win=${this.win}
          .active=${active}
          .members=${this.members}
          .compareEnvs=${this.compareEnvs}
          .align=${this.align}
          .syncKey=${this.syncKey}
          .shareYKey=${this.shareYKey}
        ></rb-plot>`;
      case 'text':
        return html`<div class="events" tabindex="0" @keyup=${this.onKey}><rb-text .content=${info.content}></rb-text></div>`;
      case 'image':
      case 'image_history':
        return html`<div class="events" tabindex="0" @keyup=${this.onKey} @click=${this.onImageClick}>
          <rb-image .content=${info.content} .history=${info.type === 'image_history'}></rb-image>
        </div>`;
      case 'bar':
      case 'histogram':
        return html`<rb-bars .content=${info.content} .opts=${info.opts} .active=${active}></rb-bars>`;
      case 'heatmap':
        return html`<rb-heatmap .content=${info.content} .opts=${info.opts} .active=${active}></rb-heatmap>`;
      case 'properties':
        return html`<rb-properties .env=${this.env} .win=${this.win} .content=${info.content}></rb-properties>`;
      case 'plotly':
        return this.renderFigure(info, active);
      default:
        return html`<div class="unsupported">
          “${info.opts.title || info.id}” is a ${info.type} window, which this dashboard does not display yet.
        </div>`;
    }
  }

  /** A key released in a focused text or image pane goes to the trainer, as Visdom's KeyPress. */
  private readonly onKey = (e: KeyboardEvent) => {
    const body = keyPress(e);
    if (body && !this.members) void sendPaneEvent(this.env, this.win, body);
  };

  /** A click on an image goes to the trainer with the image pixel clicked, as Visdom's Click. */
  private readonly onImageClick = (e: MouseEvent) => {
    const img = e.composedPath().find((n): n is HTMLImageElement => n instanceof HTMLImageElement);
    const at = img ? imagePixel(img, e.clientX, e.clientY) : null;
    if (at && !this.members) void sendPaneEvent(this.env, this.win, { event_type: 'Click', image_coord: at });
  };

  /** An embeddings pane's hovered point or lasso selection goes to the trainer. */
  private readonly onPaneEvent = (e: CustomEvent<PaneEventBody>) => {
    if (!this.members) void sendPaneEvent(this.env, this.win, e.detail);
  };

  /** An embeddings pane goes back to the points before its lasso selection (for every viewer). */
  private readonly onEmbeddingsBack = async () => {
    const res = await fetch(`/api/env/${encodeURIComponent(this.env)}/win/${encodeURIComponent(this.win)}/embeddings/back`, { method: 'POST' });
    if (!res.ok) console.warn(`going back in ${this.win} failed: ${res.status}`);
  };

  /**
   * Plotly windows: the body's module (and plotly with it) is imported here once the pane
   * is near the viewport (`active`), not when an off-screen pane's body is built in idle
   * time; the element upgrades, with the properties already set, when it arrives.
   */
  private renderFigure(info: WindowInfo, active: boolean) {
    const kind = figureKind(info.content);
    if (kind === 'network') {
      if (active) loadPane(() => import('./rb-graph.js'));
      return html`<rb-graph .content=${info.content} .opts=${info.opts}></rb-graph>`;
    }
    if (active) loadPane(() => import('./rb-plotly.js'));
    const body = html`<rb-plotly
      .kind=${kind}
      .content=${info.content}
      .opts=${info.opts}
      .active=${active}
      @rb-pane-event=${this.onPaneEvent}
      @rb-embeddings-back=${this.onEmbeddingsBack}
    ></rb-plotly>`;
    // Visdom's embeddings pane sends KeyPress too, when focused.
    return kind === 'embeddings' ? html`<div class="events" tabindex="0" @keyup=${this.onKey}>${body}</div>` : body;
  }

  private toggleFocus(): void {
    this.dispatchEvent(new CustomEvent('rb-focus', { detail: this.focused ? null : this.win, bubbles: true, composed: true }));
  }

  private async close(): Promise<void> {
    // Through HTTP, so every viewer (and the trainer) sees the window go.
    const { env, win } = this;
    const title = this.info.value?.opts.title || win;
    const res = await fetch(`/api/env/${encodeURIComponent(env)}/win/${encodeURIComponent(win)}`, { method: 'DELETE' });
    if (res.ok) window.dispatchEvent(new CustomEvent<ClosedDetail>(CLOSED_EVENT, { detail: { env, win, title } }));
    else if (res.status !== 404) console.warn(`closing ${win} failed: ${res.status}`);
  }

  private onDragStart(e: DragEvent): void {
    e.dataTransfer?.setData(DRAG_TYPE, this.win);
    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
  }

  private onDragOver(e: DragEvent): void {
    if (!e.dataTransfer?.types.includes(DRAG_TYPE)) return;
    e.preventDefault();
    this.classList.add('drop');
  }

  private onDrop(e: DragEvent): void {
    this.classList.remove('drop');
    const moved = e.dataTransfer?.getData(DRAG_TYPE);
    if (!moved || moved === this.win) return;
    e.preventDefault();
    this.dispatchEvent(new CustomEvent('rb-move', { detail: { win: moved, before: this.win }, bubbles: true, composed: true }));
  }

  private onResizeStart(e: PointerEvent): void {
    e.preventDefault();
    const handle = e.target as HTMLElement;
    handle.setPointerCapture(e.pointerId);
    const rect = this.getBoundingClientRect();
    const grid = this.parentElement!;
    const cols = getComputedStyle(grid).gridTemplateColumns.split(' ').length;
    const colWidth = grid.clientWidth / cols;
    const prop = this.grows() ? 'minHeight' : 'height';
    // A growing pane may be taller than its least height: dragging starts from what is shown.
    const move = (ev: PointerEvent) => {
      this.style[prop] = `${Math.max(MIN_HEIGHT, rect.height + ev.clientY - e.clientY)}px`;
      this.style.width = `${Math.max(200, rect.width + ev.clientX - e.clientX)}px`;
    };
    const up = (ev: PointerEvent) => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      this.style.width = '';
      const width = rect.width + ev.clientX - e.clientX;
      const size = {
        span: Math.max(1, Math.min(cols, Math.round(width / colWidth))),
        height: Math.round(Math.max(MIN_HEIGHT, rect.height + ev.clientY - e.clientY)),
      };
      this.dispatchEvent(new CustomEvent('rb-resize', { detail: { win: this.win, size }, bubbles: true, composed: true }));
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  }
}

/** Starts loading a lazily bundled pane module (the browser imports each module once). */
function loadPane(load: () => Promise<unknown>): void {
  load().catch((err: unknown) => console.error('runboard: a pane module failed to load', err));
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-pane': RbPane;
  }
}
