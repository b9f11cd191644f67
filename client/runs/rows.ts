/**
 * Pure: the runs table's rows and columns. A row is one env with its metadata, state,
 * times and the server's summary (steps, metric values); config keys are flattened
 * (`optim.lr`). Columns are identified by strings kept in localStorage and the URL:
 * `name`, `state`, …, `config:optim.lr`, `metric:<win>\u001f<trace>:last|min|max`.
 */
import { METRIC_SEP, type EnvSummary, type MetricSummary, type RunRow } from '../../protocol/index.js';

/** A run written to within this long is live. */
export const LIVE_MS = 30_000;

export type RunState = 'live' | 'idle' | 'finished';
export type Agg = 'last' | 'min' | 'max';

export interface RunView {
  env: string;
  color: string;
  state: RunState;
  started: number;
  /** ms from the first to the last write. */
  duration: number;
  lastActivity: number;
  steps: number | null;
  tags: string[];
  notes: string;
  /** Flattened: `{ "optim.lr": 0.001 }`. */
  config: Record<string, unknown>;
  /** By metric id (`win` + U+001F + `trace`). */
  metrics: Map<string, MetricSummary | null>;
}

export const BUILTIN_COLUMNS = ['color', 'name', 'state', 'started', 'duration', 'steps', 'tags', 'notes'] as const;
export type BuiltinColumn = (typeof BUILTIN_COLUMNS)[number];

/** `{ a: { b: 1 }, c: [1, 2] }` → `{ "a.b": 1, c: [1, 2] }` (arrays stay values). */
export function flatten(obj: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else out[key] = v;
  }
  return out;
}

export function runState(e: Pick<EnvSummary, 'lastActivity' | 'meta'>, now: number): RunState {
  if (now - e.lastActivity < LIVE_MS) return 'live';
  return e.meta.finishedAt !== null ? 'finished' : 'idle';
}

/** The table's rows: every env, joined with the server's summary rows (by env) for `metricIds`. */
export function runViews(envs: readonly EnvSummary[], summary: readonly RunRow[], metricIds: readonly string[], colors: Map<string, string>, now: number): RunView[] {
  const byEnv = new Map(summary.map((r) => [r.env, r]));
  return envs.map((e) => {
    const s = byEnv.get(e.id);
    const metrics = new Map<string, MetricSummary | null>(metricIds.map((id, i) => [id, s?.metrics[i] ?? null]));
    return {
      env: e.id,
      color: colors.get(e.id) ?? '#888',
      state: runState(e, now),
      started: e.createdAt,
      duration: Math.max(0, e.lastActivity - e.createdAt),
      lastActivity: e.lastActivity,
      steps: s?.steps ?? null,
      tags: e.meta.tags,
      notes: e.meta.notes,
      config: flatten(e.meta.config),
      metrics,
    };
  });
}

/**
 * The rows with each run's state as of `now`: the same array when no run changed state
 * (the clock moves states, live → idle, without the rows being built again).
 */
export function withStates(rows: RunView[], envs: readonly EnvSummary[], now: number): RunView[] {
  let out: RunView[] | null = null;
  rows.forEach((r, i) => {
    const e = envs[i];
    const state = e ? runState(e, now) : r.state;
    if (state === r.state) return;
    out ??= [...rows];
    out[i] = { ...r, state };
  });
  return out ?? rows;
}

/** Config keys over all runs, most common first (then by name). */
export function configKeys(rows: readonly RunView[]): string[] {
  const count = new Map<string, number>();
  for (const r of rows) for (const k of Object.keys(r.config)) count.set(k, (count.get(k) ?? 0) + 1);
  return [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)! || (a < b ? -1 : 1));
}

export function metricColumn(metricId: string, agg: Agg): string {
  return `metric:${metricId}:${agg}`;
}

/** A metric column's metric id and aggregate, or null for other columns. */
export function parseMetricColumn(col: string): { id: string; agg: Agg } | null {
  const m = /^metric:(.*):(last|min|max)$/s.exec(col);
  return m ? { id: m[1]!, agg: m[2] as Agg } : null;
}

/** The metric ids the columns need from the server. */
export function metricIdsOf(columns: readonly string[]): string[] {
  return [...new Set(columns.map(parseMetricColumn).filter((m) => m !== null).map((m) => m.id))];
}

export function columnLabel(col: string): string {
  if (col.startsWith('config:')) return col.slice(7);
  const m = parseMetricColumn(col);
  if (m) {
    const [win, trace] = m.id.split(METRIC_SEP) as [string, string];
    return `${win === trace ? win : `${win} · ${trace}`} (${m.agg})`;
  }
  return col === 'color' ? '' : col;
}

/** The value a column shows, sorts and filters by. */
export function cellValue(r: RunView, col: string): unknown {
  switch (col) {
    case 'name':
      return r.env;
    case 'color':
      return r.color;
    case 'state':
      return r.state;
    case 'started':
      return r.started;
    case 'duration':
      return r.duration;
    case 'steps':
      return r.steps;
    case 'tags':
      return r.tags.join(', ');
    case 'notes':
      return r.notes;
  }
  if (col.startsWith('config:')) return r.config[col.slice(7)];
  const m = parseMetricColumn(col);
  if (m) return r.metrics.get(m.id)?.[m.agg] ?? null;
  return undefined;
}

/** Numbers before strings, both ascending; missing values always last. */
export function compareValues(a: unknown, b: unknown): number {
  const missA = a === null || a === undefined || a === '';
  const missB = b === null || b === undefined || b === '';
  if (missA || missB) return missA === missB ? 0 : missA ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export interface Sort {
  col: string;
  dir: 1 | -1;
}

/** Sorted copy; missing values stay last whichever the direction; ties keep name order. */
export function sortRows(rows: readonly RunView[], sort: Sort | null): RunView[] {
  if (!sort) return [...rows];
  const keyed = rows.map((r) => ({ r, v: cellValue(r, sort.col) }));
  keyed.sort((a, b) => {
    const missA = a.v === null || a.v === undefined || a.v === '';
    const missB = b.v === null || b.v === undefined || b.v === '';
    if (missA !== missB) return missA ? 1 : -1;
    return sort.dir * compareValues(a.v, b.v) || (a.r.env < b.r.env ? -1 : a.r.env > b.r.env ? 1 : 0);
  });
  return keyed.map((k) => k.r);
}
