/**
 * Drawing a SeriesView on a uPlot canvas. Lines are drawn from each trace's own
 * points in logged order (a null x or y lifts the pen), not from uPlot's joined
 * grid: a sparse trace keeps its line, and stem and quiver segments draw as
 * logged. Markers are drawn after the lines: at every point of a trace with
 * markers, and at every point with no drawn neighbour otherwise, so a one-point
 * window or an isolated point still shows. Text labels sit right of their point.
 */
import type uPlot from 'uplot';
import type { DrawnTrace, SeriesView } from './series-view.js';
import type { MarkerShape, TraceStyle } from './style.js';

/** Which trace (and which of its lines) a uPlot series draws. */
export interface SeriesRole {
  trace: number;
  raw: boolean;
  scale: string;
}

/** Dense traces are thinned to the first, min, max and last point of each pixel column, as uPlot does. */
const DECIMATE_PER_PX = 4;

/** A uPlot `paths` builder drawing trace `role.trace` of the current view. */
export function linePaths(view: () => SeriesView, styles: () => readonly TraceStyle[], role: SeriesRole): uPlot.Series.PathBuilder {
  return (u) => {
    const t = view().traces[role.trace];
    const style = styles()[role.trace];
    const empty: uPlot.Series.Paths = { stroke: new Path2D(), fill: undefined, clip: undefined, band: undefined, gaps: undefined, flags: 0 };
    if (!t || !style || (!style.lines && !role.raw)) return empty;
    const ys = role.raw ? t.raw : t.y;
    if (!ys) return empty;
    const stroke = tracePath(u, t.x, ys, role.scale);
    let fill: Path2D | undefined;
    if (!role.raw && style.fill !== 'none') {
      const below = style.fill === 'tonexty' && role.trace > 0 ? view().traces[role.trace - 1] : undefined;
      fill = fillPath(u, t, below, role.scale);
    }
    return { ...empty, stroke, fill };
  };
}

function tracePath(u: uPlot, xs: readonly (number | null)[], ys: readonly (number | null)[], scale: string): Path2D {
  const p = new Path2D();
  const n = xs.length;
  const dense = n >= u.bbox.width * DECIMATE_PER_PX;
  let pen = false;
  // Pixel-column accumulator for dense traces.
  let col = NaN;
  let lo = 0;
  let hi = 0;
  let last = 0;
  const flush = () => {
    if (Number.isNaN(col)) return;
    p.lineTo(col, lo);
    p.lineTo(col, hi);
    p.lineTo(col, last);
    col = NaN;
  };
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    const y = ys[i];
    if (x === null || x === undefined || y === null || y === undefined) {
      if (dense) flush();
      pen = false;
      continue;
    }
    const px = u.valToPos(x, 'x', true);
    const py = u.valToPos(y, scale, true);
    if (!pen) {
      p.moveTo(px, py);
      pen = true;
      continue;
    }
    if (!dense) {
      p.lineTo(px, py);
      continue;
    }
    const c = Math.round(px);
    if (c === col) {
      lo = Math.min(lo, py);
      hi = Math.max(hi, py);
      last = py;
    } else {
      flush();
      p.lineTo(px, py);
      col = c;
      lo = hi = last = py;
    }
  }
  if (dense) flush();
  return p;
}

/** The area under a trace (to zero), or between it and the trace below it (Plotly's tonexty). */
function fillPath(u: uPlot, t: DrawnTrace, below: DrawnTrace | undefined, scale: string): Path2D {
  const p = new Path2D();
  const pts = (d: DrawnTrace) => {
    const out: [number, number][] = [];
    d.x.forEach((x, i) => {
      const y = d.y[i];
      if (x !== null && y !== null && y !== undefined) out.push([u.valToPos(x, 'x', true), u.valToPos(y, scale, true)]);
    });
    return out;
  };
  const top = pts(t);
  if (top.length === 0) return p;
  const sc = u.scales[scale]!;
  const zero = u.valToPos(Math.min(Math.max(0, sc.min ?? 0), sc.max ?? 0), scale, true);
  const bottom = below ? pts(below).reverse() : [[top[top.length - 1]![0], zero] as [number, number], [top[0]![0], zero] as [number, number]];
  p.moveTo(top[0]![0], top[0]![1]);
  for (const [x, y] of [...top.slice(1), ...bottom]) p.lineTo(x, y);
  p.closePath();
  return p;
}

/** Indices of points with no drawn neighbour: a line through them would be invisible. */
export function isolatedPoints(t: DrawnTrace): number[] {
  const ok = (i: number) => i >= 0 && i < t.x.length && t.x[i] !== null && t.y[i] !== null && t.y[i] !== undefined;
  const out: number[] = [];
  for (let i = 0; i < t.x.length; i++) if (ok(i) && !ok(i - 1) && !ok(i + 1)) out.push(i);
  return out;
}

/**
 * A uPlot `draw` hook: markers and text labels of every shown trace, on top of the lines.
 * `roles` maps uPlot series to traces (only the drawn, not the raw, series get markers).
 */
export function markerHook(view: () => SeriesView, styles: () => readonly TraceStyle[], roles: () => readonly (SeriesRole | null)[], scale = 1, textColor = '#9aa4b2'): (u: uPlot) => void {
  return (u) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    roles().forEach((role, si) => {
      if (!role || role.raw || !u.series[si]?.show) return;
      const t = view().traces[role.trace];
      const s = styles()[role.trace];
      if (t && s) drawTraceMarkers(ctx, u, t, s, role.scale, scale, textColor);
    });
    ctx.restore();
  };
}

/** The markers (and text labels) of one trace: every point with markers, else its isolated points. */
export function drawTraceMarkers(ctx: CanvasRenderingContext2D, u: uPlot, t: DrawnTrace, s: TraceStyle, scaleKey: string, scale = 1, textColor = '#9aa4b2'): void {
  const r = (devicePixelRatio || 1) * scale;
  const idx = s.markers ? t.x.map((_, i) => i) : isolatedPoints(t);
  // A lone point of a line is drawn at the line's width scale, like Plotly's default marker.
  const size = (s.markers ? s.marker.size : Math.max(s.marker.size, s.width * 3)) * r;
  for (const i of idx) {
    const x = t.x[i];
    const y = t.y[i];
    if (x === null || y === null || y === undefined) continue;
    const px = u.valToPos(x, 'x', true);
    const py = u.valToPos(y, scaleKey, true);
    const color = s.marker.colors?.[i] ?? s.marker.color;
    drawMarker(ctx, s.marker.shape, px, py, size, color, s.marker.open, r, s.marker.outline);
    const label = s.text?.[i];
    if (label) {
      ctx.fillStyle = textColor;
      ctx.font = `${12 * r}px sans-serif`;
      // uPlot leaves the context as its last axis label set it (centred): labels start right of the point.
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(label, px + size / 2 + 3 * r, py);
    }
  }
}

/** One marker of diameter `d` (canvas pixels) centred at (x, y). */
export function drawMarker(
  ctx: CanvasRenderingContext2D, shape: MarkerShape, x: number, y: number, d: number, color: string, open: boolean, r = 1,
  outline: { color: string; width: number } | null = null,
): void {
  const h = d / 2;
  const p = new Path2D();
  const poly = (pts: [number, number][]) => {
    p.moveTo(x + pts[0]![0] * h, y + pts[0]![1] * h);
    for (const [a, b] of pts.slice(1)) p.lineTo(x + a * h, y + b * h);
    p.closePath();
  };
  const ngon = (n: number, inner = 0) => {
    const pts: [number, number][] = [];
    const steps = inner ? n * 2 : n;
    for (let k = 0; k < steps; k++) {
      const a = -Math.PI / 2 + (k * 2 * Math.PI) / steps;
      const rad = inner && k % 2 === 1 ? inner : 1;
      pts.push([Math.cos(a) * rad, Math.sin(a) * rad]);
    }
    poly(pts);
  };
  let lineOnly = false;
  switch (shape) {
    case 'square': poly([[-1, -1], [1, -1], [1, 1], [-1, 1]]); break;
    case 'diamond': poly([[0, -1.3], [1.3, 0], [0, 1.3], [-1.3, 0]]); break;
    case 'triangle-up': poly([[0, -1.1], [1, 0.75], [-1, 0.75]]); break;
    case 'triangle-down': poly([[0, 1.1], [1, -0.75], [-1, -0.75]]); break;
    case 'triangle-left': poly([[-1.1, 0], [0.75, -1], [0.75, 1]]); break;
    case 'triangle-right': poly([[1.1, 0], [-0.75, -1], [-0.75, 1]]); break;
    case 'pentagon': ngon(5); break;
    case 'hexagon': ngon(6); break;
    case 'star': ngon(5, 0.45); break;
    case 'cross': poly([[-0.3, -1], [0.3, -1], [0.3, -0.3], [1, -0.3], [1, 0.3], [0.3, 0.3], [0.3, 1], [-0.3, 1], [-0.3, 0.3], [-1, 0.3], [-1, -0.3], [-0.3, -0.3]]); break;
    case 'x':
    case 'x-thin':
      p.moveTo(x - h, y - h); p.lineTo(x + h, y + h); p.moveTo(x + h, y - h); p.lineTo(x - h, y + h);
      lineOnly = true;
      break;
    case 'cross-thin':
      p.moveTo(x - h, y); p.lineTo(x + h, y); p.moveTo(x, y - h); p.lineTo(x, y + h);
      lineOnly = true;
      break;
    case 'line-ew': p.moveTo(x - h, y); p.lineTo(x + h, y); lineOnly = true; break;
    case 'line-ns': p.moveTo(x, y - h); p.lineTo(x, y + h); lineOnly = true; break;
    case 'asterisk':
      p.moveTo(x - h, y); p.lineTo(x + h, y); p.moveTo(x, y - h); p.lineTo(x, y + h);
      p.moveTo(x - h * 0.7, y - h * 0.7); p.lineTo(x + h * 0.7, y + h * 0.7); p.moveTo(x + h * 0.7, y - h * 0.7); p.lineTo(x - h * 0.7, y + h * 0.7);
      lineOnly = true;
      break;
    default: p.arc(x, y, h, 0, 2 * Math.PI);
  }
  ctx.setLineDash([]);
  if (lineOnly || open) {
    ctx.strokeStyle = color;
    ctx.lineWidth = (lineOnly ? Math.max(1.5, d / 6 / r) : 1.5) * r;
    ctx.stroke(p);
    return;
  }
  ctx.fillStyle = color;
  ctx.fill(p);
  if (outline) {
    ctx.strokeStyle = outline.color;
    ctx.lineWidth = outline.width * r;
    ctx.stroke(p);
  }
}
