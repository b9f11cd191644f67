/**
 * Pure: what a compare overlay pane plots, from the store. Its members (one
 * window per env) become one series per (env, trace) — see `overlay` — with
 * colors fixed by the order of every compared env, so an env keeps its color in
 * panes where other envs have no match.
 */
import type { XMode } from '../plot/series-view.js';
import type { ClientStore, ClientTrace } from '../store.js';
import { ENV_COLORS, overlay, type OverlaySeries } from './match.js';

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
 * The colour of run `env` in the compare views: one per run, shared by the view's
 * legend, its column heads and every pane. `envs` are the runs compared.
 */
export function runColorOf(_store: ClientStore, envs: readonly string[], env: string): string {
  const i = envs.indexOf(env);
  return ENV_COLORS[(i < 0 ? envs.length : i) % ENV_COLORS.length]!;
}
