/**
 * A heatmap pane drawn on a canvas: one cell per z value coloured on the window's
 * Plotly colour scale, row and column names thinned (and column names rotated) so
 * none overlap, a colour bar, and the value under the pointer. Null cells are left
 * empty unless `nancolor` was given.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { WindowOpts } from '../../protocol/index.js';
import { clip, LABEL_GAP, labelExtent, layoutLabels, niceStep, numberFormat, type LabelLayout } from '../bar-labels.js';
import { colorAt, css as rgb } from '../colorscales.js';
import { num } from '../format.js';
import { fraction, heatFigure, type HeatFigure } from '../heatmap-figure.js';
import { textWidth } from '../text-width.js';
import { axisTicks, tickPositions, tickText } from '../tick-opts.js';
import { theme } from '../styles.js';
import { ThemeController } from '../theme-controller.js';
import { cssVar } from '../theme-setting.js';

const FONT = '11px system-ui, sans-serif';
const FONT_HEIGHT = 13;
const TICK = 4;
const RIGHT = 76;
const TOP = 8;
const MAX_LEFT = 160;

/** The plot area and the index range it shows (cells sit at integer positions). */
export interface HeatGeometry {
  left: number;
  top: number;
  width: number;
  height: number;
  x: [number, number];
  y: [number, number];
}

/** A label as drawn: anchor point, rotation (degrees, counter-clockwise) and width. */
export interface DrawnLabel {
  axis: 'x' | 'y';
  text: string;
  x: number;
  y: number;
  angle: number;
  width: number;
}

interface Tick {
  pos: number;
  text: string;
}

@customElement('rb-heatmap')
export class RbHeatmap extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: flex; flex-direction: column; min-height: 0; }
      .wrap { flex: 1; min-height: 60px; position: relative; }
      canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
      .readout { min-height: 16px; padding: 0 10px 4px; color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    `,
  ];

  @property({ attribute: false }) content: unknown = null;
  @property({ attribute: false }) opts: WindowOpts = {};
  @property({ type: Boolean }) active = false;
  @state() readout = '';
  /** The last draw's plot area and labels (what the pointer and tests read). */
  geometry: HeatGeometry | null = null;
  drawnLabels: DrawnLabel[] = [];
  columnLayout: LabelLayout = { angle: 0, step: 1 };
  private fig: HeatFigure = heatFigure(null, {});
  private resizer: ResizeObserver | null = null;
  /** Label colours follow the page theme: a theme change redraws. */
  private readonly themed = new ThemeController(this, () => this.draw());

  override render() {
    return html`<div class="wrap"><canvas @pointermove=${this.onMove} @pointerleave=${() => (this.readout = '')}></canvas></div>
      <div class="readout">${this.readout}</div>`;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    this.resizer = null;
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('content') || changed.has('opts')) this.fig = heatFigure(this.content, this.opts);
  }

  protected override updated(changed: Map<string, unknown>): void {
    const wrap = this.renderRoot.querySelector<HTMLElement>('.wrap')!;
    if (!this.resizer) {
      this.resizer = new ResizeObserver(() => this.draw());
      this.resizer.observe(wrap);
    }
    if (changed.has('content') || changed.has('opts') || changed.has('active')) this.draw();
  }

  /** Ticks for one axis: explicit tickvals/ticklabels, or every name (thinning comes later). */
  private ticks(axis: 'x' | 'y'): { ticks: Tick[]; range: [number, number]; named: boolean } {
    const f = this.fig;
    const names = axis === 'x' ? f.cols : f.rows;
    const t = axisTicks(axis, this.opts, (this.content as { layout?: unknown } | null)?.layout);
    const range: [number, number] = [t.min ?? -0.5, t.max ?? names.length - 0.5];
    if (t.vals) return { ticks: tickPositions(t.vals, names).map(({ pos, k }) => ({ pos, text: clip(tickText(t, k, String(t.vals![k]))) })), range, named: true };
    return { ticks: names.map((n, i) => ({ pos: i, text: clip(n) })), range, named: axis === 'x' ? f.namedCols : f.namedRows };
  }

  private draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!this.active || !canvas || canvas.clientWidth === 0) return;
    const dpr = devicePixelRatio;
    canvas.width = canvas.clientWidth * dpr;
    canvas.height = canvas.clientHeight * dpr;
    const g = canvas.getContext('2d')!;
    g.scale(dpr, dpr);
    const W = canvas.clientWidth;
    const H = canvas.clientHeight;
    const f = this.fig;
    const nr = f.z.length;
    const nc = f.ncol;
    this.drawnLabels = [];
    this.geometry = null;
    if (nr === 0 || nc === 0) return;
    const xs = this.ticks('x');
    const ys = this.ticks('y');
    const inX = (p: number) => p >= Math.min(...xs.range) && p <= Math.max(...xs.range);
    const inY = (p: number) => p >= Math.min(...ys.range) && p <= Math.max(...ys.range);
    // Left margin from the row names, then the column names' rotation from the width left.
    const rowTicks = ys.ticks.filter((t) => inY(t.pos));
    const left = Math.min(MAX_LEFT, Math.max(24, ...rowTicks.map((t) => textWidth(t.text, FONT)))) + TICK + 6;
    const pw = W - left - RIGHT;
    const colTicks = xs.ticks.filter((t) => inX(t.pos));
    const colWidths = colTicks.map((t) => textWidth(t.text, FONT));
    const xUnit = pw / (xs.range[1] - xs.range[0] || 1);
    const slot = Math.abs(xUnit) * minGap(colTicks);
    // Names rotate or thin; index numbers stay flat and thin to round steps (0, 5, 10, ...).
    this.columnLayout = xs.named ? layoutLabels(colWidths, slot, FONT_HEIGHT) : { angle: 0, step: niceStep((Math.max(0, ...colWidths) + LABEL_GAP) / slot) };
    const shownCols = colTicks.filter((t, i) => (xs.named ? i : Math.round(t.pos)) % this.columnLayout.step === 0);
    const bottom = TICK + 6 + labelExtent(Math.max(0, ...shownCols.map((t) => textWidth(t.text, FONT))), FONT_HEIGHT, this.columnLayout.angle);
    const ph = H - TOP - bottom;
    if (pw <= 0 || ph <= 0) return;
    const geo: HeatGeometry = { left, top: TOP, width: pw, height: ph, x: xs.range, y: ys.range };
    this.geometry = geo;
    const px = (c: number) => left + ((c - geo.x[0]) / (geo.x[1] - geo.x[0])) * pw;
    // Row 0 at the bottom, as Plotly draws it.
    const py = (r: number) => TOP + ((geo.y[1] - r) / (geo.y[1] - geo.y[0])) * ph;
    g.save();
    g.beginPath();
    g.rect(left, TOP, pw, ph);
    g.clip();
    f.z.forEach((row, r) => {
      for (let c = 0; c < nc; c++) {
        const v = row[c];
        const fill = v === null || v === undefined ? f.nanColor : colorAt(f.stops, fraction(f, v));
        if (!fill) continue;
        g.fillStyle = rgb(fill);
        const x0 = px(c - 0.5);
        const y0 = py(r + 0.5);
        // Rounded outward so neighbouring cells leave no hairline between them.
        g.fillRect(Math.floor(x0), Math.floor(y0), Math.ceil(px(c + 0.5)) - Math.floor(x0), Math.ceil(py(r - 0.5)) - Math.floor(y0));
      }
    });
    g.restore();
    g.fillStyle = cssVar(this, '--muted', '#8b95a3');
    g.font = FONT;
    // Row names: every step-th, at least a line apart.
    const yUnit = ph / Math.abs(ys.range[1] - ys.range[0] || 1);
    const need = Math.ceil((FONT_HEIGHT + 2) / (yUnit * minGap(rowTicks)));
    const rowStep = ys.named ? need : niceStep(need);
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    rowTicks.forEach((t, i) => {
      if ((ys.named ? i : Math.round(t.pos)) % rowStep !== 0) return;
      const w = Math.min(MAX_LEFT, textWidth(t.text, FONT));
      g.fillText(t.text, left - TICK - 2, py(t.pos), MAX_LEFT);
      this.drawnLabels.push({ axis: 'y', text: t.text, x: left - TICK - 2, y: py(t.pos), angle: 0, width: w });
    });
    const angle = this.columnLayout.angle;
    for (const t of shownCols) {
      const x = px(t.pos);
      const y = TOP + ph + TICK + 2;
      g.save();
      g.translate(x, y);
      if (angle) {
        g.rotate((-angle * Math.PI) / 180);
        g.textAlign = 'right';
        g.textBaseline = 'middle';
      } else {
        g.textAlign = 'center';
        g.textBaseline = 'top';
      }
      g.fillText(t.text, 0, 0);
      g.restore();
      this.drawnLabels.push({ axis: 'x', text: t.text, x, y, angle, width: textWidth(t.text, FONT) });
    }
    this.drawColorBar(g, W, ph);
  }

  private drawColorBar(g: CanvasRenderingContext2D, W: number, ph: number): void {
    const f = this.fig;
    const bx = W - RIGHT + 12;
    for (let i = 0; i < ph; i++) {
      g.fillStyle = rgb(colorAt(f.stops, 1 - i / ph));
      g.fillRect(bx, TOP + i, 12, 1);
    }
    const fmt = numberFormat(Math.max(Math.abs(f.zmin), Math.abs(f.zmax)), Math.abs(f.zmax - f.zmin) / 4);
    g.fillStyle = cssVar(this, '--muted', '#8b95a3');
    g.textAlign = 'left';
    g.textBaseline = 'middle';
    const n = ph > 120 ? 4 : 1;
    for (let k = 0; k <= n; k++) g.fillText(fmt(f.zmax - ((f.zmax - f.zmin) * k) / n), bx + 16, Math.min(TOP + ph - 5, Math.max(TOP + 5, TOP + (ph * k) / n)), RIGHT - 30);
  }

  private onMove(e: PointerEvent): void {
    const geo = this.geometry;
    if (!geo) return;
    const c = Math.round(geo.x[0] + ((e.offsetX - geo.left) / geo.width) * (geo.x[1] - geo.x[0]));
    const r = Math.round(geo.y[1] - ((e.offsetY - geo.top) / geo.height) * (geo.y[1] - geo.y[0]));
    const inside = e.offsetX >= geo.left && e.offsetX <= geo.left + geo.width && e.offsetY >= geo.top && e.offsetY <= geo.top + geo.height;
    const v = inside ? this.fig.z[r]?.[c] : undefined;
    this.readout = v === undefined || c >= this.fig.ncol || c < 0 ? '' : `${this.fig.rows[r]} × ${this.fig.cols[c]}: ${num(v)}`;
  }
}

/** Smallest distance between neighbouring tick positions (1 for one tick). */
function minGap(ticks: readonly Tick[]): number {
  let gap = Infinity;
  for (let i = 1; i < ticks.length; i++) gap = Math.min(gap, Math.abs(ticks[i]!.pos - ticks[i - 1]!.pos));
  return Number.isFinite(gap) && gap > 0 ? gap : 1;
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-heatmap': RbHeatmap;
  }
}
