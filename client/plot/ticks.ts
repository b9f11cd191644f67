/**
 * Pure: tick labels that stay readable from 1e-9 to 1e12. Labels of one axis
 * share one notation: plain decimals with as many places as the tick step needs,
 * SI suffixes for large values (1.5M, 2G) and small ones (300µ, 2n, as Plotly labels
 * them), and a power of ten below pico. Never a column of zeros.
 */
import { decimalsFor } from '../bar-labels.js';

const SI = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
const SMALL_SI = ['m', 'µ', 'n', 'p'];

function trim(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * Labels for ticks `splits` placed every `step` (the axis increment; pass 0 for
 * log axes, where each label stands alone).
 */
export function tickLabels(splits: readonly (number | null)[], step: number): string[] {
  // uPlot's log axes pass null for the minor ticks it leaves unlabelled.
  if (splits.some((v) => v === null)) return splits.map((v) => (v === null ? '' : formatNumber(v)));
  return labels(splits as number[], step);
}

function labels(splits: readonly number[], step: number): string[] {
  const finite = splits.filter((v) => Number.isFinite(v));
  const mag = finite.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (!(step > 0)) return splits.map((v) => formatNumber(v));
  if (mag === 0) return splits.map(() => '0');
  if (mag >= 1e6) {
    const k = Math.min(SI.length - 1, Math.floor(Math.log10(mag) / 3));
    const div = 10 ** (3 * k);
    const places = decimalsFor(step / div);
    return splits.map((v) => (v === 0 ? '0' : `${(v / div).toFixed(places)}${SI[k]}`));
  }
  if (mag < 1e-3) {
    // SI prefixes down to pico, as Plotly labels them (300µ); an exponent below that.
    const k = Math.floor(Math.log10(mag) / 3);
    if (k >= -4) {
      const div = 10 ** (3 * k);
      const places = decimalsFor(step / div);
      return splits.map((v) => (v === 0 ? '0' : `${(v / div).toFixed(places)}${SMALL_SI[-k - 1]}`));
    }
    const e = Math.floor(Math.log10(mag));
    const places = decimalsFor(step / 10 ** e);
    return splits.map((v) => (v === 0 ? '0' : `${(v / 10 ** e).toFixed(places)}e${e}`));
  }
  const places = decimalsFor(step);
  return splits.map((v) => (Object.is(v, -0) ? '0' : v.toFixed(places)));
}

/** One number on its own (log-axis ticks, legend values): up to 4 significant digits, SI above 1e6, exponent below 1e-3. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e6) {
    const k = Math.min(SI.length - 1, Math.floor(Math.log10(a) / 3));
    return `${trim((v / 10 ** (3 * k)).toPrecision(4))}${SI[k]}`;
  }
  if (a < 1e-3) {
    const [m, e] = v.toExponential(3).split('e');
    return `${trim(m!)}e${Number(e)}`;
  }
  return String(+v.toPrecision(4));
}
