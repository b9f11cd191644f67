/**
 * Rules of line and scatter windows: create, append, replace, remove a trace, change
 * opts, and the re-send of a whole history that only extends it. Pure: each returns
 * the plan for a command given the state the store loaded.
 */
import type { WindowOpts, WindowType } from '../../protocol/index.js';
import { ShapeError, UnknownTraceError, UnknownWindowError, WrongWindowTypeError } from '../errors.js';
import type { TraceInput } from '../line.js';
import type { TraceRow } from '../store/store.js';
import { emptyPlan, type Op, type PointsIn, type Probe, type StateRequest, type WindowHead, type WritePlan, type WriteState } from './plan.js';

export type SeriesMode = 'create' | 'append' | 'replace' | 'remove' | 'opts';
export const SERIES_TYPES: readonly WindowType[] = ['line', 'scatter'];

export interface SeriesCommand {
  env: string;
  /** Missing: a new id is generated (create and append only). */
  win?: string;
  mode: SeriesMode;
  type: 'line' | 'scatter';
  traces: TraceInput[];
  /** Target the traces with this name (append adds a trace when none has it). */
  name?: string;
  /** Replaces the window's opts on create, is merged (non-null keys) otherwise. `legend` renames traces by position. */
  opts?: WindowOpts;
  /** Non-series payload kept with the window (e.g. a Visdom layout). */
  content?: unknown;
  /** What to do when an append or replace sends more traces than it targets: reject (native API) or ignore (Visdom). */
  extraTraces?: 'reject' | 'ignore';
  /**
   * Create only: when the window exists with the same trace names and props, and each
   * stored trace is a prefix of the one sent (same count-th and first points), append
   * just the new suffix instead of rewriting the window. Cost O(new points).
   */
  extendIfPrefix?: boolean;
}

/** What `planSeries` needs loaded. */
export function seriesState(cmd: SeriesCommand, win: string, now: number): StateRequest {
  return { now, env: cmd.env, win, traces: cmd.mode !== 'create' || cmd.extendIfPrefix === true, probes: cmd.extendIfPrefix === true };
}

/** The plan of a series command on window `win`. */
export function planSeries(cmd: SeriesCommand, win: string, s: WriteState): WritePlan {
  const plan = emptyPlan();
  plan.ops.push({ op: 'touchEnv', env: cmd.env });
  plan.envs.push(cmd.env);
  plan.envsNow = !s.envExists;
  const existing = s.window && !s.window.closed ? s.window : undefined;
  if (cmd.mode === 'create' && cmd.extendIfPrefix && existing && SERIES_TYPES.includes(existing.type)) {
    if (extend(plan, cmd, win, existing, s)) return plan;
  }
  if (cmd.mode === 'create' || (cmd.mode === 'append' && !existing)) {
    plan.ops.push({ op: 'putWindow', env: cmd.env, win, window: { type: cmd.type, opts: cmd.opts ?? {}, content: cmd.content } });
    cmd.traces.forEach((input, pos) => plan.ops.push(newTrace(cmd.env, win, pos, input, s.now)));
    plan.announce.push({ kind: 'window', env: cmd.env, win, data: true });
    return plan;
  }
  if (!existing) throw new UnknownWindowError(win, cmd.env);
  if (!SERIES_TYPES.includes(existing.type)) {
    throw new WrongWindowTypeError(`window ${win} is a ${existing.type} window; ${cmd.mode} works on line and scatter windows`);
  }
  // Copies: a legend may rename traces, and the targets are chosen by their new names.
  const traces = s.traces.map((t) => ({ ...t }));
  const optsChanged = cmd.opts !== undefined && planOpts(plan, cmd.env, win, existing.opts, cmd.opts, traces);
  const contentChanged = cmd.content !== undefined && JSON.stringify(cmd.content) !== JSON.stringify(existing.content);
  if (contentChanged) plan.ops.push({ op: 'setContent', env: cmd.env, win, content: cmd.content });
  if (optsChanged || contentChanged) plan.announce.push({ kind: 'window', env: cmd.env, win, data: false });
  if (cmd.mode === 'opts') return plan;

  const targets = cmd.name === undefined ? traces : traces.filter((t) => t.name === cmd.name);
  if (cmd.mode === 'remove') {
    if (cmd.name === undefined) throw new ShapeError('remove needs the name of the trace to delete');
    if (targets.length === 0) throw new UnknownTraceError(win, cmd.name);
    for (const t of targets) plan.ops.push({ op: 'deleteTrace', trace: t.id });
    plan.announce.push({ kind: 'window', env: cmd.env, win, data: false });
    return plan;
  }
  if (targets.length === 0) {
    // An append naming an unknown trace, or to a window with no traces, adds traces.
    if (cmd.mode === 'replace' && cmd.name !== undefined) throw new UnknownTraceError(win, cmd.name);
    const inputs = cmd.name === undefined ? cmd.traces : cmd.traces.slice(0, 1).map((t) => ({ ...t, name: cmd.name! }));
    const pos = traces.reduce((m, t) => Math.max(m, t.pos + 1), 0);
    inputs.forEach((input, i) => plan.ops.push(newTrace(cmd.env, win, pos + i, input, s.now)));
    plan.ops.push({ op: 'touchWindow', env: cmd.env, win });
    plan.announce.push({ kind: 'window', env: cmd.env, win, data: true });
    return plan;
  }
  if (cmd.traces.length < targets.length || (cmd.traces.length > targets.length && cmd.extraTraces !== 'ignore')) {
    throw new ShapeError(
      `window ${win} has ${targets.length} trace${targets.length === 1 ? '' : 's'}${cmd.name === undefined ? '' : ` named ${cmd.name}`} ` +
        `but the request sends ${cmd.traces.length}; send one column per trace, or name one trace with "name"`,
    );
  }
  if (cmd.mode === 'replace') {
    // Each target gets the matching input's points (and props, when the input sets them), under a new trace id.
    targets.forEach((t, i) => {
      const input = cmd.traces[i]!;
      plan.ops.push({ op: 'deleteTrace', trace: t.id });
      plan.ops.push(newTrace(cmd.env, win, t.pos, { ...input, name: t.name, props: input.setProps ? input.props : JSON.parse(t.props) }, s.now));
    });
    plan.ops.push({ op: 'touchWindow', env: cmd.env, win });
    plan.announce.push({ kind: 'window', env: cmd.env, win, data: true });
    return plan;
  }
  const appends = targets.map((t, i) => pushAppend(plan, t, cmd.traces[i]!, s.now));
  plan.ops.push({ op: 'touchWindow', env: cmd.env, win });
  let propsChanged = false;
  targets.forEach((t, i) => {
    const input = cmd.traces[i]!;
    if (!input.setProps || !input.props) return;
    plan.ops.push({ op: 'setTraceProps', trace: t.id, props: input.props });
    propsChanged = true;
  });
  if (propsChanged) plan.announce.push({ kind: 'window', env: cmd.env, win, data: false });
  plan.announce.push({ kind: 'append', env: cmd.env, win, ops: appends });
  return plan;
}

/**
 * The re-send of a whole history (CycleGAN's visualizer does this on every call):
 * when every stored trace is a prefix of the sent one, appends only the suffixes.
 * Checks names, props, counts and the first and last stored points, not the history.
 * False (plan untouched) when the re-send does not extend the window.
 */
function extend(plan: WritePlan, cmd: SeriesCommand, win: string, existing: WindowHead, s: WriteState): boolean {
  const traces = s.traces;
  if (existing.type !== cmd.type || traces.length !== cmd.traces.length) return false;
  for (const [i, t] of traces.entries()) {
    const input = cmd.traces[i]!;
    if (t.name !== input.name || t.props !== JSON.stringify(input.props ?? {}) || input.y.length < t.n) return false;
    const p = s.probes.get(t.id);
    if (t.n > 0 && !(p && samePoint(p.first, 0, input) && samePoint(p.last, t.n - 1, input))) return false;
  }
  const opts = cmd.opts ?? {};
  const optsChanged = JSON.stringify(opts) !== JSON.stringify(existing.opts);
  const contentChanged = cmd.content !== undefined && JSON.stringify(cmd.content) !== JSON.stringify(existing.content);
  if (optsChanged) plan.ops.push({ op: 'setOpts', env: cmd.env, win, opts });
  if (contentChanged) plan.ops.push({ op: 'setContent', env: cmd.env, win, content: cmd.content });
  if (optsChanged || contentChanged) plan.announce.push({ kind: 'window', env: cmd.env, win, data: false });
  const appends: number[] = [];
  traces.forEach((t, i) => {
    const input = cmd.traces[i]!;
    const from = t.n;
    if (input.y.length === from) return;
    appends.push(pushAppend(plan, t, { ...input, x: input.x && input.x.subarray(from), y: input.y.subarray(from), t: input.t && input.t.subarray(from) }, s.now));
  });
  if (appends.length > 0) {
    plan.ops.push({ op: 'touchWindow', env: cmd.env, win });
    plan.announce.push({ kind: 'append', env: cmd.env, win, ops: appends });
  }
  return true;
}

/** Whether stored point `p` (number `seq` of its trace) equals point `seq` of the input (a gap equals a gap, a null x a NaN x). */
function samePoint(p: Probe, seq: number, input: TraceInput): boolean {
  const x = input.x ? input.x[seq]! : seq;
  const y = input.y[seq]!;
  return (Number.isNaN(p.x) ? Number.isNaN(x) : p.x === x) && (Number.isNaN(p.y) ? Number.isNaN(y) : p.y === y);
}

/** Merges opts and renames traces by `legend` (in `traces` too); returns whether anything changed. Visdom clients resend the same opts on every append. */
function planOpts(plan: WritePlan, env: string, win: string, base: WindowOpts, update: WindowOpts, traces: TraceRow[]): boolean {
  const merged = mergeOpts(base, update);
  let changed = JSON.stringify(merged) !== JSON.stringify(base);
  if (changed) plan.ops.push({ op: 'setOpts', env, win, opts: merged });
  update.legend?.forEach((name, i) => {
    const t = traces[i];
    if (t && t.name !== name) {
      plan.ops.push({ op: 'renameTrace', trace: t.id, name });
      t.name = name;
      changed = true;
    }
  });
  return changed;
}

/** A new trace with its points. No append message: the window message that follows carries the data. */
function newTrace(env: string, win: string, pos: number, input: TraceInput, now: number): Op {
  const points: PointsIn = { x: input.x ?? Float64Array.from(input.y, (_, i) => i), y: input.y, t: input.t ?? now };
  return { op: 'addTrace', env, win, pos, name: input.name, props: input.props ?? {}, points };
}

/** Adds an append op continuing trace `t`; returns its index. */
function pushAppend(plan: WritePlan, t: TraceRow, input: TraceInput, now: number): number {
  const x = input.x ?? Float64Array.from(input.y, (_, i) => t.n + i);
  plan.ops.push({ op: 'append', trace: t.id, name: t.name, points: { x, y: input.y, t: input.t ?? now } });
  return plan.ops.length - 1;
}

/** Non-null keys of `update` overwrite those of `base`. */
export function mergeOpts(base: WindowOpts, update: WindowOpts): WindowOpts {
  const out: WindowOpts = { ...base };
  for (const [k, v] of Object.entries(update)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}
