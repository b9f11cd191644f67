/**
 * Pure: the env list's order. `recent`: last written first (a live run among
 * hundreds is at the top); `created`: newest first, as W&B lists runs; `name`:
 * alphabetical, as Visdom's picker. Ties fall back to the name, so the order is stable.
 * The `_`-prefix tree (env-tree.ts) keeps this order within each level; a group
 * sits where its first env does.
 */
import type { EnvSummary } from '../../protocol/index.js';

export type EnvSort = 'recent' | 'name' | 'created';

export const ENV_SORTS: readonly { value: EnvSort; label: string }[] = [
  { value: 'name', label: 'name' },
  { value: 'recent', label: 'recent activity' },
  { value: 'created', label: 'created' },
];

export function parseSort(v: string | null): EnvSort {
  return v === 'recent' || v === 'created' ? v : 'name';
}

type Sortable = Pick<EnvSummary, 'id' | 'createdAt' | 'lastActivity'>;

export function sortEnvs<T extends Sortable>(envs: readonly T[], by: EnvSort): T[] {
  const name = (a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const cmp =
    by === 'recent' ? (a: T, b: T) => b.lastActivity - a.lastActivity || name(a, b) : by === 'created' ? (a: T, b: T) => b.createdAt - a.createdAt || name(a, b) : name;
  return [...envs].sort(cmp);
}

/** The `_` prefixes of groups that would hold `id` (env-tree.ts makes a group of a prefix two envs share). */
export function prefixesOf(id: string): string[] {
  const out: string[] = [];
  for (let i = id.indexOf('_'); i > 0; i = id.indexOf('_', i + 1)) out.push(id.slice(0, i));
  return out;
}
