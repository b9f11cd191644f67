/**
 * Axis label text and placement for bar, histogram and heatmap panes. Pure: text
 * widths are measured by the caller and passed in.
 */

/** Decimals that tell apart values `step` apart: enough for the step itself (0.25 → 2, 0.1 → 1, 0.123 → 2). */
export function decimalsFor(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  const d = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  const scaled = step * 10 ** d;
  return Math.min(12, Math.abs(scaled - Math.round(scaled)) < 1e-6 * scaled ? d : d + 1);
}

const LARGE: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];

/**
 * A formatter for values `step` apart whose magnitude reaches `maxAbs`: plain decimals
 * to the precision the step needs; k/M/G/T from 10 000 up; exponent form below 0.001
 * and from 10^15 up. Never more digits than the step distinguishes.
 */
export function numberFormat(maxAbs: number, step: number): (v: number) => string {
  const m = Math.abs(maxAbs);
  const s = step > 0 && Number.isFinite(step) ? step : m || 1;
  if (m >= 1e15 || (m > 0 && m < 1e-3)) return (v) => exponent(v, s);
  const unit = m >= 1e4 ? LARGE.find(([f]) => m >= f) : undefined;
  const f = unit?.[0] ?? 1;
  const d = decimalsFor(s / f);
  return (v) => {
    if (!Number.isFinite(v)) return '–';
    const t = (v / f).toFixed(d);
    if (unit) return +t === 0 ? '0' : t + unit[1];
    return /^-0(\.0*)?$/.test(t) ? t.slice(1) : t;
  };
}

function exponent(v: number, step: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v === 0 || Math.abs(v) < step / 2) return '0';
  const ev = Math.floor(Math.log10(Math.abs(v)));
  const es = Math.floor(Math.log10(step));
  const m = step / 10 ** es;
  const digits = Math.min(6, Math.max(0, ev - es + (Math.abs(m - Math.round(m)) < 1e-6 ? 0 : 1)));
  return v.toExponential(digits).replace(/(\.\d*?)0+e/, '$1e').replace('.e', 'e').replace('e+', 'e');
}

/** One formatter for an evenly spaced set of values (a histogram's bin positions, say). */
export function formatterFor(values: readonly number[]): (v: number) => string {
  const finite = values.filter(Number.isFinite);
  const sorted = [...new Set(finite)].sort((a, b) => a - b);
  let step = Infinity;
  for (let i = 1; i < sorted.length; i++) step = Math.min(step, sorted[i]! - sorted[i - 1]!);
  const maxAbs = Math.max(0, ...finite.map(Math.abs));
  return numberFormat(maxAbs, Number.isFinite(step) ? step : maxAbs);
}

/** Longest label drawn in full; longer ones end in "…" (the hover readout has the whole text). */
export const MAX_LABEL_CHARS = 24;

export function clip(s: string, n = MAX_LABEL_CHARS): string {
  const chars = [...s];
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : s;
}

/** How category labels are drawn: rotated by `angle` degrees, every `step`-th one shown. */
export interface LabelLayout {
  angle: 0 | 45 | 90;
  step: number;
}

/** Clear space between neighbouring labels, px. */
export const LABEL_GAP = 6;

/**
 * Rotate or thin labels so none overlap: horizontal while the widest fits its slot;
 * otherwise whichever of horizontal, 45° or 90° shows the most labels (fewest
 * skipped), preferring the flatter angle on a tie. `slot` is the distance between
 * neighbouring label centres, `height` the font's line height (all px).
 */
export function layoutLabels(widths: readonly number[], slot: number, height: number, gap = LABEL_GAP): LabelLayout {
  const widest = Math.max(0, ...widths);
  if (!(slot > 0)) return { angle: 0, step: Math.max(1, widths.length) };
  const need = (clearance: number) => Math.max(1, Math.ceil((clearance - 1e-9) / slot));
  const options: LabelLayout[] = [
    { angle: 0, step: need(widest + gap) },
    // Parallel labels at 45° are slot·sin 45° apart, measured across them.
    { angle: 45, step: need((height + gap) / Math.SQRT1_2) },
    { angle: 90, step: need(height + gap) },
  ];
  return options.reduce((best, o) => (o.step < best.step ? o : best));
}

/** Smallest of 1, 2, 5, 10, 20, 50, ... that is at least `min` (thinning of numeric index labels). */
export function niceStep(min: number): number {
  if (min <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(min));
  return [1, 2, 5, 10].map((k) => k * p).find((s) => s >= min - 1e-9)!;
}

/** Space the labels take below (or beside) the axis line, px, for rotated text. */
export function labelExtent(widest: number, height: number, angle: number): number {
  const a = (angle * Math.PI) / 180;
  return Math.ceil(widest * Math.sin(a) + height * Math.cos(a));
}
