/** Opens the store and builds the app: used by main.ts and by tests, so both run the same wiring. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { DEFAULTS, type Config } from './config.js';
import { Hub } from './hub.js';
import { Ingest } from './ingest.js';
import type { SocketLimits } from './routes/socket.js';
import { Checkpointer } from './store/checkpointer.js';
import { checkIntegrity, openDb } from './store/db.js';
import { SqliteStore } from './store/sqlite-store.js';
import type { Store } from './store/store.js';
import { Cluster, type ClusterOptions } from './cluster/cluster.js';
import { ClusterHub } from './cluster/cluster-hub.js';
import { clusterReads } from './store/cluster-reads.js';

/** Joins a cluster of servers sharing a store: hints go over this Postgres URL's LISTEN/NOTIFY. */
export type ClusterSettings = Omit<ClusterOptions, 'hub' | 'reads'>;
import { followLogdir } from './tensorboard/follow.js';
import type { LogdirTailer } from './tensorboard/logdir.js';

/** The database file is damaged: the server does not start on it. */
export class DamagedDbError extends Error {}

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
  /** Closes sockets and HTTP, then checkpoints the WAL and closes the database. */
  close(): Promise<void>;
}

export async function createRuntime(
  config: Partial<Config> & { dbPath: string },
  logger: boolean | object = false,
  sockets: SocketLimits = {},
  clusterSettings?: ClusterSettings,
): Promise<Runtime> {
  const c = { ...DEFAULTS, ...config };
  const db = openDb(c.dbPath, { sync: c.sync });
  if (c.check) {
    const problems = checkIntegrity(db);
    if (problems.length > 0) {
      db.close();
      throw new DamagedDbError(
        `database ${c.dbPath} failed its integrity check (SQLite quick_check): ${problems.slice(0, 5).join('; ')}. ` +
          'Not starting on it: restore it from a backup (npm run backup makes one), or save what is readable with ' +
          '`sqlite3 FILE .recover | sqlite3 NEW.db` and start with --db NEW.db',
      );
    }
  }
  const checkpointer = c.dbPath === ':memory:' ? null : new Checkpointer(db, c.checkpoint);
  const store = new SqliteStore(db);
  // On Postgres every server is one of a cluster: hints go over the store's own database.
  const joins = clusterSettings ?? ((store as Store).backend === 'postgres' ? { url: c.dbPath, channel: c.hintChannel } : undefined);
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
    logdir = c.logdir ? followLogdir({ dir: c.logdir, pollMs: c.logdirPollMs, watch: c.logdirWatch, log: (m) => app.log.warn(m) }, store, ingest) : undefined;
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
