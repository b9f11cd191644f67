/**
 * A heatmap pane drawn on a canvas: one cell per z value, row and column labels,
 * a color bar, and the value under the pointer. Null cells are left empty.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { WindowOpts } from '../../protocol/index.js';
import { num } from '../format.js';
import { theme } from '../styles.js';

interface HeatTrace {
  z?: unknown[];
  x?: unknown[];
  y?: unknown[];
  zmin?: unknown;
  zmax?: unknown;
}

interface Heat {
  z: (number | null)[][];
  cols: string[];
  rows: string[];
  zmin: number;
  zmax: number;
}

/** Viridis, sampled at 9 stops. */
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];
const M = { left: 64, right: 76, top: 8, bottom: 28 };

function heat(content: unknown): Heat {
  const data = (content as { data?: HeatTrace[] } | null)?.data;
  const t = (Array.isArray(data) ? data[data.length - 1] : undefined) ?? {};
  const z = (Array.isArray(t.z) ? t.z : []).map((row) => (Array.isArray(row) ? row.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)) : []));
  const ncol = Math.max(0, ...z.map((r) => r.length));
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of z) for (const v of r) if (v !== null) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const label = (a: unknown[] | undefined, n: number) => Array.from({ length: n }, (_, i) => (a?.[i] === undefined ? String(i) : String(a[i])));
  return {
    z,
    cols: label(t.x, ncol),
    rows: label(t.y, z.length),
    zmin: typeof t.zmin === 'number' ? t.zmin : lo === Infinity ? 0 : lo,
    zmax: typeof t.zmax === 'number' ? t.zmax : hi === -Infinity ? 1 : hi,
  };
}

function color(f: number): string {
  const p = Math.min(1, Math.max(0, f)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(p));
  const a = hex(VIRIDIS[i]!);
  const b = hex(VIRIDIS[i + 1]!);
  const u = p - i;
  return `rgb(${a.map((c, j) => Math.round(c + (b[j]! - c) * u)).join(',')})`;
}

function hex(h: string): number[] {
  return [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
}

@customElement('rb-heatmap')
export class RbHeatmap extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: flex; flex-direction: column; min-height: 0; }
      .wrap { flex: 1; min-height: 60px; position: relative; }
      canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
      .readout { height: 18px; padding: 0 10px 4px; color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
    `,
  ];

  @property({ attribute: false }) content: unknown = null;
  @property({ attribute: false }) opts: WindowOpts = {};
  @property({ type: Boolean }) active = false;
  @state() private readout = '';
  private resizer: ResizeObserver | null = null;

  override render() {
    return html`<div class="wrap"><canvas @pointermove=${this.onMove} @pointerleave=${() => (this.readout = '')}></canvas></div>
      <div class="readout">${this.readout}</div>`;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    this.resizer = null;
  }

  protected override updated(changed: Map<string, unknown>): void {
    const wrap = this.renderRoot.querySelector<HTMLElement>('.wrap')!;
    if (!this.resizer) {
      this.resizer = new ResizeObserver(() => this.draw());
      this.resizer.observe(wrap);
    }
    if (changed.has('content') || changed.has('active')) this.draw();
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
    const h = heat(this.content);
    const pw = W - M.left - M.right;
    const ph = H - M.top - M.bottom;
    const nr = h.z.length;
    const nc = h.cols.length;
    if (nr === 0 || nc === 0 || pw <= 0 || ph <= 0) return;
    const cw = pw / nc;
    const ch = ph / nr;
    const span = h.zmax - h.zmin || 1;
    h.z.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === null) return;
        g.fillStyle = color((v - h.zmin) / span);
        // Row 0 at the bottom, as Plotly draws it.
        g.fillRect(M.left + c * cw, M.top + (nr - 1 - r) * ch, Math.ceil(cw), Math.ceil(ch));
      }),
    );
    g.fillStyle = '#9aa4b2';
    g.font = '11px system-ui, sans-serif';
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    const rowStep = Math.ceil(14 / ch);
    for (let r = 0; r < nr; r += rowStep) g.fillText(clip(h.rows[r]!, 9), M.left - 6, M.top + (nr - 1 - r + 0.5) * ch);
    g.textAlign = 'center';
    g.textBaseline = 'top';
    const colStep = Math.ceil(50 / cw);
    for (let c = 0; c < nc; c += colStep) g.fillText(clip(h.cols[c]!, 8), M.left + (c + 0.5) * cw, M.top + ph + 6);
    // Color bar.
    const bx = W - M.right + 12;
    for (let i = 0; i < ph; i++) {
      g.fillStyle = color(1 - i / ph);
      g.fillRect(bx, M.top + i, 12, 1);
    }
    g.fillStyle = '#9aa4b2';
    g.textAlign = 'left';
    g.textBaseline = 'top';
    g.fillText(num(h.zmax), bx + 16, M.top);
    g.textBaseline = 'bottom';
    g.fillText(num(h.zmin), bx + 16, M.top + ph);
  }

  private onMove(e: PointerEvent): void {
    const canvas = e.target as HTMLCanvasElement;
    const h = heat(this.content);
    const pw = canvas.clientWidth - M.left - M.right;
    const ph = canvas.clientHeight - M.top - M.bottom;
    const c = Math.floor(((e.offsetX - M.left) / pw) * h.cols.length);
    const r = h.z.length - 1 - Math.floor(((e.offsetY - M.top) / ph) * h.z.length);
    const v = h.z[r]?.[c];
    this.readout = v === undefined ? '' : `${h.rows[r]} × ${h.cols[c]}: ${num(v)}`;
  }
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-heatmap': RbHeatmap;
  }
}
