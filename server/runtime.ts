/** Opens the store and builds the app: used by main.ts and by tests, so both run the same wiring. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { DEFAULTS, type Config } from './config.js';
import { Hub } from './hub.js';
import { Ingest } from './ingest.js';
import type { SocketLimits } from './routes/socket.js';
import { Checkpointer } from './store/checkpointer.js';
import { openStore } from './store/open.js';
import { SqliteStore } from './store/sqlite-store.js';
import type { Store } from './store/store.js';
import { Cluster, type ClusterOptions } from './cluster/cluster.js';
import { ClusterHub } from './cluster/cluster-hub.js';
import { clusterReads } from './store/cluster-reads.js';
import { followLogdir } from './tensorboard/follow.js';
import type { LogdirTailer } from './tensorboard/logdir.js';

/** Joins a cluster of servers sharing a store: hints go over this Postgres URL's LISTEN/NOTIFY. */
export type ClusterSettings = Omit<ClusterOptions, 'hub' | 'reads'>;

export { DamagedDbError } from './store/open.js';

export interface Runtime {
  app: FastifyInstance;
  store: Store;
  hub: Hub;
  /** The WAL checkpoint worker (null for an in-memory database). */
  checkpointer: Checkpointer | null;
  ingest: Ingest;
  cluster?: Cluster;
  /** The followed TensorBoard logdir (--logdir), if any. */
  logdir?: LogdirTailer;
  /** Closes sockets and HTTP, then the store (SQLite: checkpoints the WAL and closes the file; Postgres: ends the pool). */
  close(): Promise<void>;
}

export async function createRuntime(
  config: Partial<Config> & { dbPath: string },
  logger: boolean | object = false,
  sockets: SocketLimits = {},
  clusterSettings?: ClusterSettings,
): Promise<Runtime> {
  const c = { ...DEFAULTS, ...config };
  const store = await openStore(c.dbPath, { sync: c.sync, check: c.check });
  // SQLite's WAL checkpoints run off the request path (none for an in-memory database; Postgres checkpoints itself).
  const checkpointer = store instanceof SqliteStore && c.dbPath !== ':memory:' ? new Checkpointer(store.db, c.checkpoint) : null;
  // On Postgres every server is one of a cluster: hints go over the store's own database.
  const joins = clusterSettings ?? (store.backend === 'postgres' ? { url: c.dbPath, channel: c.hintChannel } : undefined);
  const hub = joins ? new ClusterHub(c.coalesceMs) : new Hub(c.coalesceMs);
  const cluster = joins && new Cluster({ ...joins, hub: hub as ClusterHub, reads: clusterReads(store) });
  await cluster?.start();
  const ingest = new Ingest(store, hub);
  const app = await buildApp({
    store,
    hub,
    ingest,
    bodyLimit: c.bodyLimit,
    maxPoints: c.maxPoints,
    connections: c.connections,
    baseUrl: c.baseUrl,
    access: { ...c.access, loopbackHosts: c.loopbackHosts },
    sockets: { maxSockets: c.maxSockets, ...sockets },
    logger,
    cluster,
  });
  let logdir: LogdirTailer | undefined;
  try {
    if (c.logdir && !(store instanceof SqliteStore)) throw new Error('--logdir (TensorBoard) needs a SQLite --db for now, not Postgres');
    logdir = c.logdir ? followLogdir({ dir: c.logdir, pollMs: c.logdirPollMs, watch: c.logdirWatch, log: (m) => app.log.warn(m) }, store as SqliteStore, ingest) : undefined;
  } catch (e) {
    await app.close();
    await cluster?.stop();
    ingest.close();
    hub.close();
    await store.close();
    throw e;
  }
  let closed = false;
  return {
    app, store, hub, ingest, cluster, logdir, checkpointer,
    async close() {
      if (closed) return;
      closed = true;
      await logdir?.close();
      await app.close();
      await cluster?.stop();
      ingest.close();
      hub.close();
      await checkpointer?.stop();
      await store.close();
    },
  };
}

