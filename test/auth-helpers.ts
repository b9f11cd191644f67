/** Helpers for the access-control tests. */
import { onTestFinished } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../server/app.js';
import type { AccessOptions } from '../server/auth.js';
import { Hub } from '../server/hub.js';
import { Ingest } from '../server/ingest.js';
import { closeDb, openDb } from '../server/store/db.js';
import { SqliteStore as Store } from '../server/store/sqlite-store.js';

/** buildApp on a :memory: database, closed when the test ends. */
export async function buildTestApp(access: AccessOptions, extra: Partial<AppDeps> = {}): Promise<FastifyInstance> {
  const db = openDb(':memory:');
  const store = new Store(db);
  const hub = new Hub();
  const ingest = new Ingest(store, hub);
  const app = await buildApp({ store, hub, ingest, bodyLimit: 1 << 20, access, ...extra });
  onTestFinished(async () => {
    await app.close();
    ingest.close();
    hub.close();
    closeDb(db);
  });
  return app;
}

