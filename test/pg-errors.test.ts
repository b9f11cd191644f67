/** Postgres being away maps to a 503 naming the cause (server/storage-errors.ts), from real driver errors. */
import { createServer } from 'node:net';
import pg from 'pg';
import { expect, it } from 'vitest';
import { storageError } from '../server/storage-errors.js';

it('a refused connection and a connection dropped mid-query are 503 RB_ERR_DB_UNAVAILABLE; a bad query is not', async () => {
  // A port nobody listens on.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const refused = await new pg.Pool({ connectionString: `postgres://x@127.0.0.1:${port}/x` }).query('SELECT 1').catch((e: Error) => e);
  const mapped = storageError(refused);
  expect(mapped?.statusCode).toBe(503);
  expect(mapped?.code).toBe('RB_ERR_DB_UNAVAILABLE');
  expect(mapped?.message).toMatch(/database server cannot be reached \(ECONNREFUSED/);

  // A "server" that accepts and hangs up: the driver's connection-terminated error.
  const rude = createServer((s) => s.destroy());
  await new Promise<void>((r) => rude.listen(0, '127.0.0.1', r));
  const cut = await new pg.Client({ connectionString: `postgres://x@127.0.0.1:${(rude.address() as { port: number }).port}/x` }).connect().catch((e: Error) => e);
  rude.close();
  expect(storageError(cut)?.code).toBe('RB_ERR_DB_UNAVAILABLE');

  const syntax = Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' });
  expect(storageError(syntax)).toBeNull();
  expect(storageError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))?.statusCode).toBe(503);
});
