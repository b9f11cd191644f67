/**
 * Pure: the axes a line or scatter window asks for. Visdom turns opts into a
 * Plotly layout (`xlabel` → `xaxis.title`, `xtickmin`/`xtickmax` → `xaxis.range`,
 * `xtickvals`/`xticklabels` → `tickvals`/`ticktext`, and `layoutopts.plotly`
 * merged on top); the native API sends the opts only. Both are read here, the
 * layout first, so keys a user set through `layoutopts.plotly` apply too.
 */
import type { WindowOpts } from '../../protocol/index.js';

export interface AxisSpec {
  label?: string;
  /** Fixed range; null: fit the data. */
  range: [number, number] | null;
  /** Ticks at these values, labelled `ticktext` (or the values) instead of automatic ticks. */
  tickvals: number[] | null;
  ticktext: string[] | null;
  log: boolean;
}

export interface WindowAxes {
  x: AxisSpec;
  y: AxisSpec;
  /** The right-hand axis of dual_axis_lines (Plotly's `yaxis2`). */
  y2: AxisSpec;
}

type Layout = Record<string, unknown>;

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function titleOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const t = record(v).text;
  return typeof t === 'string' ? t : undefined;
}

function numbers(v: unknown): number[] | null {
  return Array.isArray(v) && v.length > 0 && v.every((e) => typeof e === 'number' && Number.isFinite(e)) ? (v as number[]) : null;
}

function rangeOf(v: unknown): [number, number] | null {
  const r = numbers(v);
  return r && r.length === 2 && r[0] !== r[1] ? [Math.min(r[0]!, r[1]!), Math.max(r[0]!, r[1]!)] : null;
}

function axis(layoutAxis: unknown, opts: WindowOpts, p: 'x' | 'y'): AxisSpec {
  const a = record(layoutAxis);
  const lo = opts[`${p}tickmin`];
  const hi = opts[`${p}tickmax`];
  const tickvals = numbers(a.tickvals) ?? numbers(opts[`${p}tickvals`]);
  const labels = Array.isArray(a.ticktext) ? a.ticktext : opts[`${p}ticklabels`];
  return {
    label: titleOf(a.title) ?? (typeof opts[`${p}label`] === 'string' ? (opts[`${p}label`] as string) : undefined),
    range: rangeOf(a.range) ?? (typeof lo === 'number' && typeof hi === 'number' ? rangeOf([lo, hi]) : null),
    tickvals,
    ticktext: tickvals && Array.isArray(labels) ? labels.map((s) => String(s ?? '')) : null,
    log: (a.type ?? opts[`${p}type`]) === 'log',
  };
}

/** The axes of a window from its opts and (Visdom windows) its stored Plotly layout. */
export function windowAxes(opts: WindowOpts, layout: Layout | undefined): WindowAxes {
  // Native-API windows have no stored layout: their layoutopts.plotly is read as Visdom would merge it.
  const l = layout ?? record(record(opts.layoutopts).plotly);
  return { x: axis(l.xaxis, opts, 'x'), y: axis(l.yaxis, opts, 'y'), y2: axis(l.yaxis2, {}, 'y') };
}
