/**
 * A pane drawn by plotly.js, as Visdom draws it: a stored Plotly figure (pie, box,
 * 3-D scatter, surface, contour, mesh, mixed traces, plotlyplot), or Visdom's
 * embeddings as a scatter with a hover preview. This module and plotly come in their
 * own chunk, imported by rb-pane only once such a pane is about to be shown.
 *
 * Embeddings panes talk to the trainer as Visdom's do: the hovered point goes out as
 * `EntitySelected` (the trainer answers with preview HTML, drawn sanitized), a lasso
 * around more than 21 points as `RegionSelected` (the trainer answers with those points
 * re-embedded), and "Back" returns to the points before. The events leave as
 * `rb-pane-event` / `rb-embeddings-back` DOM events, which rb-pane sends to the server.
 *
 * The figure is drawn with `Plotly.react` when the pane is active and its content
 * has changed (a replaced window redraws in place), and resized with the pane.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import Plotly from 'plotly.js-dist-min';
import type { PaneEventBody, WindowOpts } from '../../protocol/index.js';
import { embeddingsView, MIN_REGION, selectedIdxs, type EmbeddingPoint, type EmbeddingPreview } from '../embeddings-figure.js';
import { sanitizeHtml } from '../sanitize.js';
import type { FigureKind } from '../figure-kind.js';
import { paneFigure } from '../plotly-figure.js';
import { theme } from '../styles.js';

/** Plotly puts its stylesheet in document.head, which does not reach into shadow roots. */
const PLOTLY_STYLES = 'style[id^="plotly.js-style"]';
let copied: { count: number; sheet: CSSStyleSheet } | null = null;
/** Every sheet copied so far (a pane drops its older copy when adopting a newer one). */
const copies = new WeakSet<CSSStyleSheet>();

/** Plotly's rules (which it adds as it draws) as one sheet a shadow root can adopt. */
function plotlySheet(): CSSStyleSheet {
  const rules = [...document.head.querySelectorAll<HTMLStyleElement>(PLOTLY_STYLES)].flatMap((s) =>
    [...(s.sheet?.cssRules ?? [])].map((r) => r.cssText),
  );
  if (copied?.count !== rules.length) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(rules.join('\n'));
    copied = { count: rules.length, sheet };
    copies.add(sheet);
  }
  return copied.sheet;
}

@customElement('rb-plotly')
export class RbPlotly extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: flex; flex-direction: column; min-height: 0; position: relative; }
      .plot { flex: 1; min-height: 60px; overflow: hidden; }
      .note { position: absolute; inset: 0; display: grid; place-items: center; color: var(--muted); }
      .preview {
        position: absolute; right: 0; top: 0; width: 150px; padding: 5px; pointer-events: none;
        background: rgba(0, 0, 0, 0.77); color: #fff; overflow-wrap: anywhere;
      }
      .preview .html { margin-top: 4px; max-height: 240px; overflow: hidden; }
      .preview .html img { max-width: 100%; }
      .tools { display: flex; gap: 4px; align-items: center; padding: 2px 4px; }
      .tools button { font: inherit; font-size: 12px; }
      .tools .hint { font-size: 12px; color: var(--muted); }
    `,
  ];

  @property() kind: Exclude<FigureKind, 'network'> = 'figure';
  @property({ attribute: false }) content: unknown = null;
  @property({ attribute: false }) opts: WindowOpts = {};
  @property({ type: Boolean }) active = false;
  /** Embeddings: the point under the pointer. */
  @state() hovered: EmbeddingPoint | null = null;
  /** Embeddings: dragging draws a lasso (else it pans). */
  @state() lasso = false;
  /** Embeddings: a lasso that caught too few points to send. */
  @state() tooFew = false;
  private preview: EmbeddingPreview | null = null;
  private redrawing = false;
  private hasPrevious = false;
  /** Number of `Plotly.react` calls that finished (tests read it). */
  draws = 0;
  private drawn: unknown = undefined;
  private revision = 0;
  private points: EmbeddingPoint[] = [];
  private loading = false;
  private resizer: ResizeObserver | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    this.resizer = null;
    const div = this.plotDiv();
    if (div) Plotly.purge(div);
    this.drawn = undefined;
  }

  override render() {
    const h = this.hovered;
    const p = this.preview;
    const showPreview = h && p && (p.entityId === undefined || p.entityId === h.name);
    return html`${this.kind === 'embeddings' && !this.loading ? this.renderTools() : nothing}
      <div class="plot"></div>
      ${this.loading ? html`<div class="note">Loading embeddings…</div>` : nothing}
      ${h
        ? html`<div class="preview">
            <strong>${h.name}</strong><br /><strong>Label: ${h.label}</strong>
            ${showPreview ? html`<div class="html">${sanitizeHtml(p.html)}</div>` : nothing}
          </div>`
        : nothing}`;
  }

  private renderTools() {
    return html`<div class="tools">
      <button class="lasso" aria-pressed=${this.lasso} title="Drag a lasso around points to send them to the trainer" @click=${this.toggleLasso}>
        ${this.lasso ? 'Lasso on' : 'Lasso'}
      </button>
      ${this.hasPrevious ? html`<button class="back" title="Back to the points before this selection" @click=${this.back}>Back</button>` : nothing}
      ${this.tooFew ? html`<span class="hint">Select more than ${MIN_REGION - 1} points</span>` : nothing}
    </div>`;
  }

  private readonly toggleLasso = () => {
    this.lasso = !this.lasso;
    const div = this.plotDiv();
    if (div && this.drawn !== undefined) void Plotly.relayout(div, { dragmode: this.lasso ? 'lasso' : 'pan' });
  };

  private readonly back = () => {
    this.dispatchEvent(new CustomEvent('rb-embeddings-back', { bubbles: true, composed: true }));
  };

  private send(body: PaneEventBody): void {
    this.dispatchEvent(new CustomEvent<PaneEventBody>('rb-pane-event', { detail: body, bubbles: true, composed: true }));
  }

  protected override updated(): void {
    const div = this.plotDiv();
    if (!this.active || !div || this.drawn === this.content) return;
    this.drawn = this.content;
    void this.draw(div);
  }

  private plotDiv(): HTMLDivElement | null {
    return this.renderRoot.querySelector<HTMLDivElement>('.plot');
  }

  private async draw(div: HTMLDivElement): Promise<void> {
    const revision = ++this.revision;
    let fig;
    if (this.kind === 'embeddings') {
      const view = embeddingsView(this.content, revision);
      if (view.points !== this.points) this.hovered = this.hovered && (view.points.find((p) => p.name === this.hovered!.name) ?? null);
      this.points = view.points;
      this.loading = view.loading;
      this.preview = view.preview;
      this.hasPrevious = view.hasPrevious;
      fig = view.figure;
      (fig.layout as Record<string, unknown>).dragmode = this.lasso ? 'lasso' : 'pan';
    } else {
      fig = paneFigure(this.content, revision);
    }
    const first = !this.resizer;
    // A redraw clears Plotly's hover and reports an unhover: the pointer has not moved, so keep the preview.
    this.redrawing = true;
    const gd = await Plotly.react(div, fig.data, fig.layout, fig.config).finally(() => (this.redrawing = false));
    this.adoptPlotlyStyles();
    if (first) {
      this.resizer = new ResizeObserver(() => div.clientWidth > 0 && this.drawn !== undefined && void Plotly.Plots.resize(div));
      this.resizer.observe(div);
      if (this.kind === 'embeddings') {
        gd.on('plotly_hover', (e) => {
          const i = e?.points[0]?.customdata;
          const point = typeof i === 'number' ? (this.points[i] ?? null) : null;
          if (point && point.name !== this.hovered?.name) this.send({ event_type: 'EntitySelected', entityId: point.name, idx: point.idx });
          this.hovered = point;
        });
        gd.on('plotly_unhover', () => {
          if (!this.redrawing) this.hovered = null;
        });
        gd.on('plotly_selected', (e) => {
          const idxs = selectedIdxs(this.points, (e?.points ?? []).map((p) => p.customdata));
          this.tooFew = idxs.length > 0 && idxs.length < MIN_REGION;
          if (idxs.length >= MIN_REGION) this.send({ event_type: 'RegionSelected', selectedIdxs: idxs });
        });
      }
    }
    this.draws++;
    this.requestUpdate();
  }

  private adoptPlotlyStyles(): void {
    const root = this.renderRoot as ShadowRoot;
    const sheet = plotlySheet();
    root.adoptedStyleSheets = [...root.adoptedStyleSheets.filter((s) => !copies.has(s)), sheet];
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-plotly': RbPlotly;
  }
}
