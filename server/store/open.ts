/** Opens the store a --db value names: Postgres for a postgres:// URL, else a SQLite file. */
import { checkIntegrity, openDb } from './db.js';
import { PgStore } from './pg-store.js';
import { SqliteStore } from './sqlite-store.js';
import { isPostgresUrl, type Store } from './store.js';

/** The database file is damaged: the server does not start on it. */
export class DamagedDbError extends Error {}

export interface OpenStoreOptions {
  /** SQLite: 'full' also survives power loss (see db.ts). */
  sync?: 'normal' | 'full';
  /** SQLite: run quick_check first and refuse a damaged file. */
  check?: boolean;
}

export async function openStore(dbPath: string, { sync = 'normal', check = false }: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(dbPath)) return PgStore.open(dbPath);
  const db = openDb(dbPath, { sync });
  if (check) {
    const problems = checkIntegrity(db);
    if (problems.length > 0) {
      db.close();
      throw new DamagedDbError(
        `database ${dbPath} failed its integrity check (SQLite quick_check): ${problems.slice(0, 5).join('; ')}. ` +
          'Not starting on it: restore it from a backup (npm run backup makes one), or save what is readable with ' +
          '`sqlite3 FILE .recover | sqlite3 NEW.db` and start with --db NEW.db',
      );
    }
  }
  return new SqliteStore(db);
}
