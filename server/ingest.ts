/**
 * The single write path. Every mutation (native API, Visdom endpoints, UI actions)
 * comes here as a typed command and flows one way: a pure rule (server/write/)
 * plans it from the state the store loads, the store applies the plan in one
 * transaction, and only after that commits are the resulting messages published
 * to the hub.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { EnvSummary, RunMetaPatch, ServerMessage } from '../protocol/index.js';
import { Clock } from './clock.js';
import { CLOSE_TOPIC, ENVS_TOPIC, type Hub } from './hub.js';
import type { Store } from './store/store.js';
import { windowSnapshot } from './views.js';
import type { Applied, Rule, StateRequest } from './write/plan.js';
import { planSeries, seriesState, type SeriesCommand } from './write/series-rules.js';
import { planRunMeta } from './write/run-meta-rules.js';
import {
  planAppendItem, planCloseAll, planCloseWindow, planCreateEnv, planDeleteEnv, planForkEnv, planRenameEnv, planReopenWindow,
  planUpdateWindow, planWindow, type ContentWindowCommand, type WindowChange,
} from './write/window-rules.js';

export { mergeOpts, SERIES_TYPES, type SeriesCommand, type SeriesMode } from './write/series-rules.js';
export type { ContentWindowCommand, WindowChange } from './write/window-rules.js';

/** Envs whose activity changed are announced at most this often. */
const ACTIVITY_BROADCAST_MS = 1000;

export function newWindowId(): string {
  return `window_${randomBytes(7).toString('hex')}`;
}

/** What a batch holds back until its transaction commits. */
interface Held {
  applied: Applied[];
}

export class Ingest {
  private readonly clock = new Clock();
  private activityTimer: NodeJS.Timeout | null = null;
  /** The batch the running code is in: its writes are announced once it commits. */
  private readonly held = new AsyncLocalStorage<Held>();
  /** Envs created, changed or removed since the env list was last announced. */
  private readonly envsTouched = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly hub: Hub,
  ) {}

  /**
   * Runs several writes in one transaction and publishes their messages only once it
   * commits: if it rolls back, nothing is published. A write inside that fails rolls
   * back alone, so `fn` may catch it and go on. Batches nest (the outer one publishes).
   */
  async batch<T>(fn: () => Promise<T>): Promise<T> {
    const outer = this.held.getStore();
    if (outer) {
      const mark = outer.applied.length;
      try {
        return await this.store.batch(fn);
      } catch (e) {
        outer.applied.length = mark;
        throw e;
      }
    }
    const held: Held = { applied: [] };
    const out = await this.store.batch(() => this.held.run(held, fn));
    for (const a of held.applied) await this.announce(a);
    return out;
  }

  /** Line and scatter windows: create, append, replace, remove a trace, or change opts. */
  async series(cmd: SeriesCommand): Promise<{ win: string }> {
    const win = cmd.win ?? newWindowId();
    await this.write(seriesState(cmd, win, this.clock.now()), (s) => planSeries(cmd, win, s));
    return { win };
  }

  /** Creates a content window, or replaces the window with that id in place (keeping its position). */
  async window(cmd: ContentWindowCommand): Promise<{ win: string }> {
    const win = cmd.win ?? newWindowId();
    await this.write({ now: this.clock.now(), env: cmd.env }, (s) => planWindow(cmd, win, s));
    return { win };
  }

  /** Replaces the content and/or opts of an existing content window. */
  updateWindow(env: string, win: string, change: WindowChange): Promise<void> {
    return this.write({ now: this.clock.now(), env, win }, (s) => planUpdateWindow(env, win, change, s));
  }

  /** Keeps one more item in a list window (image_history): O(1) whatever the list length. */
  appendItem(env: string, win: string, item: unknown): Promise<void> {
    return this.write({ now: this.clock.now(), env, win }, (s) => planAppendItem(env, win, item, s));
  }

  /** Copies env `from` into `to` (replacing `to` if it exists); points are copied row by row in SQL. */
  forkEnv(from: string, to: string): Promise<void> {
    return this.write({ now: this.clock.now(), env: from, envs: [to] }, (s) => planForkEnv(from, to, s));
  }

  /** Sets a run's config, tags, notes, colour or finished flag (creating the env when missing); every viewer of the env list gets the new entry at once. */
  setRunMeta(env: string, patch: RunMetaPatch): Promise<void> {
    return this.write({ now: this.clock.now(), env }, (s) => planRunMeta(env, patch, s));
  }

  /** Closes every window of an env. */
  closeAll(env: string): Promise<void> {
    return this.write({ now: this.clock.now(), env, windowIds: true }, (s) => planCloseAll(env, s));
  }

  /** Creates an empty env (Visdom's POST /env/:env). */
  createEnv(env: string): Promise<void> {
    return this.write({ now: this.clock.now(), env }, (s) => planCreateEnv(env, s));
  }

  /** Closes a window for every viewer. It is kept, closed: replay shows it until now, and `reopenWindow` undoes the close. */
  closeWindow(env: string, win: string): Promise<void> {
    return this.write({ now: this.clock.now(), env, win }, (s) => planCloseWindow(env, win, s));
  }

  /** Undoes a close: the window comes back, with its points, for every viewer. */
  reopenWindow(env: string, win: string): Promise<void> {
    return this.write({ now: this.clock.now(), env, win }, (s) => planReopenWindow(env, win, s));
  }

  deleteEnv(env: string): Promise<void> {
    return this.write({ now: this.clock.now(), env }, (s) => planDeleteEnv(env, s));
  }

  /** Renames an env with everything in it. Viewers of the old name are told it is gone. */
  renameEnv(from: string, to: string): Promise<void> {
    return this.write({ now: this.clock.now(), env: from, envs: [to] }, (s) => planRenameEnv(from, to, s));
  }

  close(): void {
    if (this.activityTimer) clearTimeout(this.activityTimer);
    this.activityTimer = null;
  }

  /** Store (one transaction), then hub: now, or once the running batch commits. */
  private async write(req: StateRequest, rule: Rule): Promise<void> {
    const applied = await this.store.write(req, rule);
    const held = this.held.getStore();
    if (held) held.applied.push(applied);
    else await this.announce(applied);
  }

  /** Publishes what a committed plan announces, in its order. Window messages are read as committed. */
  private async announce({ plan, starts }: Applied): Promise<void> {
    const out: { topic: string; msg: ServerMessage }[] = [];
    const windowsDone = new Set<string>();
    for (const a of plan.announce) {
      switch (a.kind) {
        case 'window': {
          const key = `${a.env}\u0000${a.win}`;
          if (windowsDone.has(key)) break;
          if (plan.onlyIfWatched && this.hub.subscriberCount(a.env) === 0) break;
          // One message per window, with data when any announcement wanted it.
          const data = plan.announce.some((b) => b.kind === 'window' && b.env === a.env && b.win === a.win && b.data);
          windowsDone.add(key);
          const window = await this.store.snapshot(async (r) => {
            const info = await r.window(a.env, a.win);
            return info && (data ? windowSnapshot(r, a.env, info) : info);
          });
          if (window) out.push({ topic: a.env, msg: { type: 'window', env: a.env, window } });
          break;
        }
        case 'append': {
          const traces = a.ops.map((i) => {
            const op = plan.ops[i]!;
            if (op.op !== 'append') throw new Error(`announce names op ${i}, a ${op.op}`);
            return appendedTrace(op.trace, op.name, starts[i]!, op.points);
          });
          out.push({ topic: a.env, msg: { type: 'append', env: a.env, win: a.win, traces } });
          break;
        }
        case 'close': {
          const msg: ServerMessage = { type: 'close', env: a.env, win: a.win };
          out.push({ topic: a.env, msg }, { topic: CLOSE_TOPIC, msg });
          break;
        }
        case 'envDeleted':
          out.push({ topic: a.env, msg: { type: 'env_deleted', env: a.env } });
          break;
      }
    }
    for (const { topic, msg } of out) this.hub.publish(topic, msg);
    for (const env of plan.envs) this.envsTouched.add(env);
    if (plan.envsNow) await this.broadcastEnvs();
    // A failed read (the database down) skips this tick: the next write announces its env again.
    else if (plan.envs.length > 0) this.activityTimer ??= setTimeout(() => this.broadcastEnvs().catch(() => undefined), ACTIVITY_BROADCAST_MS);
  }

  private async broadcastEnvs(): Promise<void> {
    if (this.activityTimer) clearTimeout(this.activityTimer);
    this.activityTimer = null;
    // Only the envs that changed, read as committed: 10k envs cost one entry per new env, not the whole list.
    const touched = [...this.envsTouched];
    this.envsTouched.clear();
    if (touched.length === 0 || this.hub.subscriberCount(ENVS_TOPIC) === 0) return;
    const changed: EnvSummary[] = [];
    const removed: string[] = [];
    for (const env of touched) {
      const summary = await this.store.envSummary(env);
      if (summary) changed.push(summary);
      else removed.push(env);
    }
    this.hub.publish(ENVS_TOPIC, { type: 'envs_delta', changed, removed });
  }
}

/** An append message's trace: x and y with null for NaN, one time per point. Plain loops: this runs for every point written. */
function appendedTrace(id: number, name: string, start: number, p: { x: Float64Array; y: Float64Array; t: Float64Array | number }) {
  const n = p.y.length;
  const x = new Array<number | null>(n);
  const y = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const u = p.x[i]!;
    x[i] = Number.isNaN(u) ? null : u;
    const v = p.y[i]!;
    y[i] = Number.isNaN(v) ? null : v;
  }
  const t = typeof p.t === 'number' ? new Array<number>(n).fill(p.t) : Array.from(p.t);
  return { id, name, start, x, y, t };
}
