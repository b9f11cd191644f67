/**
 * Applies the other servers' hints to this server's sockets: new trace counts go to
 * the trace feed (which reads the points by sequence number), windows are re-read
 * and republished, closes, env changes and Visdom events are republished as they
 * would be after a local write. Hints are applied one after another, so a window's
 * create, change and close reach sockets in the order they were committed.
 *
 * Lost hints: a poll of every trace's count (every `pollMs`) delivers points whose
 * hint never came; after every (re)LISTEN, `catchUp` also resends each watched env's
 * window list and the env list, for whatever else changed while no hint could come.
 */
import { parseHint, type Hint, type VisEventHint } from '../../protocol/cluster.js';
import type { EnvSummary } from '../../protocol/index.js';
import { CLOSE_TOPIC, ENVS_TOPIC } from '../hub.js';
import type { ClusterHub } from './cluster-hub.js';
import type { TraceFeed } from './feed.js';
import type { ClusterReads } from './reads.js';
import { paneFrame } from '../visdom/pane-frame.js';

export interface FanoutOptions {
  server: string;
  reads: ClusterReads & { listEnvs(): EnvSummary[] | Promise<EnvSummary[]>; windows(env: string): unknown };
  hub: ClusterHub;
  feed: TraceFeed;
  /** Sends a frame to every `/vis_socket` and polling session of this server. */
  visBroadcast(frame: string): void;
  onError?(err: Error): void;
}

export class Fanout {
  private chain: Promise<void> = Promise.resolve();
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;
  private baselined = false;
  readonly stats = { hints: 0, polls: 0, pollDelivered: 0 };

  constructor(private readonly o: FanoutOptions) {}

  /** A NOTIFY payload from the channel. */
  receive(payload: string): void {
    const hint = parseHint(payload);
    if (!hint || hint.s === this.o.server) return;
    this.stats.hints++;
    this.chain = this.chain.then(() => this.apply(hint)).catch((e: Error) => this.o.onError?.(e));
  }

  /** Resolves once every hint received so far is applied and its reads are published. */
  async settled(): Promise<void> {
    await this.chain;
    await this.o.feed.settled();
  }

  startPolling(pollMs: number): void {
    this.pollTimer = setInterval(() => void this.poll().catch((e: Error) => this.o.onError?.(e)), pollMs);
    this.pollTimer.unref();
  }

  stop(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  /**
   * After a (re)LISTEN. The first time, the counts are taken as they are (nobody is
   * watching yet); after a reconnect, every watched env is resent and counts compared.
   */
  async catchUp(): Promise<void> {
    if (!this.baselined) {
      this.o.feed.baseline(await this.o.reads.traceCounts());
      this.baselined = true;
      return;
    }
    const { hub, reads } = this.o;
    await this.chain;
    const topics = hub.topics().filter((t) => !t.startsWith('\u0000'));
    for (const env of topics) {
      const windows = (await reads.windows(env)) as { id: string }[];
      const infos = [];
      for (const w of windows) {
        const info = await reads.window(env, w.id);
        if (info) infos.push({ ...info, data: [] });
      }
      // No data: clients keep the points of the traces still listed; the poll below sends what they miss.
      hub.publishHere(env, { type: 'snapshot', env, windows: infos });
    }
    hub.publishHere(ENVS_TOPIC, { type: 'envs', envs: await reads.listEnvs() });
    await this.poll();
  }

  /** Compares every trace's committed count with what was published here, and sends the difference. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      this.stats.polls++;
      const counts = await this.o.reads.traceCounts();
      for (const [id, n] of counts) {
        const known = this.o.feed.known(id);
        if (known === undefined || known < n) {
          this.stats.pollDelivered++;
          this.o.feed.advance(id, n);
        }
      }
    } finally {
      this.polling = false;
    }
  }

  private async apply(h: Hint): Promise<void> {
    const { hub, feed, reads } = this.o;
    for (const env of h.d ?? []) hub.publishHere(env, { type: 'env_deleted', env });
    for (const [env, win] of h.c ?? []) {
      const msg = { type: 'close', env, win } as const;
      hub.publishHere(env, msg);
      hub.publishHere(CLOSE_TOPIC, msg);
    }
    for (const [env, win, data] of h.w ?? []) await feed.refreshWindow(env, win, data === 1);
    const envs = [...(h.e ?? []), ...(h.d ?? [])];
    if (envs.length > 0 && hub.localCount(ENVS_TOPIC) > 0) {
      const changed: EnvSummary[] = [];
      const removed: string[] = [];
      for (const env of new Set(envs)) {
        const s = await reads.envSummary(env);
        if (s) changed.push(s);
        else removed.push(env);
      }
      hub.publishHere(ENVS_TOPIC, { type: 'envs_delta', changed, removed });
    }
    for (const [id, n] of h.t ?? []) feed.advance(id, n);
    for (const v of h.v ?? []) {
      const frame = await this.eventFrame(v);
      if (frame) this.o.visBroadcast(frame);
    }
    for (const f of h.f ?? []) this.o.visBroadcast(f);
  }

  /** The event as trainers receive it, with `pane_data` read here. Null when the window is gone. */
  private async eventFrame(v: VisEventHint): Promise<string | null> {
    if (!v.pane) return JSON.stringify({ ...v.event, pane_data: false });
    const env = String(v.event.eid);
    const info = await this.o.reads.window(env, String(v.event.target));
    if (!info) return null;
    return paneFrame(v.event, await this.o.reads.paneJson(env, info));
  }
}

