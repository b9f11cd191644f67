/**
 * Compare view: match windows across envs and overlay their traces. Pure.
 * Windows match by title (opts.title), falling back to the window id; each match
 * becomes one pane whose series are labelled `env / trace`, one color per env and
 * one dash pattern per trace name.
 */
import type { TraceData, WindowInfo } from '../../protocol/index.js';

export interface EnvWindows {
  env: string;
  windows: WindowInfo[];
}

export interface CompareGroup {
  /** The title the windows share, or their id when they have no title. */
  key: string;
  members: { env: string; window: WindowInfo }[];
}

export function matchKey(w: WindowInfo): string {
  const title = typeof w.opts.title === 'string' ? w.opts.title.trim() : '';
  return title !== '' ? `title:${title}` : `id:${w.id}`;
}

/** Groups windows of several envs by title (or id), in the order they first appear. */
export function matchWindows(envs: EnvWindows[]): CompareGroup[] {
  const groups = new Map<string, CompareGroup>();
  for (const { env, windows } of envs) {
    for (const window of [...windows].sort((a, b) => a.order - b.order)) {
      const key = matchKey(window);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { key: key.slice(key.indexOf(':') + 1), members: [] }));
      g.members.push({ env, window });
    }
  }
  return [...groups.values()];
}

export type Align = 'step' | 'relative';

/** Colors for envs, dash patterns for traces (uPlot `dash` arrays). */
export const ENV_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
export const TRACE_DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4]];

export interface OverlaySeries {
  label: string;
  env: string;
  trace: string;
  color: string;
  dash: number[];
  x: (number | null)[];
  y: (number | null)[];
}

/** The columns of a trace overlay needs (TraceData and the client's traces both fit). */
export type TraceColumns = Pick<TraceData, 'name' | 'x' | 'y' | 't'>;

/**
 * One series per (env, trace). With `relative`, x becomes seconds since the env's
 * run started (`envStart[env]`, ms), so runs that began at different times line up.
 * `envOrder` (all envs compared) keeps an env's color the same in every pane, even
 * in panes where an earlier env has no matching window; `colorOf` (the run colour)
 * wins over the palette by that order.
 */
export function overlay(
  members: { env: string; data: readonly TraceColumns[] }[],
  align: Align,
  envStart: Record<string, number>,
  envOrder: readonly string[] = [],
  colorOf: (env: string, index: number) => string = (_env, i) => ENV_COLORS[i % ENV_COLORS.length]!,
): OverlaySeries[] {
  const envIndex = new Map<string, number>(envOrder.map((e, i) => [e, i]));
  const traceIndex = new Map<string, number>();
  const out: OverlaySeries[] = [];
  for (const { env, data } of members) {
    if (!envIndex.has(env)) envIndex.set(env, envIndex.size);
    for (const tr of data) {
      if (!traceIndex.has(tr.name)) traceIndex.set(tr.name, traceIndex.size);
      const t0 = envStart[env] ?? tr.t[0] ?? 0;
      out.push({
        label: `${env} / ${tr.name}`,
        env,
        trace: tr.name,
        color: colorOf(env, envIndex.get(env)!),
        dash: TRACE_DASHES[traceIndex.get(tr.name)! % TRACE_DASHES.length]!,
        x: align === 'step' ? tr.x : tr.t.map((t, i) => (tr.x[i] === null ? null : (t - t0) / 1000)),
        y: tr.y,
      });
    }
  }
  return out;
}
