/**
 * Pure: what a compare overlay pane plots, from the store. Its members (one
 * window per env) become one series per (env, trace) — see `overlay` — with
 * colors fixed by the order of every compared env, so an env keeps its color in
 * panes where other envs have no match.
 */
import type { Aligned } from '../align.js';
import { alignedData, type PlotSettings, type SeriesStyle } from '../plot-options.js';
import type { ClientStore, ClientTrace } from '../store.js';
import { overlay } from './match.js';

/** One window of a compare overlay. */
export interface PlotMember {
  env: string;
  win: string;
}

export function overlayLabels(store: ClientStore, members: readonly PlotMember[], envs: readonly string[]): { labels: string[]; styles: SeriesStyle[] } {
  const parts = members.map((m) => ({ env: m.env, data: (store.window(m.env, m.win)?.traces ?? []).map((t) => ({ name: t.name, x: [], y: [], t: [] })) }));
  const series = overlay(parts, 'step', {}, envs);
  return { labels: series.map((o) => o.label), styles: series.map((o) => ({ stroke: o.color, dash: o.dash })) };
}

/** The uPlot data; `zoomed` gives a member's full-resolution points of a zoomed range, when fetched. */
export function overlayData(
  store: ClientStore,
  type: string,
  members: readonly PlotMember[],
  envs: readonly string[],
  s: PlotSettings,
  zoomed: (m: PlotMember) => ClientTrace[] | undefined,
): Aligned {
  const starts: Record<string, number> = {};
  const parts = members.map((m) => {
    starts[m.env] = store.envStart(m.env) ?? 0;
    return { env: m.env, data: zoomed(m) ?? store.window(m.env, m.win)?.traces ?? [] };
  });
  return alignedData(type, overlay(parts, s.xMode === 'relative' ? 'relative' : 'step', starts, envs), s);
}
