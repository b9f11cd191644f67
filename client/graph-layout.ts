/**
 * Places the nodes of Visdom's network graph (`vis.graph`) as its pane does with a
 * force simulation (nodes repel, edges pull towards a set length, a weak pull to the
 * centre), but deterministically: nodes start on a spiral in index order and the
 * simulation runs a fixed number of cooling ticks, so one graph always draws the same.
 * Pure: no DOM.
 */
export interface GraphLayoutInput {
  /** Number of nodes; node i is index i. */
  nodes: number;
  /** [source, target] node indices. */
  edges: readonly (readonly [number, number])[];
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Visdom's force: charge −120, edge length 120. */
export const CHARGE = -120;
export const EDGE_LENGTH = 120;
const GRAVITY = 0.1;
const ALPHA_START = 0.1;
const ALPHA_DECAY = 0.99;
const ALPHA_MIN = 0.005;
/** Share of a node's velocity kept from one tick to the next. */
const FRICTION = 0.9;
/** Pairs of nodes visited per layout at most (the charge step is quadratic). */
const PAIR_BUDGET = 3e7;
/** Space kept free at the border for the node radius and a label. */
export const BORDER = 24;

export function forceLayout({ nodes: n, edges, width, height }: GraphLayoutInput): Point[] {
  const cx = width / 2;
  const cy = height / 2;
  // A sunflower spiral in index order: close enough for the charge to spread the nodes out.
  const p: Point[] = Array.from({ length: n }, (_, i) => {
    const r = 10 * Math.sqrt(i + 0.5);
    const a = i * Math.PI * (3 - Math.sqrt(5));
    return { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) };
  });
  // Edges and gravity move nodes directly; the charge changes their velocity, which decays by FRICTION.
  const v = p.map(() => ({ x: 0, y: 0 }));
  const valid = edges.filter(([s, t]) => s >= 0 && t >= 0 && s < n && t < n && s !== t);
  const maxTicks = Math.max(20, Math.floor(PAIR_BUDGET / Math.max(1, (n * n) / 2)));
  let tick = 0;
  for (let alpha = ALPHA_START; alpha > ALPHA_MIN && tick < maxTicks; alpha *= ALPHA_DECAY, tick++) {
    for (const [s, t] of valid) {
      const a = p[s]!;
      const b = p[t]!;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const l = Math.hypot(dx, dy) || 1;
      const k = (alpha * (l - EDGE_LENGTH)) / l / 2;
      a.x += dx * k;
      a.y += dy * k;
      b.x -= dx * k;
      b.y -= dy * k;
    }
    for (let i = 0; i < n; i++) {
      const a = p[i]!;
      for (let j = i + 1; j < n; j++) {
        const b = p[j]!;
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 1) {
          // Coincident nodes: part them along a direction fixed by their indices.
          dx = Math.cos(i + j);
          dy = Math.sin(i + j);
          d2 = 1;
        }
        const k = (CHARGE * alpha) / d2;
        v[i]!.x += dx * k;
        v[i]!.y += dy * k;
        v[j]!.x -= dx * k;
        v[j]!.y -= dy * k;
      }
    }
    p.forEach((a, i) => {
      const vi = v[i]!;
      a.x += (cx - a.x) * alpha * GRAVITY;
      a.y += (cy - a.y) * alpha * GRAVITY;
      a.x += vi.x;
      a.y += vi.y;
      vi.x *= FRICTION;
      vi.y *= FRICTION;
    });
  }
  return fit(p, width, height);
}

/** Centres the drawing in the box and shrinks it (never grows it) to fit inside the border. */
function fit(p: Point[], width: number, height: number): Point[] {
  if (p.length === 0) return p;
  const xs = p.map((q) => q.x);
  const ys = p.map((q) => q.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const s = Math.min(1, (width - 2 * BORDER) / (x1 - x0 || 1), (height - 2 * BORDER) / (y1 - y0 || 1));
  const mx = (x0 + x1) / 2;
  const my = (y0 + y1) / 2;
  return p.map((q) => ({ x: width / 2 + (q.x - mx) * s, y: height / 2 + (q.y - my) * s }));
}
