/** Opens the store and builds the app: used by main.ts and by tests, so both run the same wiring. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { DEFAULTS, type Config } from './config.js';
import { Hub } from './hub.js';
import { Ingest } from './ingest.js';
import type { SocketLimits } from './routes/socket.js';
import { openStore } from './store/open.js';
import type { Store } from './store/store.js';

export { DamagedDbError } from './store/open.js';

export interface Runtime {
  app: FastifyInstance;
  store: Store;
  hub: Hub;
  ingest: Ingest;
  /** Closes sockets and HTTP, then the store (SQLite: checkpoints the WAL and closes the file; Postgres: ends the pool). */
  close(): Promise<void>;
}

export async function createRuntime(
  config: Partial<Config> & { dbPath: string },
  logger: boolean | object = false,
  sockets: SocketLimits = {},
): Promise<Runtime> {
  const c = { ...DEFAULTS, ...config };
  const store = await openStore(c.dbPath, { sync: c.sync, check: c.check });
  const hub = new Hub(c.coalesceMs);
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
  });
  let closed = false;
  return {
    app, store, hub, ingest,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      ingest.close();
      hub.close();
      await store.close();
    },
  };
}

