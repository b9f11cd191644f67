/** Entry point: flags → runtime → listen. The only module that exits the process. */
import { exposureWarning, loadConfig, UsageError, USAGE } from './config.js';
import { createRuntime } from './runtime.js';
import { clusterWarning } from './cluster/warnings.js';
import { storageError } from './storage-errors.js';
import { lockDatabase } from './store/lock.js';
import { redactUrl } from './store/pg-db.js';
import { isPostgresUrl } from './store/store.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.argv.slice(2), process.env);
  } catch (e) {
    const help = e instanceof UsageError && e.message === '';
    console.error(help ? USAGE : `${(e as Error).message}\n${USAGE}`);
    process.exit(help ? 0 : 2);
  }
  const exposure = exposureWarning(config.host, config.access);
  if (exposure) console.warn(exposure);
  const shared = clusterWarning(config.access, isPostgresUrl(config.dbPath));
  if (shared) console.warn(shared);
  // Before the database is opened: a second server on the same SQLite file stops here.
  // Postgres is shared by design: any number of servers may use one database.
  const lock = isPostgresUrl(config.dbPath) ? null : lockDatabase(config.dbPath);
  let runtime;
  try {
    runtime = await createRuntime(config, { level: process.env.RUNBOARD_LOG ?? 'warn' });
  } catch (e) {
    const storage = storageError(e);
    throw storage ? new Error(`database ${isPostgresUrl(config.dbPath) ? redactUrl(config.dbPath) : config.dbPath}: ${storage.message}`) : e;
  }
  const shutdown = async (signal: string) => {
    console.log(`runboard: ${signal}, closing (sockets, then the database)`);
    try {
      await runtime.close();
      lock?.release();
      process.exit(0);
    } catch (e) {
      console.error(e);
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  const address = await runtime.app.listen({ host: config.host, port: config.port });
  const url = new URL(address);
  if (url.hostname === '127.0.0.1' || url.hostname === '[::1]') url.hostname = 'localhost';
  lock?.serving(url.origin);
  console.log(`runboard: serving ${url.origin}/ (database ${runtime.store.location})`);
}

main().catch((e) => {
  console.error(`runboard: ${(e as Error).message}`);
  process.exit(1);
});
