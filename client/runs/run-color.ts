/**
 * The colour of a run, the one rule every view uses (runs table, legends, overlay and
 * side-by-side panes, group lines): the colour set in the run's metadata
 * (`PATCH /api/env/:env {color}`), else a palette colour picked by the run's place in
 * creation order. Runs created one after another (a sweep) get distinct colours, and a
 * run keeps its colour when other runs are selected or created after it.
 */
import type { EnvSummary } from '../../protocol/index.js';

/** 20 colours, alternating hue families so neighbours in creation order differ strongly. */
export const RUN_PALETTE: readonly string[] = [
  '#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac',
  '#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#17becf', '#bcbd22', '#e377c2', '#8c564b', '#7f7f7f',
];

type ColorSource = Pick<EnvSummary, 'id' | 'createdAt'> & { meta?: { color: string | null } };

const cache = new WeakMap<readonly ColorSource[], Map<string, string>>();

/** Every env's colour, by id. Computed once per env list (the store replaces the list when it changes). */
export function runColors(envs: readonly ColorSource[]): Map<string, string> {
  let out = cache.get(envs);
  if (out) return out;
  const order = [...envs].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  out = new Map(order.map((e, i) => [e.id, e.meta?.color ?? RUN_PALETTE[i % RUN_PALETTE.length]!]));
  cache.set(envs, out);
  return out;
}

/** One env's colour; an env not (yet) in the list gets a colour from its name, so it still has one. */
export function runColor(envs: readonly ColorSource[], env: string): string {
  return runColors(envs).get(env) ?? RUN_PALETTE[hash(env) % RUN_PALETTE.length]!;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
