/** Opens the store and builds the app: used by main.ts and by tests, so both run the same wiring. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { DEFAULTS, type Config } from './config.js';
import { Hub } from './hub.js';
import { Ingest } from './ingest.js';
import type { SocketLimits } from './routes/socket.js';
import { checkIntegrity, openDb } from './store/db.js';
import { PgStore } from './store/pg-store.js';
import { SqliteStore } from './store/sqlite-store.js';
import { isPostgresUrl, type Store } from './store/store.js';

/** The database file is damaged: the server does not start on it. */
export class DamagedDbError extends Error {}

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
  const store = await openStore(c);
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

/** The store --db names: Postgres for a postgres:// URL, else the SQLite file (checked first with --check). */
async function openStore(c: Config): Promise<Store> {
  if (isPostgresUrl(c.dbPath)) return PgStore.open(c.dbPath);
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
  return new SqliteStore(db);
}
