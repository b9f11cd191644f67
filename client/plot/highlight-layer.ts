/**
 * The highlighted run of a compare overlay, drawn on a canvas of its own over the
 * chart's. The chart draws every run dimmed once; moving from one run to another
 * only clears this layer and strokes the one run's cached paths (uPlot's Path2D of
 * its series, with the series' colour, width and dash) and its markers, instead of
 * redrawing every series. The layer is redrawn after every chart draw (new data,
 * resize, zoom), so it always matches the paths under it.
 */
import type uPlot from 'uplot';
import { drawTraceMarkers } from './paths.js';
import type { SeriesView } from './series-view.js';
import type { TraceStyle } from './style.js';

/** uPlot's per-series internals this layer reads (not in its public types). */
interface DrawnSeries extends uPlot.Series {
  _paths?: { stroke?: Path2D | null; fill?: Path2D | null } | null;
}

export class HighlightLayer {
  readonly canvas: HTMLCanvasElement;

  constructor(private readonly u: uPlot) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'rb-highlight';
    this.canvas.style.cssText = 'position:absolute;left:0;top:0;pointer-events:none';
    u.ctx.canvas.after(this.canvas);
  }

  /** Clears the layer, then draws trace `k` (its `per` series from 1 + k·per) at full strength; null draws nothing. */
  draw(k: number | null, per: number, view: SeriesView, styles: readonly TraceStyle[]): void {
    const base = this.u.ctx.canvas;
    const c = this.canvas;
    if (c.width !== base.width || c.height !== base.height) {
      c.width = base.width;
      c.height = base.height;
    }
    if (c.style.width !== base.style.width || c.style.height !== base.style.height) {
      c.style.width = base.style.width;
      c.style.height = base.style.height;
    }
    const ctx = c.getContext('2d')!;
    ctx.clearRect(0, 0, c.width, c.height);
    if (k === null) return;
    const u = this.u;
    const { left, top, width, height } = u.bbox;
    const ratio = devicePixelRatio || 1;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    for (let j = 0; j < per; j++) {
      const si = 1 + k * per + j;
      const s = u.series[si] as DrawnSeries | undefined;
      if (!s || s.show === false || !s._paths) continue;
      const w = (s.width ?? 1) * ratio;
      ctx.lineWidth = w;
      ctx.setLineDash((s.dash ?? []).map((d) => d * ratio));
      ctx.lineJoin = 'round';
      // As uPlot aligns odd widths to the pixel grid.
      const off = (w % 2) / 2;
      ctx.translate(off, off);
      const fill = typeof s.fill === 'function' ? s.fill(u, si) : s.fill;
      if (s._paths.fill && fill) {
        ctx.fillStyle = fill as string;
        ctx.fill(s._paths.fill);
      }
      const stroke = typeof s.stroke === 'function' ? s.stroke(u, si) : s.stroke;
      if (s._paths.stroke && stroke) {
        ctx.strokeStyle = stroke as string;
        ctx.stroke(s._paths.stroke);
      }
      ctx.translate(-off, -off);
    }
    const t = view.traces[k];
    const st = styles[k];
    const drawn = u.series[1 + k * per + per - 1];
    if (t && st && drawn?.show !== false) drawTraceMarkers(ctx, u, t, st, st.axis);
    ctx.restore();
  }

  remove(): void {
    this.canvas.remove();
  }
}
