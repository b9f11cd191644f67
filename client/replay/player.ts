/**
 * The replay player: a ReplayClock driven by animation frames, and a ClientStore
 * that holds the selected envs as they were at the clock's moment. Moments are
 * fetched with `GET /api/env/:env/snapshot?until=`, at most one request in flight;
 * while one runs, only the newest moment asked for is kept (scrubbing skips the
 * moments in between instead of queueing them).
 *
 * A server snapshot of a large env takes a while, so each move is first drawn at
 * once from a preview: the envs' newest decimated view cut to the points received
 * by then (a trace's points arrive in seq order, each with its receive time), and
 * windows created later left out. The exact snapshot then replaces it.
 */
import type { ActivityReply, WindowSnapshot } from '../../protocol/index.js';
import { ClientStore, type Schedule } from '../store.js';
import { ReplayClock } from './clock.js';
import { cutAt } from './preview.js';
import { mergeActivity } from './timeline.js';

/** Slices in the activity histogram behind the scrubber. */
export const ACTIVITY_BUCKETS = 600;

export interface PlayerDeps {
  fetchJson(url: string): Promise<unknown>;
  schedule: Schedule;
  /** requestAnimationFrame in the browser. */
  frame(cb: (now: number) => void): unknown;
}

const browserDeps = (): PlayerDeps => ({
  fetchJson: async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    return res.json();
  },
  schedule: (run) => requestAnimationFrame(run),
  frame: (cb) => requestAnimationFrame(cb),
});

export class ReplayPlayer {
  readonly store: ClientStore;
  clock: ReplayClock | null = null;
  /** The merged activity of the envs (for the sparkline). */
  activity: ActivityReply | null = null;
  /** The moment the store holds exactly (null until the first snapshot arrived). */
  shown: number | null = null;
  /** The moment last drawn, exactly or as a preview. */
  previewed: number | null = null;
  error: string | null = null;
  private wanted: number | null = null;
  private busy = false;
  private lastFrame: number | null = null;
  private closed = false;
  private generation = 0;
  /** Each env's newest state (decimated), the source of previews; loaded after the first exact moment. */
  private base: Map<string, WindowSnapshot[]> | null = null;
  private baseLoading = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private envs: readonly string[],
    private buckets: number,
    private readonly deps: PlayerDeps = browserDeps(),
  ) {
    this.store = new ClientStore(deps.schedule);
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Loads the envs' timeline and shows moment `at` (default: the end). */
  async open(at: number | null): Promise<void> {
    const gen = ++this.generation;
    // A known moment is fetched alongside the timeline rather than after it.
    if (at !== null) this.request(at, true);
    const activity = await this.fetchActivity();
    if (gen !== this.generation || this.closed) return;
    this.activity = activity;
    const prev = this.clock;
    this.clock = new ReplayClock(this.activity);
    if (prev) Object.assign(this.clock, { speed: prev.speed, skipIdle: prev.skipIdle });
    this.clock.seek(at ?? prev?.position ?? this.clock.end);
    this.emit();
    if (this.clock.position !== at) this.request(this.clock.position, true);
  }

  /** Reloads the timeline (a live env grew); the moment shown stays. */
  async refresh(): Promise<void> {
    const gen = this.generation;
    const activity = await this.fetchActivity();
    if (gen !== this.generation || this.closed || !this.clock) return;
    this.activity = activity;
    this.clock.setTimeline(activity);
    this.base = null; // previews come from the newest state, reloaded with the next exact moment
    this.emit();
  }

  private async fetchActivity(): Promise<ActivityReply> {
    const replies = await Promise.all(
      this.envs.map((env) => this.deps.fetchJson(`/api/env/${encodeURIComponent(env)}/activity?buckets=${ACTIVITY_BUCKETS}`).catch(() => null)),
    );
    return mergeActivity(replies.filter((r): r is ActivityReply => r !== null), ACTIVITY_BUCKETS);
  }

  /** The selection or the pane width changed. */
  setEnvs(envs: readonly string[], buckets: number): void {
    const same = envs.length === this.envs.length && envs.every((e, i) => e === this.envs[i]);
    if (same && buckets <= this.buckets) return;
    this.envs = [...envs];
    this.buckets = buckets;
    this.base = null;
    this.store.retainEnvs(this.envs);
    void this.open(this.clock?.position ?? null);
  }

  seek(t: number): void {
    if (!this.clock) return;
    this.clock.seek(t);
    this.preview(this.clock.position);
    this.emit();
    this.request(this.clock.position);
  }

  play(): void {
    if (!this.clock) return;
    void this.refresh();
    this.clock.play();
    this.lastFrame = null;
    this.emit();
    this.request(this.clock.position);
    this.deps.frame(this.tick);
  }

  pause(): void {
    this.clock?.pause();
    this.emit();
  }

  setSpeed(speed: number): void {
    if (this.clock) this.clock.speed = speed;
    this.emit();
  }

  setSkipIdle(on: boolean): void {
    if (this.clock) this.clock.skipIdle = on;
    this.emit();
  }

  close(): void {
    this.closed = true;
    this.clock?.pause();
    this.listeners.clear();
  }

  private readonly tick = (now: number): void => {
    const c = this.clock;
    if (this.closed || !c?.playing) return;
    if (this.lastFrame !== null && c.advance(now - this.lastFrame)) {
      this.preview(c.position);
      this.request(c.position);
      this.emit();
    }
    this.lastFrame = now;
    if (c.playing) this.deps.frame(this.tick);
    else this.emit();
  };

  /** Asks for moment t; with `force`, even when it is the moment shown (the envs changed). */
  private request(t: number, force = false): void {
    if (!force && t === this.shown && !this.busy) return;
    this.wanted = t;
    if (!this.busy) void this.pump();
  }

  private async pump(): Promise<void> {
    this.busy = true;
    while (this.wanted !== null && !this.closed) {
      const t = this.wanted;
      this.wanted = null;
      const envs = this.envs;
      try {
        const snaps = await Promise.all(
          envs.map(
            (env) =>
              this.deps.fetchJson(`/api/env/${encodeURIComponent(env)}/snapshot?until=${Math.round(t)}&buckets=${this.buckets}`) as Promise<{
                windows: WindowSnapshot[];
              }>,
          ),
        );
        if (this.closed) break;
        this.store.until = Math.round(t);
        envs.forEach((env, i) => this.store.apply({ type: 'snapshot', env, windows: snaps[i]!.windows }));
        this.shown = t;
        this.previewed = t;
        this.error = null;
        if (!this.base && !this.baseLoading) void this.loadBase();
      } catch (e) {
        this.error = e instanceof Error ? e.message : String(e);
      }
      this.emit();
    }
    this.busy = false;
  }

  /** Draws moment t at once from the newest state, cut to what had arrived by then. */
  private preview(t: number): void {
    const base = this.base;
    if (!base || t === this.previewed) return;
    for (const env of this.envs) {
      const windows = base.get(env);
      if (!windows) continue;
      const shown = (id: string) => this.store.window(env, id)?.info;
      this.store.apply({ type: 'snapshot', env, windows: cutAt(windows, t, shown) });
    }
    this.store.until = Math.round(t);
    this.previewed = t;
  }

  private async loadBase(): Promise<void> {
    this.baseLoading = true;
    const envs = this.envs;
    try {
      const snaps = await Promise.all(
        envs.map((env) => this.deps.fetchJson(`/api/env/${encodeURIComponent(env)}/snapshot?buckets=${this.buckets}`) as Promise<{ windows: WindowSnapshot[] }>),
      );
      if (envs === this.envs) this.base = new Map(envs.map((env, i) => [env, snaps[i]!.windows]));
    } catch {
      // No previews: every move waits for its exact snapshot.
    } finally {
      this.baseLoading = false;
    }
  }

  private emit(): void {
    for (const fn of [...this.listeners]) fn();
  }
}
