import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export interface OpenDbOptions {
  /** 'normal' survives a process crash (every committed transaction is in the WAL); 'full' also survives power loss. */
  sync?: 'normal' | 'full';
}

/** Opens (creating if needed) the SQLite file, sets the pragmas and brings the schema up to date. */
export function openDb(path: string, { sync = 'normal' }: OpenDbOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 16 MB of page cache: chunk summaries are cached by the series store itself, and
  // a bigger cache mostly holds freshly written pages, counted in the server's RSS.
  db.pragma('cache_size = -16384');
  migrate(db);
  return db;
}

/** Applies every migration past `PRAGMA user_version`, each in its own transaction. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `database schema version ${current} is newer than this runboard (knows ${MIGRATIONS.length}); upgrade runboard`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** Checkpoints the WAL into the main file and closes. */
export function closeDb(db: Db): void {
  if (!db.open) return;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
