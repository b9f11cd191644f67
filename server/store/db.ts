import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AFTER_MIGRATION, MIGRATIONS } from './migrations.js';

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
  // 32 MB of page cache: enough for the chunks a decimated read of a 10M-point trace
  // decodes (one per bucket edge, ~8 KB each), so repeated reads don't go back to the
  // file. Chunk summaries are cached by the series store itself; a bigger page cache
  // would mostly hold freshly written pages, all counted in the server's RSS.
  db.pragma('cache_size = -32768');
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
      AFTER_MIGRATION[v + 1]?.(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/**
 * SQLite's quick_check (`full`: integrity_check, which also checks index contents):
 * the problems found, [] when the file is sound.
 */
export function checkIntegrity(db: Db, full = false): string[] {
  let rows: Record<string, string>[];
  try {
    rows = db.pragma(full ? 'integrity_check(20)' : 'quick_check(20)', { simple: false }) as Record<string, string>[];
  } catch (e) {
    // Damage bad enough stops the check itself.
    if (e instanceof Database.SqliteError && /^SQLITE_(CORRUPT|NOTADB)/.test(e.code)) return [`${e.code}: ${e.message}`];
    throw e;
  }
  const problems = rows.map((r) => Object.values(r)[0]!);
  return problems.length === 1 && problems[0] === 'ok' ? [] : problems;
}

/** Checkpoints the WAL into the main file and closes. */
export function closeDb(db: Db): void {
  if (!db.open) return;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
