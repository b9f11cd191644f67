/**
 * Heatmap colour scales by the names Visdom passes as `colormap` (Plotly's named
 * colorscales), and colour lookup along a scale. Pure; no DOM.
 */

/** A scale: ascending stops from 0 to 1, each with an [r, g, b] colour. */
export type Stops = readonly (readonly [number, readonly [number, number, number]])[];

type Rgb = [number, number, number];

const even = (colors: Rgb[]): Stops => colors.map((c, i) => [i / (colors.length - 1), c] as const);
/** Stops at 0, 16/255, 32/255, ... and the last at 1. */
const every16of255 = (colors: Rgb[]): Stops => colors.map((c, i) => [i === colors.length - 1 ? 1 : (16 * i) / 255, c] as const);
const hex = (h: string): Rgb => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;

/** Plotly's named colorscales: the stop positions and colours its heatmaps use. */
export const SCALES: Record<string, Stops> = {
  Greys: even([[0, 0, 0], [255, 255, 255]]),
  Bluered: even([[0, 0, 255], [255, 0, 0]]),
  YlGnBu: even([[8, 29, 88], [37, 52, 148], [34, 94, 168], [29, 145, 192], [65, 182, 196], [127, 205, 187], [199, 233, 180], [237, 248, 217], [255, 255, 217]]),
  Greens: even([[0, 68, 27], [0, 109, 44], [35, 139, 69], [65, 171, 93], [116, 196, 118], [161, 217, 155], [199, 233, 192], [229, 245, 224], [247, 252, 245]]),
  YlOrRd: even([[128, 0, 38], [189, 0, 38], [227, 26, 28], [252, 78, 42], [253, 141, 60], [254, 178, 76], [254, 217, 118], [255, 237, 160], [255, 255, 204]]),
  RdBu: [[0, [5, 10, 172]], [0.35, [106, 137, 247]], [0.5, [190, 190, 190]], [0.6, [220, 170, 132]], [0.7, [230, 145, 90]], [1, [178, 10, 28]]],
  Reds: [[0, [220, 220, 220]], [0.2, [245, 195, 157]], [0.4, [245, 160, 105]], [1, [178, 10, 28]]],
  Blues: [[0, [5, 10, 172]], [0.35, [40, 60, 190]], [0.5, [70, 100, 245]], [0.6, [90, 120, 245]], [0.7, [106, 137, 247]], [1, [220, 220, 220]]],
  Picnic: even([[0, 0, 255], [51, 153, 255], [102, 204, 255], [153, 204, 255], [204, 204, 255], [255, 255, 255], [255, 204, 255], [255, 153, 255], [255, 102, 204], [255, 102, 102], [255, 0, 0]]),
  Rainbow: even([[150, 0, 90], [0, 0, 200], [0, 25, 255], [0, 152, 255], [44, 255, 150], [151, 255, 0], [255, 234, 0], [255, 111, 0], [255, 0, 0]]),
  Portland: even([[12, 51, 131], [10, 136, 186], [242, 211, 56], [242, 143, 56], [217, 30, 30]]),
  Jet: [[0, [0, 0, 131]], [0.125, [0, 60, 170]], [0.375, [5, 255, 255]], [0.625, [255, 255, 0]], [0.875, [250, 0, 0]], [1, [128, 0, 0]]],
  Hot: [[0, [0, 0, 0]], [0.3, [230, 0, 0]], [0.6, [255, 210, 0]], [1, [255, 255, 255]]],
  Blackbody: [[0, [0, 0, 0]], [0.2, [230, 0, 0]], [0.4, [230, 210, 0]], [0.7, [255, 255, 255]], [1, [160, 200, 255]]],
  Earth: [[0, [0, 0, 130]], [0.1, [0, 180, 180]], [0.2, [40, 210, 40]], [0.4, [230, 230, 50]], [0.6, [120, 70, 20]], [1, [255, 255, 255]]],
  Electric: [[0, [0, 0, 0]], [0.15, [30, 0, 100]], [0.4, [120, 0, 100]], [0.6, [160, 90, 0]], [0.8, [230, 200, 0]], [1, [255, 250, 220]]],
  // Samples of the matplotlib maps: Viridis every 16/255 (and at 1), Cividis at 18 even stops.
  Viridis: every16of255(['#440154', '#48186a', '#472d7b', '#424086', '#3b528b', '#33638d', '#2c728e', '#26828e', '#21918c', '#1fa088', '#28ae80', '#3fbc73', '#5ec962', '#84d44b', '#addc30', '#d8e219', '#fde725'].map(hex)),
  Cividis: even([[0, 32, 76], [0, 42, 102], [0, 52, 110], [39, 63, 108], [60, 74, 107], [76, 85, 107], [91, 95, 109], [104, 106, 112], [117, 117, 117], [131, 129, 120], [146, 140, 120], [161, 152, 118], [176, 165, 114], [192, 177, 109], [209, 191, 102], [225, 204, 92], [243, 219, 79], [255, 233, 69]]),
};

export const DEFAULT_SCALE = 'Viridis';

const byLowerName = new Map(Object.entries(SCALES).map(([k, v]) => [k.toLowerCase(), v]));

/**
 * The stops for a trace's `colorscale` (or the window's `colormap`): a name, matched
 * without regard to case, or Plotly's explicit `[[position, color], ...]` list.
 * Anything unusable falls back to Viridis, Visdom's default.
 */
export function scaleOf(spec: unknown): Stops {
  if (typeof spec === 'string') return byLowerName.get(spec.toLowerCase()) ?? SCALES[DEFAULT_SCALE]!;
  if (Array.isArray(spec)) {
    const stops = spec.flatMap((s): Stops[number][] => {
      if (!Array.isArray(s) || typeof s[0] !== 'number') return [];
      const c = parseColor(s[1]);
      return c ? [[Math.min(1, Math.max(0, s[0])), c] as const] : [];
    });
    if (stops.length > 0) return stops.sort((a, b) => a[0] - b[0]);
  }
  return SCALES[DEFAULT_SCALE]!;
}

/** The colour at fraction `f` of a scale (clamped to [0, 1]), interpolated linearly in RGB. */
export function colorAt(stops: Stops, f: number): Rgb {
  const t = Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : 0;
  const first = stops[0]!;
  if (stops.length === 1 || t <= first[0]) return [...first[1]] as Rgb;
  for (let i = 1; i < stops.length; i++) {
    const [p1, c1] = stops[i]!;
    if (t <= p1) {
      const [p0, c0] = stops[i - 1]!;
      const u = p1 === p0 ? 1 : (t - p0) / (p1 - p0);
      return c0.map((c, k) => Math.round(c + (c1[k]! - c) * u)) as Rgb;
    }
  }
  return [...stops[stops.length - 1]![1]] as Rgb;
}

/** `rgb(r,g,b)` for a canvas fillStyle. */
export function css(c: readonly number[]): string {
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** An `#rgb`, `#rrggbb` or `rgb(r,g,b)` colour as [r, g, b]; anything else is undefined. */
export function parseColor(v: unknown): Rgb | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^#[0-9a-f]{6}$/i.test(s)) return hex(s);
  if (/^#[0-9a-f]{3}$/i.test(s)) return hex(`#${s[1]}${s[1]}${s[2]}${s[2]}${s[3]}${s[3]}`);
  const m = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(,\s*[\d.]+\s*)?\)$/i.exec(s);
  return m ? ([+m[1]!, +m[2]!, +m[3]!].map((c) => Math.min(255, c)) as Rgb) : undefined;
}
