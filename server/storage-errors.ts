/**
 * SQLite failures as coded errors: a full disk is 507, a read-only, locked, failing or
 * damaged database 503, each with its cause and what to do (branching on
 * `SqliteError.code`, including extended codes such as SQLITE_IOERR_WRITE).
 */
import Database from 'better-sqlite3';
import type { FastifyError } from 'fastify';
import { DbBusyError, DbCorruptError, DbIoError, DbReadOnlyError, DiskFullError } from './errors.js';
import { pgUnavailable } from './store/pg-errors.js';

/** The coded error for a SQLite failure, or null when `err` is not one this maps. */
export function storageError(err: unknown): FastifyError | null {
  if (!(err instanceof Database.SqliteError)) return pgUnavailable(err);
  const code = err.code;
  const is = (base: string) => code === base || code.startsWith(`${base}_`);
  if (is('SQLITE_FULL')) return new DiskFullError(code);
  if (is('SQLITE_READONLY')) return new DbReadOnlyError(code);
  if (is('SQLITE_BUSY') || is('SQLITE_LOCKED')) return new DbBusyError(code);
  if (is('SQLITE_IOERR')) return new DbIoError(code);
  if (is('SQLITE_CORRUPT') || is('SQLITE_NOTADB')) return new DbCorruptError(code);
  return null;
}
