/**
 * One server's membership in a cluster of runboard servers sharing a Postgres store:
 * the hint batcher (what this server committed, to the others), the LISTEN channel
 * and the fan-out (what the others committed, to this server's sockets), the 1 s
 * poll of trace counts, and the relay of Visdom `/vis_socket` events.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { HINT_CHANNEL, type VisEventHint } from '../../protocol/cluster.js';
import type { EnvSummary } from '../../protocol/index.js';
import { notify } from '../store/pg-channel.js';
import { HintBatcher } from './batcher.js';
import { HintChannel } from './channel.js';
import type { ClusterHub } from './cluster-hub.js';
import { Fanout } from './fanout.js';
import { TraceFeed } from './feed.js';
import type { ClusterReads } from './reads.js';

export interface ClusterOptions {
  /** The postgres:// URL of the shared store. */
  url: string;
  hub: ClusterHub;
  reads: ClusterReads & { listEnvs(): EnvSummary[] | Promise<EnvSummary[]>; windows(env: string): unknown };
  channel?: string;
  hintIntervalMs?: number;
  pollMs?: number;
  heartbeatMs?: number;
  log?: (msg: string) => void;
}

/** What the Visdom routes send to the trainers connected to other servers. */
export interface EventRelay {
  visEvent(e: VisEventHint): void;
  frame(f: string): void;
}

export class Cluster implements EventRelay {
  readonly server = randomBytes(6).toString('hex');
  readonly feed: TraceFeed;
  readonly batcher: HintBatcher;
  readonly fanout: Fanout;
  readonly channel: HintChannel;
  private readonly pool: pg.Pool;
  private visBroadcast: (frame: string) => void = () => {};

  constructor(private readonly o: ClusterOptions) {
    const log = o.log ?? ((m: string) => console.warn(m));
    const name = o.channel ?? HINT_CHANNEL;
    // Hints only: a small pool of its own, so a busy query pool never delays them.
    this.pool = new pg.Pool({ connectionString: o.url, max: 2, application_name: 'runboard-hint' });
    this.pool.on('error', () => {});
    this.feed = new TraceFeed(
      o.reads,
      (topic, msg) => o.hub.publishHere(topic, msg),
      (e) => log(`runboard: fan-out read failed (the poll retries): ${e.message}`),
      (env) => o.hub.localCount(env) > 0,
    );
    this.batcher = new HintBatcher(this.server, (payload) => notify(this.pool, name, payload), {
      intervalMs: o.hintIntervalMs,
      onError: (e) => log(`runboard: could not send a hint to the other servers (retrying): ${e.message}`),
    });
    this.fanout = new Fanout({
      server: this.server, reads: o.reads, hub: o.hub, feed: this.feed,
      visBroadcast: (f) => this.visBroadcast(f),
      onError: (e) => log(`runboard: fan-out: ${e.message}`),
    });
    this.channel = new HintChannel({
      url: o.url,
      channel: name,
      heartbeatMs: o.heartbeatMs,
      onHint: (p) => this.fanout.receive(p),
      onListening: () => this.fanout.catchUp(),
      onState: (up, err) => {
        if (err) log(`runboard: hint channel ${up ? 'catch-up failed' : 'down, reconnecting'}: ${err.message}`);
        else if (this.channel?.listens > 1) log('runboard: hint channel back; caught up');
      },
    });
  }

  /** LISTENs, takes the trace counts as they are, then starts the poll and attaches to the hub. */
  async start(): Promise<void> {
    await this.channel.start();
    this.o.hub.attach(this.feed, this.batcher);
    this.fanout.startPolling(this.o.pollMs ?? 1000);
  }

  /** Where events from other servers go (the Visdom sources of this server). */
  onVisFrame(broadcast: (frame: string) => void): void {
    this.visBroadcast = broadcast;
  }

  visEvent(e: VisEventHint): void {
    this.batcher.visEvent(e);
  }

  frame(f: string): void {
    this.batcher.frame(f);
  }

  async stop(): Promise<void> {
    this.fanout.stop();
    this.batcher.stop();
    await this.channel.stop();
    await this.pool.end().catch(() => {});
  }
}
