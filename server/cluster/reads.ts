/**
 * What the fan-out reads from the shared store to republish another server's writes.
 * Every method may answer synchronously (SQLite) or with a promise (Postgres).
 */
import type { EnvSummary, TraceData, WindowInfo } from '../../protocol/index.js';
import type { Columns } from '../store/decimate.js';

type Maybe<T> = T | Promise<T>;

export interface TraceHead {
  env: string;
  win: string;
  name: string;
  n: number;
}

export interface ClusterReads {
  /** Every trace's id and point count, as committed. */
  traceCounts(): Maybe<[number, number][]>;
  /** Where a trace lives, or undefined when it is gone. */
  traceHead(id: number): Maybe<TraceHead | undefined>;
  /** Points [from, to) of a trace, exact, in order. */
  readSeq(id: number, from: number, to: number): Maybe<Columns>;
  /** An open window's info (undefined when closed or gone). */
  window(env: string, win: string): Maybe<WindowInfo | undefined>;
  /** The data a `window` message carries (each trace from 0, decimated as for a new viewer). */
  windowData(env: string, win: string): Maybe<TraceData[]>;
  envSummary(env: string): Maybe<EnvSummary | undefined>;
  /** The window as Visdom's `/win_data` returns it, as JSON text (the `pane_data` of pane events). */
  paneJson(env: string, info: WindowInfo): Maybe<string>;
}
