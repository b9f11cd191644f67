/**
 * Visdom's per-axis tick opts (`xtickmin`/`xtickmax`, `xtickvals`/`xticklabels`, and
 * the y ones), read from the figure's Plotly layout axis (where the stock client puts
 * them, after any `layoutopts.plotly` override) or else from the window's opts.
 */
import type { WindowOpts } from '../protocol/index.js';

export interface AxisTicks {
  /** Visible range; either end may be left to the data. */
  min?: number;
  max?: number;
  /** Tick positions: numbers in axis units, or category names. */
  vals?: (number | string)[];
  /** Text for each of `vals`, in order. */
  text?: string[];
}

const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function axisTicks(axis: 'x' | 'y', opts: WindowOpts, layout: unknown): AxisTicks {
  const la = ((layout ?? {}) as Record<string, unknown>)[`${axis}axis`] as Record<string, unknown> | undefined;
  const range = Array.isArray(la?.range) ? la.range : [];
  const min = finite(range[0]) ?? finite(opts[`${axis}tickmin`]);
  const max = finite(range[1]) ?? finite(opts[`${axis}tickmax`]);
  const rawVals = Array.isArray(la?.tickvals) ? la.tickvals : opts[`${axis}tickvals`];
  const rawText = Array.isArray(la?.ticktext) ? la.ticktext : opts[`${axis}ticklabels`];
  const out: AxisTicks = {};
  if (min !== undefined) out.min = min;
  if (max !== undefined) out.max = max;
  if (Array.isArray(rawVals)) {
    const vals = rawVals.filter((v): v is number | string => typeof v === 'string' || finite(v) !== undefined);
    if (vals.length > 0) out.vals = vals;
  }
  if (Array.isArray(rawText)) out.text = rawText.map((t) => (t === null || t === undefined ? '' : String(t)));
  return out;
}

/** Positions of `vals` on an axis: numbers as they are, names by their index in `names`. */
export function tickPositions(vals: readonly (number | string)[], names: readonly string[]): { pos: number; k: number }[] {
  return vals.flatMap((v, k) => {
    const pos = typeof v === 'number' ? v : names.indexOf(v);
    return pos < 0 && typeof v === 'string' ? [] : [{ pos, k }];
  });
}

/** The label of tick `k`: its `text` entry if given, else `fallback`. */
export function tickText(t: AxisTicks, k: number, fallback: string): string {
  return t.text?.[k] ?? fallback;
}
