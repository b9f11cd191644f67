/**
 * `npm run backup -- OUT [--db FILE]`: a consistent copy of the database while the
 * server keeps running, through SQLite's online backup API (readers and the writer
 * are not blocked; pages written meanwhile are copied again).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULTS } from './config.js';

/** Copies `dbPath` to `out` (which must not exist yet); resolves with the pages copied. */
export async function backupDb(dbPath: string, out: string): Promise<number> {
  if (existsSync(out)) throw new Error(`${out} already exists; choose a new file name`);
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(out);
    return totalPages;
  } finally {
    db.close();
  }
}

async function cli(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { db: { type: 'string' } }, allowPositionals: true });
  const out = positionals[0];
  if (!out) {
    console.error('usage: npm run backup -- OUT.db [--db FILE]  (FILE defaults to RUNBOARD_DB or ./data/runboard.db)');
    process.exitCode = 2;
    return;
  }
  const dbPath = resolve(values.db ?? process.env.RUNBOARD_DB ?? DEFAULTS.dbPath);
  try {
    const pages = await backupDb(dbPath, resolve(out));
    console.log(`runboard: backed up ${dbPath} to ${resolve(out)} (${pages} pages)`);
  } catch (e) {
    console.error(`runboard: backup failed: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) void cli();
