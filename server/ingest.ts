/**
 * The single write path. Every mutation (native API, Visdom endpoints, UI actions)
 * comes here as a typed command: it is applied to the store in one transaction,
 * and only after that commits are the resulting messages published to the hub.
 */
import { randomBytes } from 'node:crypto';
import type { ServerMessage, WindowOpts, WindowType } from '../protocol/index.js';
import { Clock } from './clock.js';
import { UnknownEnvError, UnknownTraceError, UnknownWindowError, ShapeError, WrongWindowTypeError } from './errors.js';
import { ENVS_TOPIC, type Hub } from './hub.js';
import type { TraceInput } from './line.js';
import type { Store, TraceRow } from './store/store.js';
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
}

/** Envs whose activity changed are announced at most this often. */
const ACTIVITY_BROADCAST_MS = 1000;

export function newWindowId(): string {
  return `window_${randomBytes(7).toString('hex')}`;
}

export class Ingest {
  private readonly clock = new Clock();
  private activityTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly hub: Hub,
  ) {}

  /** Line and scatter windows: create, append, replace, remove a trace, or change opts. */
  series(cmd: SeriesCommand): { win: string } {
    const win = cmd.win ?? newWindowId();
    const messages: ServerMessage[] = [];
    const created = this.store.transaction(() => {
      const now = this.clock.now();
      const envCreated = this.store.touchEnv(cmd.env, now);
      const existing = this.store.window(cmd.env, win);
      if (cmd.mode === 'create' || (cmd.mode === 'append' && !existing)) {
        this.store.putWindow(cmd.env, win, { type: cmd.type, opts: cmd.opts ?? {}, content: cmd.content }, now);
        cmd.traces.forEach((input, pos) => this.writeTrace(cmd.env, win, pos, input, now));
        messages.push(this.windowMessage(cmd.env, win, true));
        return envCreated;
      }
      if (!existing) throw new UnknownWindowError(win, cmd.env);
      if (!SERIES_TYPES.includes(existing.type)) {
        throw new WrongWindowTypeError(`window ${win} is a ${existing.type} window; ${cmd.mode} works on line and scatter windows`);
      }
      const traces = this.store.traces(cmd.env, win);
      if (cmd.opts && this.applyOpts(cmd.env, win, existing.opts, cmd.opts, traces, now)) {
        messages.push(this.windowMessage(cmd.env, win, false));
      }
      if (cmd.mode === 'opts') return envCreated;
      const targets = cmd.name === undefined ? traces : traces.filter((t) => t.name === cmd.name);
      if (cmd.mode === 'remove') {
        if (cmd.name === undefined) throw new ShapeError('remove needs the name of the trace to delete');
        if (targets.length === 0) throw new UnknownTraceError(win, cmd.name);
        for (const t of targets) this.store.deleteTrace(t.id);
        messages.push(this.windowMessage(cmd.env, win, false));
        return envCreated;
      }
      if (targets.length === 0) {
        // An append naming an unknown trace, or to a window with no traces, adds traces.
        if (cmd.mode === 'replace' && cmd.name !== undefined) throw new UnknownTraceError(win, cmd.name);
        const inputs = cmd.name === undefined ? cmd.traces : cmd.traces.slice(0, 1).map((t) => ({ ...t, name: cmd.name! }));
        const pos = traces.reduce((m, t) => Math.max(m, t.pos + 1), 0);
        inputs.forEach((input, i) => this.writeTrace(cmd.env, win, pos + i, input, now));
        this.store.touchWindow(cmd.env, win, now);
        messages.push(this.windowMessage(cmd.env, win, true));
        return envCreated;
      }
      if (cmd.traces.length < targets.length || (cmd.traces.length > targets.length && cmd.extraTraces !== 'ignore')) {
        throw new ShapeError(
          `window ${win} has ${targets.length} trace${targets.length === 1 ? '' : 's'}${cmd.name === undefined ? '' : ` named ${cmd.name}`} ` +
            `but the request sends ${cmd.traces.length}; send one column per trace, or name one trace with "name"`,
        );
      }
      if (cmd.mode === 'replace') {
        targets.forEach((t, i) => {
          this.store.deleteTrace(t.id);
          this.writeTrace(cmd.env, win, t.pos, { ...cmd.traces[i]!, name: t.name, props: JSON.parse(t.props) }, now);
        });
        this.store.touchWindow(cmd.env, win, now);
        messages.push(this.windowMessage(cmd.env, win, true));
        return envCreated;
      }
      const appended = targets.map((t, i) => this.appendPoints(t, cmd.traces[i]!, now));
      this.store.touchWindow(cmd.env, win, now);
      messages.push({ type: 'append', env: cmd.env, win, traces: appended });
      return envCreated;
    });
    this.announce(cmd.env, created, messages);
    return { win };
  }

  /** Creates or replaces a window that holds content, not series (text, image, bar, heatmap, properties, ...). */
  putContentWindow(env: string, win: string, type: WindowType, opts: WindowOpts, content: unknown): void {
    const messages: ServerMessage[] = [];
    const created = this.store.transaction(() => {
      const now = this.clock.now();
      const envCreated = this.store.touchEnv(env, now);
      this.store.putWindow(env, win, { type, opts, content }, now);
      messages.push(this.windowMessage(env, win, true));
      return envCreated;
    });
    this.announce(env, created, messages);
  }

  /** Creates an empty env (Visdom's POST /env/:env). */
  createEnv(env: string): void {
    const created = this.store.transaction(() => this.store.touchEnv(env, this.clock.now()));
    this.announce(env, created, []);
  }

  closeWindow(env: string, win: string): void {
    const found = this.store.transaction(() => this.store.deleteWindow(env, win));
    if (!found) throw new UnknownWindowError(win, env);
    this.announce(env, false, [{ type: 'close', env, win }]);
  }

  deleteEnv(env: string): void {
    const found = this.store.transaction(() => this.store.deleteEnv(env));
    if (!found) throw new UnknownEnvError(env);
    this.hub.publish(env, { type: 'env_deleted', env });
    this.broadcastEnvs();
  }

  close(): void {
    if (this.activityTimer) clearTimeout(this.activityTimer);
    this.activityTimer = null;
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

  private writeTrace(env: string, win: string, pos: number, input: TraceInput, now: number): void {
    this.appendPoints(this.store.addTrace(env, win, pos, input.name, input.props ?? {}), input, now);
  }

  private appendPoints(trace: TraceRow, input: TraceInput, now: number) {
    const x = input.x ?? Float64Array.from(input.y, (_, i) => trace.n + i);
    const start = this.store.series.append(trace, x, input.y, now);
    const y = Array.from(input.y, (v) => (Number.isNaN(v) ? null : v));
    return { id: trace.id, name: trace.name, start, x: Array.from(x), y, t: new Array<number>(x.length).fill(now) };
  }

  private windowMessage(env: string, win: string, withData: boolean): ServerMessage {
    const info = this.store.window(env, win)!;
    return { type: 'window', env, window: withData ? { ...info, data: windowData(this.store, env, win) } : info };
  }

  private announce(env: string, envCreated: boolean, messages: ServerMessage[]): void {
    for (const m of messages) this.hub.publish(env, m);
    if (envCreated) this.broadcastEnvs();
    else this.activityTimer ??= setTimeout(() => this.broadcastEnvs(), ACTIVITY_BROADCAST_MS);
  }

  private broadcastEnvs(): void {
    if (this.activityTimer) clearTimeout(this.activityTimer);
    this.activityTimer = null;
    if (this.hub.subscriberCount(ENVS_TOPIC) > 0) this.hub.publish(ENVS_TOPIC, { type: 'envs', envs: this.store.listEnvs() });
  }
}

/** Non-null keys of `update` overwrite those of `base`. */
export function mergeOpts(base: WindowOpts, update: WindowOpts): WindowOpts {
  const out: WindowOpts = { ...base };
  for (const [k, v] of Object.entries(update)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}
