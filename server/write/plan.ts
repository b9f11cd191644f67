/**
 * A write plan: what one command changes, as data. Rules (series-rules.ts,
 * window-rules.ts) compute it from the state the store loaded, without touching a
 * database; a store applies it in one transaction (sqlite-apply.ts, pg-apply.ts);
 * Ingest then publishes what it announces. Adding a kind of write means adding an
 * op here, a rule, and its application in each store.
 */
import type { RunMetaPatch, WindowOpts, WindowType } from '../../protocol/index.js';
import type { NewWindow, TraceRow } from '../store/store.js';

/** Points to store: x (NaN = a break with no position), y (NaN = gap), and one time each or one for all. */
export interface PointsIn {
  x: Float64Array;
  y: Float64Array;
  t: Float64Array | number;
}

export type Op =
  /** Creates the env if missing and marks it active now. */
  | { op: 'touchEnv'; env: string }
  /** Creates a window, or resets the one with that id (its traces and items go, it keeps its place). */
  | { op: 'putWindow'; env: string; win: string; window: NewWindow }
  | { op: 'addTrace'; env: string; win: string; pos: number; name: string; props: Record<string, unknown>; points: PointsIn }
  /** `name` is the trace's, for the append message. */
  | { op: 'append'; trace: number; name: string; points: PointsIn }
  | { op: 'deleteTrace'; trace: number }
  | { op: 'renameTrace'; trace: number; name: string }
  | { op: 'setTraceProps'; trace: number; props: Record<string, unknown> }
  | { op: 'setOpts'; env: string; win: string; opts: WindowOpts }
  | { op: 'setContent'; env: string; win: string; content: unknown }
  /** Bumps the window's version and activity time after its points changed. */
  | { op: 'touchWindow'; env: string; win: string }
  | { op: 'appendItem'; env: string; win: string; item: unknown }
  | { op: 'closeWindow'; env: string; win: string }
  | { op: 'reopenWindow'; env: string; win: string }
  | { op: 'deleteEnv'; env: string }
  /** Moves everything of `from` to the new env `to`. */
  | { op: 'renameEnv'; from: string; to: string }
  /** Copies `from` (windows, traces, points, items, history, run metadata) into the new env `to`. */
  | { op: 'copyEnv'; from: string; to: string }
  /** Replaces the run metadata fields the patch gives. */
  | { op: 'setRunMeta'; env: string; patch: RunMetaPatch };

/** What viewers are told once the plan has committed. */
export type Announce =
  /** The window as committed; with its data when its traces were created or replaced. */
  | { kind: 'window'; env: string; win: string; data: boolean }
  /** New points: the `append` ops at these indexes of `ops`. */
  | { kind: 'append'; env: string; win: string; ops: number[] }
  | { kind: 'close'; env: string; win: string }
  | { kind: 'envDeleted'; env: string };

export interface WritePlan {
  ops: Op[];
  announce: Announce[];
  /** Envs whose entry in the env list changed. */
  envs: string[];
  /** Announce the env list at once (an env created or removed) rather than with the next activity tick. */
  envsNow: boolean;
  /** A list window's item was appended: its window message is built only when someone watches. */
  onlyIfWatched?: boolean;
}

/** What a rule needs to see, loaded by the store inside the write's transaction (rows locked on Postgres). */
export interface StateRequest {
  /** The write's time (ms since the epoch), from the server's clock: every op is stamped with it. */
  now: number;
  env: string;
  win?: string;
  /** The window's traces. */
  traces?: boolean;
  /** The first and last stored point of each trace (the prefix check of a re-sent history). */
  probes?: boolean;
  /** The ids of the env's open windows. */
  windowIds?: boolean;
  /** Other envs whose existence the rule checks. */
  envs?: string[];
}

/** A window as a rule sees it: open or closed, without traces. */
export interface WindowHead {
  type: WindowType;
  opts: WindowOpts;
  content: unknown;
  closed: boolean;
}

/** A stored point: x and y NaN where null. */
export interface Probe {
  x: number;
  y: number;
}

export interface WriteState {
  now: number;
  envExists: boolean;
  /** Existence of each env named in `StateRequest.envs`. */
  envs: Record<string, boolean>;
  window?: WindowHead;
  traces: TraceRow[];
  /** By trace id: its first and last stored points (only traces with points). */
  probes: Map<number, { first: Probe; last: Probe }>;
  windowIds: string[];
}

/** A rule: the plan for a command, given the state. Pure; throws a coded error to refuse. */
export type Rule = (state: WriteState) => WritePlan;

export interface Applied {
  plan: WritePlan;
  /** By op index: the seq of the first point an `append` op stored. */
  starts: number[];
  /** By op index: the id an `addTrace` op created. */
  traceIds: number[];
}

export function emptyPlan(): WritePlan {
  return { ops: [], announce: [], envs: [], envsNow: false };
}
