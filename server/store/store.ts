/**
 * The store as the rest of the server sees it: one interface, two backends
 * (sqlite-store.ts, embedded and synchronous; pg-store.ts, shared and asynchronous).
 *
 * Methods return `Maybe<T>` (T or a promise of T). SQLite answers synchronously:
 * its transaction runs start to commit inside one call, so nothing interleaves
 * with it, and tests and tools that hold a SqliteStore keep calling it directly.
 * Postgres answers with promises. Code written against this interface awaits
 * (awaiting a plain value costs one microtask).
 *
 * Writes go one way: `write(request, rule)` loads the state the rule needs, calls
 * the pure rule to get a plan (server/write/), applies the plan and commits, all in
 * one transaction, and returns what was applied. The caller publishes afterwards.
 */
import type { EnvSummary, MetricKey, RunMeta, TraceInfo, WindowInfo, WindowOpts, WindowType } from '../../protocol/index.js';
import type { Columns } from './decimate.js';
import type { TraceState, View, ViewRequest } from './series.js';
import type { Applied, Rule, StateRequest } from '../write/plan.js';

export type Maybe<T> = T | Promise<T>;

export interface TraceRow extends TraceState {
  env: string;
  win: string;
  pos: number;
  name: string;
  /** JSON text. */
  props: string;
}

export interface NewWindow {
  type: WindowType;
  opts: WindowOpts;
  content?: unknown;
  /** image_history windows: the images, kept one row each (their content is assembled from these). */
  items?: unknown[];
}

/** Windows whose content is a list kept as one row per item. */
export const ITEM_TYPES: readonly WindowType[] = ['image_history'];

/** A line or scatter trace of an open window, keyed as the compare views match windows (title, else id). */
export interface MetricTrace extends MetricKey {
  env: string;
  row: TraceRow;
}

/** (first time, last time, count) of points or window changes received, for replay timelines. */
export type ArrivalSpan = [t0: number, t1: number, n: number];

/** Everything a read needs. Within `snapshot(fn)` every read sees one committed state. */
export interface StoreReader {
  listEnvs(): Maybe<EnvSummary[]>;
  /** One env's entry of the list, or undefined when it does not exist. */
  envSummary(env: string): Maybe<EnvSummary | undefined>;
  envExists(env: string): Maybe<boolean>;
  /** The run's metadata (defaults when none was set), or undefined when the env does not exist. */
  runMeta(env: string): Maybe<RunMeta | undefined>;
  /** The line and scatter traces of open windows, of every env or of one (runs table, grouped view). */
  metricTraces(env?: string): Maybe<MetricTrace[]>;
  /** An open window. `items: false` leaves a list window's content empty, `traces: false` its traces. */
  window(env: string, win: string, opts?: { items?: boolean; traces?: boolean }): Maybe<WindowInfo | undefined>;
  hasWindow(env: string, win: string): Maybe<boolean>;
  windows(env: string): Maybe<WindowInfo[]>;
  /** The env's windows as they were at time t (replay). */
  windowsAt(env: string, t: number): Maybe<WindowInfo[]>;
  traces(env: string, win: string): Maybe<TraceRow[]>;
  arrivals(env: string): Maybe<ArrivalSpan[]>;
  /** Every point with seq in [from, to), exact, in order. */
  readSeq(traceId: number, from: number, to: number): Maybe<Columns>;
  /** The decimated (or exact, when few) points of a trace in a range. */
  view(trace: TraceRow, req: ViewRequest): Maybe<View>;
  /** Count and x extent of the points received in [since, until]; null when there are none. */
  extentBetween(trace: TraceRow, since: number, until: number): Maybe<{ n: number; xmin: number; xmax: number } | null>;
}

export interface Store extends StoreReader {
  readonly backend: 'sqlite' | 'postgres';
  /** Where the data lives, for messages (a file path, or a postgres:// URL without its password). */
  readonly location: string;
  /** Loads `req`, plans with `rule`, applies the plan, commits: one transaction. Throws what the rule throws; nothing is written then. */
  write(req: StateRequest, rule: Rule): Maybe<Applied>;
  /**
   * Runs `fn` (whose writes go through `write`) in one transaction. A write inside that
   * fails rolls back alone (a savepoint), so `fn` may catch it and go on. Batches nest.
   */
  batch<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs several reads against one committed state (Postgres: one REPEATABLE READ transaction). */
  snapshot<T>(fn: (r: StoreReader) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Whether a --db value names a Postgres database rather than a SQLite file. */
export function isPostgresUrl(s: string): boolean {
  return /^postgres(ql)?:\/\//i.test(s);
}

export function traceInfo(t: TraceRow): TraceInfo {
  return {
    id: t.id,
    name: t.name,
    points: t.n,
    xmin: t.xmin,
    xmax: t.xmax,
    ymin: t.ymin,
    ymax: t.ymax,
    props: JSON.parse(t.props),
  };
}
