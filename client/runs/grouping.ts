/**
 * Pure: runs grouped for the grouped view. By config keys (`optim.lr,batch`: one group
 * per combination of values), or by a name pattern (`name:/^(.*)-seed\d+$/`: runs whose
 * names give the same captures, or the whole match without groups, share a group; runs
 * that do not match form the group "(other)").
 */
import type { RunView } from './rows.js';

export interface RunGroup {
  key: string;
  envs: string[];
}

export interface GroupSpec {
  keys: string[];
  pattern: RegExp | null;
}

/** `a,b` (config keys) or `name:/re/flags`; null when empty; throws on a bad regex. */
export function parseGroupSpec(text: string): GroupSpec | null {
  const t = text.trim();
  if (t === '') return null;
  const m = /^name:\s*\/(.*)\/([a-z]*)$/s.exec(t);
  if (m) return { keys: [], pattern: new RegExp(m[1]!, m[2]!) };
  return { keys: t.split(',').map((k) => k.trim().replace(/^config\./, '')).filter((k) => k !== ''), pattern: null };
}

function show(v: unknown): string {
  return v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** Groups in order of first appearance in `rows`. */
export function groupRuns(rows: readonly RunView[], spec: GroupSpec): RunGroup[] {
  const groups = new Map<string, string[]>();
  for (const r of rows) {
    let key: string;
    if (spec.pattern) {
      const m = spec.pattern.exec(r.env);
      key = m ? (m.length > 1 ? m.slice(1).map((g) => g ?? '').join(' ') : m[0]) : '(other)';
    } else {
      key = spec.keys.map((k) => `${k}=${show(r.config[k])}`).join(' ');
    }
    const g = groups.get(key);
    if (g) g.push(r.env);
    else groups.set(key, [r.env]);
  }
  return [...groups].map(([key, envs]) => ({ key, envs }));
}
