/**
 * Pure: the axes a line or scatter window asks for. Visdom turns opts into a
 * Plotly layout (`xlabel` → `xaxis.title`, `xtickmin`/`xtickmax` → `xaxis.range`,
 * `xtickvals`/`xticklabels` → `tickvals`/`ticktext`, and `layoutopts.plotly`
 * merged on top); the native API sends the opts only. Both are read here, the
 * layout first, so keys a user set through `layoutopts.plotly` apply too.
 */
import type { WindowOpts } from '../../protocol/index.js';
import { axisTicks } from '../tick-opts.js';

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

/** One axis: tick opts read by the same rules as bar and heatmap panes (tick-opts.ts), the title, the type. */
function axis(layoutAxis: unknown, opts: WindowOpts, p: 'x' | 'y'): AxisSpec {
  const a = record(layoutAxis);
  const t = axisTicks(p, opts, { [`${p}axis`]: a });
  // A line pane's axes are numeric: tick values that are names do not apply.
  const tickvals = t.vals && t.vals.every((v): v is number => typeof v === 'number') ? t.vals : null;
  return {
    label: titleOf(a.title) ?? (typeof opts[`${p}label`] === 'string' ? (opts[`${p}label`] as string) : undefined),
    range: t.min !== undefined && t.max !== undefined && t.min !== t.max ? [Math.min(t.min, t.max), Math.max(t.min, t.max)] : null,
    tickvals,
    ticktext: tickvals && t.text ? t.text : null,
    log: (a.type ?? opts[`${p}type`]) === 'log',
  };
}

/** The axes of a window from its opts and (Visdom windows) its stored Plotly layout. */
export function windowAxes(opts: WindowOpts, layout: Layout | undefined): WindowAxes {
  // Native-API windows have no stored layout: their layoutopts.plotly is read as Visdom would merge it.
  const l = layout ?? record(record(opts.layoutopts).plotly);
  return { x: axis(l.xaxis, opts, 'x'), y: axis(l.yaxis, opts, 'y'), y2: axis(l.yaxis2, {}, 'y') };
}
