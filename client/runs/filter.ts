/**
 * Pure: the runs table's filter. Terms separated by spaces must all match:
 * - `word` — the run's name, tags or notes contain it (case-insensitive);
 * - `/regex/` — the run's name matches (flags after the last slash, `i` by default);
 * - `key op value` with op one of `<`, `<=`, `>`, `>=`, `=`, `!=` — a config key
 *   (`optim.lr`, `config.optim.lr`, or its last parts: `lr`) or a column (`steps`, `state`, `tags`,
 *   `duration` in seconds) compared with a number (`1e-3`) or text (`adam`, `"two words"`).
 *   A run lacking the key does not match.
 */
import { cellValue, type RunView } from './rows.js';

type Op = '<' | '<=' | '>' | '>=' | '=' | '!=';
type Term =
  | { kind: 'text'; text: string }
  | { kind: 'regex'; re: RegExp }
  | { kind: 'compare'; key: string; op: Op; value: string | number };

export interface Filter {
  terms: Term[];
  /** Why the text is not a valid filter (the table shows every run meanwhile), or null. */
  error: string | null;
}

const TOKEN = /\/((?:\\.|[^/\\])+)\/([a-z]*)|([A-Za-z_][\w.\-/]*)\s*(<=|>=|!=|==|=|<|>)\s*("[^"]*"|[^\s"]+)|"([^"]*)"|(\S+)/g;

export function parseFilter(text: string): Filter {
  const terms: Term[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (m[1] !== undefined) {
      try {
        terms.push({ kind: 'regex', re: new RegExp(m[1], m[2] || 'i') });
      } catch (e) {
        return { terms: [], error: `bad regex: ${(e as Error).message}` };
      }
    } else if (m[3] !== undefined) {
      const raw = m[5]!.startsWith('"') ? m[5]!.slice(1, -1) : m[5]!;
      const num = Number(raw);
      const op = (m[4] === '==' ? '=' : m[4]) as Op;
      terms.push({ kind: 'compare', key: m[3], op, value: raw.trim() !== '' && Number.isFinite(num) ? num : raw.toLowerCase() });
    } else {
      const t = (m[6] ?? m[7]!).toLowerCase();
      if (t) terms.push({ kind: 'text', text: t });
    }
  }
  return { terms, error: null };
}

const COLUMN_KEYS = new Set(['name', 'state', 'steps', 'tags', 'notes', 'started', 'duration']);

function valueOf(r: RunView, key: string): unknown {
  if (key in r.config) return r.config[key];
  if (key.startsWith('config.') && key.slice(7) in r.config) return r.config[key.slice(7)];
  // `lr` finds `optim.lr`: a key may be given by its last parts.
  for (const k in r.config) if (k.endsWith(`.${key}`)) return r.config[k];
  if (COLUMN_KEYS.has(key)) {
    const v = cellValue(r, key);
    return key === 'duration' ? (v as number) / 1000 : v;
  }
  return undefined;
}

function compare(v: unknown, op: Op, want: string | number): boolean {
  if (v === undefined || v === null) return false;
  let c: number;
  if (typeof want === 'number') {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'boolean' ? Number(v) : NaN;
    if (Number.isNaN(n)) return op === '!=';
    c = n - want;
  } else {
    const s = (typeof v === 'string' ? v : JSON.stringify(v)).toLowerCase();
    c = s < want ? -1 : s > want ? 1 : 0;
  }
  switch (op) {
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
    case '=': return c === 0;
    case '!=': return c !== 0;
  }
}

export function matches(r: RunView, f: Filter): boolean {
  for (const t of f.terms) {
    if (t.kind === 'regex') {
      if (!t.re.test(r.env)) return false;
    } else if (t.kind === 'text') {
      if (!r.env.toLowerCase().includes(t.text) && !r.notes.toLowerCase().includes(t.text) && !r.tags.some((g) => g.toLowerCase().includes(t.text))) return false;
    } else if (!compare(valueOf(r, t.key), t.op, t.value)) return false;
  }
  return true;
}

export function filterRows(rows: readonly RunView[], f: Filter): RunView[] {
  return f.terms.length === 0 ? [...rows] : rows.filter((r) => matches(r, f));
}
