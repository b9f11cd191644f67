/**
 * Postgres being away (down, restarting, refusing connections, network gone) as a 503
 * naming the cause, so trainers retry and operators see what to fix. Other Postgres
 * errors are not storage failures and map to nothing here.
 */
import type { FastifyError } from 'fastify';
import { DbUnreachableError } from '../errors.js';

/** Node socket errors of a connection that could not be made or was lost. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATE classes and codes meaning "not now": 08 connection exceptions, 57P01-57P03
 * (admin shutdown, crash shutdown, cannot connect now), 53300 too many connections.
 */
function unavailableState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** Messages node-postgres raises when its connection died under a query or a pool could not connect in time. */
const LOST = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed/i;

export function pgUnavailable(err: unknown): FastifyError | null {
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK.has(code) || (/^[0-9A-Z]{5}$/.test(code) && unavailableState(code)))) {
    return new DbUnreachableError(code);
  }
  if (err instanceof AggregateError && err.errors.some((e) => pgUnavailable(e))) return new DbUnreachableError('no address answered');
  if (LOST.test(err.message)) return new DbUnreachableError(err.message.split('\n', 1)[0]!.slice(0, 120));
  return null;
}
