/**
 * The single write path. Every mutation (native API, Visdom endpoints, UI actions)
 * comes here as a typed command: it is applied to the store in one transaction,
 * and only after that commits are the resulting messages published to the hub.
 */
import { randomBytes } from 'node:crypto';
import type { EnvSummary, RunMetaPatch, ServerMessage, WindowInfo, WindowOpts, WindowType } from '../protocol/index.js';
import { Clock } from './clock.js';
import { ClosedWindowNotFoundError, EnvExistsError, UnknownEnvError, UnknownTraceError, UnknownWindowError, ShapeError, WrongWindowTypeError } from './errors.js';
import { CLOSE_TOPIC, ENVS_TOPIC, type Hub } from './hub.js';
import type { TraceInput } from './line.js';
import { ITEM_TYPES, type Store, type TraceRow } from './store/store.js';
import { windowData } from './views.js';

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

/** A window that holds content rather than series: text, image, image_history, bar, heatmap, properties, plotly. */
export interface ContentWindowCommand {
  env: string;
  win?: string;
  type: WindowType;
  opts: WindowOpts;
  content?: unknown;
  /** image_history: the images, in order. */
  items?: unknown[];
}

/** A change to an existing window's content and/or opts (opts replace the stored ones). */
export interface WindowChange {
  content?: unknown;
  opts?: WindowOpts;
}

/** Envs whose activity changed are announced at most this often. */
const ACTIVITY_BROADCAST_MS = 1000;

export function newWindowId(): string {
  return `window_${randomBytes(7).toString('hex')}`;
}

/** What a batch holds back until its transaction commits. */
interface Held {
  messages: { topic: string; msg: ServerMessage }[];
  envs: boolean;
}

export class Ingest {
  private readonly clock = new Clock();
  private activityTimer: NodeJS.Timeout | null = null;
  /** Set while a batch runs: messages wait here for its commit. */
  private held: Held | null = null;
  /** Envs created, changed or removed since the env list was last announced. */
  private readonly envsTouched = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly hub: Hub,
  ) {}

  /**
   * Runs several writes in one transaction and publishes their messages only once it
   * commits: if it rolls back, nothing is published. Batches nest (the outer one publishes).
   */
  batch<T>(fn: () => T): T {
    if (this.held) {
      const held = this.held;
      const mark = held.messages.length;
      try {
        return this.store.transaction(fn);
      } catch (e) {
        held.messages.length = mark;
        throw e;
      }
    }
    const held: Held = (this.held = { messages: [], envs: false });
    let out: T;
    try {
      out = this.store.transaction(fn);
    } finally {
      this.held = null;
    }
    for (const { topic, msg } of held.messages) this.hub.publish(topic, msg);
    if (held.envs) this.broadcastEnvs();
    return out;
  }

  /** Line and scatter windows: create, append, replace, remove a trace, or change opts. */
  series(cmd: SeriesCommand): { win: string } {
    const win = cmd.win ?? newWindowId();
    const messages: ServerMessage[] = [];
    const created = this.store.transaction(() => {
      const now = this.clock.now();
      const envCreated = this.store.touchEnv(cmd.env, now);
      messages.push(...this.applySeries(cmd, win, now));
      return envCreated;
    });
    this.announce(cmd.env, created, messages);
    return { win };
  }

  /** The body of `series`, inside its transaction: returns the messages to publish once it commits. */
  private applySeries(cmd: SeriesCommand, win: string, now: number): ServerMessage[] {
    const existing = this.store.window(cmd.env, win, { traces: false, items: false });
    if (cmd.mode === 'create' && cmd.extendIfPrefix && existing && SERIES_TYPES.includes(existing.type)) {
      const extended = this.extend(cmd, win, existing, now);
      if (extended) return extended;
    }
    if (cmd.mode === 'create' || (cmd.mode === 'append' && !existing)) {
      this.store.putWindow(cmd.env, win, { type: cmd.type, opts: cmd.opts ?? {}, content: cmd.content }, now);
      cmd.traces.forEach((input, pos) => this.writeTrace(cmd.env, win, pos, input, now));
      return [this.windowMessage(cmd.env, win, true)];
    }
    if (!existing) throw new UnknownWindowError(win, cmd.env);
    if (!SERIES_TYPES.includes(existing.type)) {
      throw new WrongWindowTypeError(`window ${win} is a ${existing.type} window; ${cmd.mode} works on line and scatter windows`);
    }
    const messages: ServerMessage[] = [];
    const traces = this.store.traces(cmd.env, win);
    const optsChanged = cmd.opts !== undefined && this.applyOpts(cmd.env, win, existing.opts, cmd.opts, traces, now);
    const contentChanged = cmd.content !== undefined && JSON.stringify(cmd.content) !== JSON.stringify(existing.content);
    if (contentChanged) this.store.setContent(cmd.env, win, cmd.content, now);
    if (optsChanged || contentChanged) messages.push(this.windowMessage(cmd.env, win, false));
    if (cmd.mode === 'opts') return messages;

    const targets = cmd.name === undefined ? traces : traces.filter((t) => t.name === cmd.name);
    if (cmd.mode === 'remove') {
      if (cmd.name === undefined) throw new ShapeError('remove needs the name of the trace to delete');
      if (targets.length === 0) throw new UnknownTraceError(win, cmd.name);
      for (const t of targets) this.store.deleteTrace(t.id);
      return [...messages, this.windowMessage(cmd.env, win, false)];
    }
    if (targets.length === 0) {
      // An append naming an unknown trace, or to a window with no traces, adds traces.
      if (cmd.mode === 'replace' && cmd.name !== undefined) throw new UnknownTraceError(win, cmd.name);
      this.addTraces(cmd, win, traces, now);
      return [...messages, this.windowMessage(cmd.env, win, true)];
    }
    if (cmd.traces.length < targets.length || (cmd.traces.length > targets.length && cmd.extraTraces !== 'ignore')) {
      throw new ShapeError(
        `window ${win} has ${targets.length} trace${targets.length === 1 ? '' : 's'}${cmd.name === undefined ? '' : ` named ${cmd.name}`} ` +
          `but the request sends ${cmd.traces.length}; send one column per trace, or name one trace with "name"`,
      );
    }
    if (cmd.mode === 'replace') {
      this.replaceTraces(cmd, win, targets, now);
      return [...messages, this.windowMessage(cmd.env, win, true)];
    }
    return [...messages, ...this.appendToTraces(cmd, win, targets, now)];
  }

  /** New traces after the existing ones (named `cmd.name` when given). */
  private addTraces(cmd: SeriesCommand, win: string, existing: TraceRow[], now: number): void {
    const inputs = cmd.name === undefined ? cmd.traces : cmd.traces.slice(0, 1).map((t) => ({ ...t, name: cmd.name! }));
    const pos = existing.reduce((m, t) => Math.max(m, t.pos + 1), 0);
    inputs.forEach((input, i) => this.writeTrace(cmd.env, win, pos + i, input, now));
    this.store.touchWindow(cmd.env, win, now);
  }

  /** Each target trace gets the matching input's points (and props, when the input sets them), under a new trace id. */
  private replaceTraces(cmd: SeriesCommand, win: string, targets: TraceRow[], now: number): void {
    targets.forEach((t, i) => {
      this.store.deleteTrace(t.id);
      const input = cmd.traces[i]!;
      this.writeTrace(cmd.env, win, t.pos, { ...input, name: t.name, props: input.setProps ? input.props : JSON.parse(t.props) }, now);
    });
    this.store.touchWindow(cmd.env, win, now);
  }

  /** Appends each input to its target trace; one `append` message (after a `window` message if trace props changed). */
  private appendToTraces(cmd: SeriesCommand, win: string, targets: TraceRow[], now: number): ServerMessage[] {
    const appended = targets.map((t, i) => this.appendPoints(t, cmd.traces[i]!, now));
    this.store.touchWindow(cmd.env, win, now);
    let propsChanged = false;
    targets.forEach((t, i) => {
      const input = cmd.traces[i]!;
      if (!input.setProps || !input.props) return;
      this.store.setTraceProps(t, input.props);
      propsChanged = true;
    });
    const append: ServerMessage = { type: 'append', env: cmd.env, win, traces: appended };
    return propsChanged ? [this.windowMessage(cmd.env, win, false), append] : [append];
  }

  /** Creates a content window, or replaces the window with that id in place (keeping its position). */
  window(cmd: ContentWindowCommand): { win: string } {
    const win = cmd.win ?? newWindowId();
    const created = this.store.transaction(() => {
      const now = this.clock.now();
      const envCreated = this.store.touchEnv(cmd.env, now);
      this.store.putWindow(cmd.env, win, { type: cmd.type, opts: cmd.opts, content: cmd.content, items: cmd.items }, now);
      return envCreated;
    });
    this.announce(cmd.env, created, [this.windowMessage(cmd.env, win, false)]);
    return { win };
  }

  /** Replaces the content and/or opts of an existing content window. */
  updateWindow(env: string, win: string, change: WindowChange): void {
    this.store.transaction(() => {
      const now = this.clock.now();
      if (!this.store.hasWindow(env, win)) throw new UnknownWindowError(win, env);
      this.store.touchEnv(env, now);
      if (change.opts !== undefined) this.store.setOpts(env, win, change.opts, now);
      if (change.content !== undefined) this.store.setContent(env, win, change.content, now);
    });
    this.announce(env, false, [this.windowMessage(env, win, false)]);
  }

  /** Keeps one more item in a list window (image_history): O(1) whatever the list length. */
  appendItem(env: string, win: string, item: unknown): void {
    this.store.transaction(() => {
      const now = this.clock.now();
      const w = this.store.window(env, win, { items: false });
      if (!w) throw new UnknownWindowError(win, env);
      if (!ITEM_TYPES.includes(w.type)) throw new WrongWindowTypeError(`window ${win} is a ${w.type} window; only image_history windows keep a list of items`);
      this.store.touchEnv(env, now);
      this.store.appendItem(env, win, item, now);
    });
    // The window message carries the whole list: built only when someone is listening.
    this.announce(env, false, this.hub.subscriberCount(env) > 0 ? [this.windowMessage(env, win, false)] : []);
  }

  /** Copies env `from` into `to` (replacing `to` if it exists); points are copied row by row in SQL. */
  forkEnv(from: string, to: string): void {
    if (from === to) {
      if (!this.store.envExists(from)) throw new UnknownEnvError(from);
      return;
    }
    const replaced = this.store.transaction(() => {
      if (!this.store.envExists(from)) throw new UnknownEnvError(from);
      const existed = this.store.deleteEnv(to);
      this.store.copyEnv(from, to, this.clock.now());
      return existed;
    });
    // Viewers of a replaced env drop what they hold; they see the copy when they subscribe again.
    if (replaced) this.publish(to, { type: 'env_deleted', env: to });
    this.envsTouched.add(to);
    this.broadcastEnvs();
  }

  /**
   * Sets a run's config, tags, notes, colour or finished flag; every viewer of the env list
   * gets the new entry at once. A trainer declares its run this way before logging: a
   * missing env is created (editing an existing one does not count as activity).
   */
  setRunMeta(env: string, patch: RunMetaPatch): void {
    this.store.transaction(() => {
      const now = this.clock.now();
      if (!this.store.envExists(env)) this.store.touchEnv(env, now);
      this.store.runMeta.patch(env, patch, now);
    });
    this.envsTouched.add(env);
    this.broadcastEnvs();
  }

  /** Closes every window of an env. */
  closeAll(env: string): void {
    const wins = this.store.transaction(() => {
      if (!this.store.envExists(env)) throw new UnknownEnvError(env);
      const now = this.clock.now();
      const ids = this.store.windows(env).map((w) => w.id);
      for (const id of ids) this.store.closeWindow(env, id, now);
      return ids;
    });
    for (const win of wins) this.publishClose(env, win);
    this.announce(env, false, []);
  }

  /** Creates an empty env (Visdom's POST /env/:env). */
  createEnv(env: string): void {
    const created = this.store.transaction(() => this.store.touchEnv(env, this.clock.now()));
    this.announce(env, created, []);
  }

  /** Closes a window for every viewer. It is kept, closed: replay shows it until now, and `reopenWindow` undoes the close. */
  closeWindow(env: string, win: string): void {
    const found = this.store.transaction(() => this.store.closeWindow(env, win, this.clock.now()));
    if (!found) throw new UnknownWindowError(win, env);
    this.publishClose(env, win);
    this.announce(env, false, []);
  }

  /** Undoes a close: the window comes back, with its points, for every viewer. */
  reopenWindow(env: string, win: string): void {
    const found = this.store.transaction(() => this.store.reopenWindow(env, win, this.clock.now()));
    if (!found) throw new ClosedWindowNotFoundError(win, env);
    this.announce(env, false, [this.windowMessage(env, win, true)]);
  }

  private publishClose(env: string, win: string): void {
    const msg: ServerMessage = { type: 'close', env, win };
    this.publish(env, msg);
    this.publish(CLOSE_TOPIC, msg);
  }

  deleteEnv(env: string): void {
    const found = this.store.transaction(() => this.store.deleteEnv(env));
    if (!found) throw new UnknownEnvError(env);
    this.publish(env, { type: 'env_deleted', env });
    this.envsTouched.add(env);
    this.broadcastEnvs();
  }

  /** Renames an env with everything in it. Viewers of the old name are told it is gone. */
  renameEnv(from: string, to: string): void {
    this.store.transaction(() => {
      if (!this.store.envExists(from)) throw new UnknownEnvError(from);
      if (this.store.envExists(to)) throw new EnvExistsError(to);
      this.store.renameEnv(from, to, this.clock.now());
    });
    this.publish(from, { type: 'env_deleted', env: from });
    this.envsTouched.add(from).add(to);
    this.broadcastEnvs();
  }

  close(): void {
    if (this.activityTimer) clearTimeout(this.activityTimer);
    this.activityTimer = null;
  }

  /**
   * The re-send of a whole history (CycleGAN's visualizer does this on every call):
   * when every stored trace is a prefix of the sent one, appends only the suffixes.
   * Checks names, props, counts and the first and last stored points, not the history.
   * Returns the messages, or null when the re-send does not extend the window.
   */
  private extend(cmd: SeriesCommand, win: string, existing: WindowInfo, now: number): ServerMessage[] | null {
    const traces = this.store.traces(cmd.env, win);
    if (existing.type !== cmd.type || traces.length !== cmd.traces.length) return null;
    for (const [i, t] of traces.entries()) {
      const input = cmd.traces[i]!;
      if (t.name !== input.name || t.props !== JSON.stringify(input.props ?? {}) || input.y.length < t.n) return null;
      if (t.n > 0 && !(this.samePoint(t, 0, input) && this.samePoint(t, t.n - 1, input))) return null;
    }
    const messages: ServerMessage[] = [];
    const opts = cmd.opts ?? {};
    const optsChanged = JSON.stringify(opts) !== JSON.stringify(existing.opts);
    const contentChanged = cmd.content !== undefined && JSON.stringify(cmd.content) !== JSON.stringify(existing.content);
    if (optsChanged) this.store.setOpts(cmd.env, win, opts, now);
    if (contentChanged) this.store.setContent(cmd.env, win, cmd.content, now);
    if (optsChanged || contentChanged) messages.push(this.windowMessage(cmd.env, win, false));
    const appended = traces
      .map((t, i) => {
        const input = cmd.traces[i]!;
        const from = t.n;
        return { t, input: { ...input, x: input.x && input.x.subarray(from), y: input.y.subarray(from), t: input.t && input.t.subarray(from) } };
      })
      .filter(({ input }) => input.y.length > 0)
      .map(({ t, input }) => this.appendPoints(t, input, now));
    if (appended.length > 0) {
      this.store.touchWindow(cmd.env, win, now);
      messages.push({ type: 'append', env: cmd.env, win, traces: appended });
    }
    return messages;
  }

  /** Whether stored point `seq` of trace `t` equals point `seq` of the input (a gap equals a gap, a null x a NaN x). */
  private samePoint(t: TraceRow, seq: number, input: TraceInput): boolean {
    const p = this.store.series.readSeq(t.id, seq, seq + 1);
    const x = input.x ? input.x[seq]! : seq;
    const y = input.y[seq]!;
    return (p.x[0] === null ? Number.isNaN(x) : p.x[0] === x) && (p.y[0] === null ? Number.isNaN(y) : p.y[0] === y);
  }

  /** Merges opts and renames traces by `legend`; returns whether anything changed. Visdom clients resend the same opts on every append. */
  private applyOpts(env: string, win: string, base: WindowOpts, update: WindowOpts, traces: TraceRow[], now: number): boolean {
    const merged = mergeOpts(base, update);
    let changed = JSON.stringify(merged) !== JSON.stringify(base);
    if (changed) this.store.setOpts(env, win, merged, now);
    update.legend?.forEach((name, i) => {
      const t = traces[i];
      if (t && t.name !== name) {
        this.store.renameTrace(t, name);
        changed = true;
      }
    });
    return changed;
  }

  /** A new trace with its points. No append message: the window message that follows carries the data. */
  private writeTrace(env: string, win: string, pos: number, input: TraceInput, now: number): void {
    const trace = this.store.addTrace(env, win, pos, input.name, input.props ?? {});
    this.store.series.append(trace, input.x ?? Float64Array.from(input.y, (_, i) => i), input.y, input.t ?? now);
  }

  private appendPoints(trace: TraceRow, input: TraceInput, now: number) {
    // Plain loops: this runs for every point written.
    const n = input.y.length;
    const xs = input.x ?? Float64Array.from(input.y, (_, i) => trace.n + i);
    const x = new Array<number | null>(n);
    const y = new Array<number | null>(n);
    for (let i = 0; i < n; i++) {
      const u = xs[i]!;
      x[i] = Number.isNaN(u) ? null : u;
      const v = input.y[i]!;
      y[i] = Number.isNaN(v) ? null : v;
    }
    const t = input.t ? Array.from(input.t) : new Array<number>(n).fill(now);
    const start = this.store.series.append(trace, xs, input.y, t);
    return { id: trace.id, name: trace.name, start, x, y, t };
  }

  private windowMessage(env: string, win: string, withData: boolean): ServerMessage {
    const info = this.store.window(env, win)!;
    return { type: 'window', env, window: withData ? { ...info, data: windowData(this.store, env, win) } : info };
  }

  private announce(env: string, envCreated: boolean, messages: ServerMessage[]): void {
    for (const m of messages) this.publish(env, m);
    this.envsTouched.add(env);
    if (envCreated) this.broadcastEnvs();
    else this.activityTimer ??= setTimeout(() => this.broadcastEnvs(), ACTIVITY_BROADCAST_MS);
  }

  /** Publishes now, or once the running batch commits. */
  private publish(topic: string, msg: ServerMessage): void {
    if (this.held) this.held.messages.push({ topic, msg });
    else this.hub.publish(topic, msg);
  }

  private broadcastEnvs(): void {
    if (this.held) {
      this.held.envs = true;
      return;
    }
    if (this.activityTimer) clearTimeout(this.activityTimer);
    this.activityTimer = null;
    // Only the envs that changed, read as committed: 10k envs cost one entry per new env, not the whole list.
    const touched = [...this.envsTouched];
    this.envsTouched.clear();
    if (touched.length === 0 || this.hub.subscriberCount(ENVS_TOPIC) === 0) return;
    const changed: EnvSummary[] = [];
    const removed: string[] = [];
    for (const env of touched) {
      const summary = this.store.envSummary(env);
      if (summary) changed.push(summary);
      else removed.push(env);
    }
    this.publish(ENVS_TOPIC, { type: 'envs_delta', changed, removed });
  }
}

/** Non-null keys of `update` overwrite those of `base`. */
export function mergeOpts(base: WindowOpts, update: WindowOpts): WindowOpts {
  const out: WindowOpts = { ...base };
  for (const [k, v] of Object.entries(update)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}
