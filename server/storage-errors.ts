/**
 * Storage failures as coded errors: a full disk is 507, a read-only, locked, failing,
 * damaged or unreachable database 503, each with its cause and what to do. SQLite's
 * by `SqliteError.code` (extended codes included, such as SQLITE_IOERR_WRITE);
 * Postgres's by SQLSTATE, and by the socket error when the server cannot be reached.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import type { FastifyError } from 'fastify';
import { CONNECT_TIMEOUT_MS } from './store/pg-db.js';
import { DbBusyError, DbCorruptError, DbIoError, DbReadOnlyError, DbUnavailableError, DiskFullError } from './errors.js';

/** The coded error for a SQLite failure, or null when `err` is not one this maps. */
export function storageError(err: unknown): FastifyError | null {
  if (!(err instanceof Database.SqliteError)) return postgresError(err);
  const code = err.code;
  const is = (base: string) => code === base || code.startsWith(`${base}_`);
  if (is('SQLITE_FULL')) return new DiskFullError(code);
  if (is('SQLITE_READONLY')) return new DbReadOnlyError(code);
  if (is('SQLITE_BUSY') || is('SQLITE_LOCKED')) return new DbBusyError(code);
  if (is('SQLITE_IOERR')) return new DbIoError(code);
  if (is('SQLITE_CORRUPT') || is('SQLITE_NOTADB')) return new DbCorruptError(code);
  return null;
}

/** Node socket errors meaning the database server is not there. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);
/** pg's own messages when a connection fails or ends without a socket error code. */
const LOST = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated unexpectedly)/;

function postgresError(err: unknown): FastifyError | null {
  if (!(err instanceof Error)) return null;
  const e = err as Error & { code?: string; address?: string; port?: number };
  const code = e.code ?? '';
  const cause = (what: string) => `${what}: ${e.message}`;
  if (UNREACHABLE.has(code)) return new DbUnavailableError(cause(code));
  // A host name with several addresses, none of which answered.
  if (err instanceof AggregateError && err.errors.some((x) => postgresError(x))) return new DbUnavailableError('no address of the Postgres host answered');
  // SQLSTATE codes, from the driver's DatabaseError or any error that carries one.
  if (err instanceof pg.DatabaseError || /^[0-9A-Z]{5}$/.test(code)) {
    // Connection exceptions, shutdowns, "cannot connect now", too many connections.
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return new DbUnavailableError(cause(`SQLSTATE ${code}`));
    if (code === '53100') return new DiskFullError(`SQLSTATE ${code}`);
    if (code === '25006') return new DbReadOnlyError(`SQLSTATE ${code}`);
    if (code === '40P01' || code === '40001' || code === '55P03') return new DbBusyError(`SQLSTATE ${code}`);
    if (code.startsWith('58')) return new DbIoError(`SQLSTATE ${code}`);
    if (code === 'XX001' || code === 'XX002') return new DbCorruptError(`SQLSTATE ${code}`);
    return null;
  }
  if (/^timeout exceeded when trying to connect/.test(e.message)) {
    return new DbUnavailableError(`no connection to Postgres within ${CONNECT_TIMEOUT_MS / 1000} s: it is unreachable, or every pooled connection stayed busy`);
  }
  if (LOST.test(e.message)) return new DbUnavailableError(cause('connection lost'));
  return null;
}
