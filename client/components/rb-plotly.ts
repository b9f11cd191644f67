/**
 * A pane drawn by plotly.js, as Visdom draws it: a stored Plotly figure (pie, box,
 * 3-D scatter, surface, contour, mesh, mixed traces, plotlyplot), or Visdom's
 * embeddings as a scatter with a hover preview. This module and plotly come in their
 * own chunk, imported by rb-pane only once such a pane is about to be shown.
 *
 * The figure is drawn with `Plotly.react` when the pane is active and its content
 * has changed (a replaced window redraws in place), and resized with the pane.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import Plotly from 'plotly.js-dist-min';
import type { WindowOpts } from '../../protocol/index.js';
import { embeddingsView, type EmbeddingPoint } from '../embeddings-figure.js';
import type { FigureKind } from '../figure-kind.js';
import { DARK, LIGHT, paneFigure } from '../plotly-figure.js';
import { ThemeController } from '../theme-controller.js';
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
    `,
  ];

  @property() kind: Exclude<FigureKind, 'network'> = 'figure';
  @property({ attribute: false }) content: unknown = null;
  @property({ attribute: false }) opts: WindowOpts = {};
  @property({ type: Boolean }) active = false;
  /** Embeddings: the point under the pointer. */
  @state() hovered: EmbeddingPoint | null = null;
  /** Number of `Plotly.react` calls that finished (tests read it). */
  draws = 0;
  private drawn: unknown = undefined;
  private drawnTheme = '';
  /** Unset figure colours follow the page theme: a theme change redraws. */
  private readonly themed = new ThemeController(this);
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
    return html`<div class="plot"></div>
      ${this.loading ? html`<div class="note">Loading embeddings…</div>` : nothing}
      ${h ? html`<div class="preview"><strong>${h.name}</strong><br /><strong>Label: ${h.label}</strong></div>` : nothing}`;
  }

  protected override updated(): void {
    const div = this.plotDiv();
    if (!this.active || !div || (this.drawn === this.content && this.drawnTheme === this.themed.theme)) return;
    this.drawn = this.content;
    this.drawnTheme = this.themed.theme;
    void this.draw(div);
  }

  private colors() {
    return this.themed.theme === 'light' ? LIGHT : DARK;
  }

  private plotDiv(): HTMLDivElement | null {
    return this.renderRoot.querySelector<HTMLDivElement>('.plot');
  }

  private async draw(div: HTMLDivElement): Promise<void> {
    const revision = ++this.revision;
    let fig;
    if (this.kind === 'embeddings') {
      const view = embeddingsView(this.content, revision, this.colors());
      this.points = view.points;
      this.loading = view.loading;
      this.hovered = null;
      fig = view.figure;
    } else {
      fig = paneFigure(this.content, revision, this.colors());
    }
    const first = !this.resizer;
    const gd = await Plotly.react(div, fig.data, fig.layout, fig.config);
    this.adoptPlotlyStyles();
    if (first) {
      this.resizer = new ResizeObserver(() => div.clientWidth > 0 && this.drawn !== undefined && void Plotly.Plots.resize(div));
      this.resizer.observe(div);
      if (this.kind === 'embeddings') {
        gd.on('plotly_hover', (e) => {
          const i = e.points[0]?.customdata;
          this.hovered = typeof i === 'number' ? (this.points[i] ?? null) : null;
        });
        gd.on('plotly_unhover', () => (this.hovered = null));
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
