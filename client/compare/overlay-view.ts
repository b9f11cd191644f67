/**
 * Pure: what a compare overlay pane plots, from the store. Its members (one
 * window per env) become one series per (env, trace) — see `overlay` — each run in
 * its own colour (runColorOf), so an env keeps its colour in panes where other envs
 * have no match, and in the runs table.
 */
import type { XMode } from '../plot/series-view.js';
import type { ClientStore, ClientTrace } from '../store.js';
import { runColor } from '../runs/run-color.js';
import { overlay, type OverlaySeries } from './match.js';

/** One window of a compare overlay. */
export interface PlotMember {
  env: string;
  win: string;
}

/**
 * Every (env, trace) series of the overlay, x in step or relative time; `zoomed`
 * gives a member's full-resolution points of a zoomed range, when fetched.
 */
export function overlayColumns(
  store: ClientStore,
  members: readonly PlotMember[],
  envs: readonly string[],
  xMode: XMode,
  zoomed: (m: PlotMember) => ClientTrace[] | undefined,
): OverlaySeries[] {
  const starts: Record<string, number> = {};
  const parts = members.map((m) => {
    starts[m.env] = store.envStart(m.env) ?? 0;
    return { env: m.env, data: zoomed(m) ?? store.window(m.env, m.win)?.traces ?? [] };
  });
  return overlay(parts, xMode === 'relative' ? 'relative' : 'step', starts, envs, (env) => runColorOf(store, envs, env));
}

/**
 * The colour of run `env` in the compare views: the run's own colour (its metadata, else
 * its place in creation order, see run-color.ts), so the runs table, the view's legend,
 * its column heads and every pane agree, whichever runs are compared.
 */
export function runColorOf(store: ClientStore, _envs: readonly string[], env: string): string {
  return runColor(store.envs, env);
}
