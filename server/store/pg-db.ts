/**
 * Connecting to Postgres: a pool for queries, the schema brought up to date under an
 * advisory lock (several servers may start at once), and the URL as it may be shown.
 */
import pg from 'pg';
import { PG_AFTER_MIGRATION, PG_MIGRATIONS } from './pg-migrations.js';

/** A query on a pool or on one client (inside a transaction). */
export type Query = <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** bigint (count(*), ids, n) as a JS number: runboard's counts stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

/** How long a query waits for a pooled connection (a new one, or one freed by another query) before it fails. */
export const CONNECT_TIMEOUT_MS = 30_000;

export interface PgOptions {
  /** Most pooled connections (default 10). */
  max?: number;
}

export function createPool(url: string, { max = 10 }: PgOptions = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (Postgres restarted) must not end the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Statement names by text. A named statement is parsed once per connection and then only
 * bound and executed: on an append's statements that saves a parse each (0.2–1 ms on a
 * loaded machine). Statements with long parameter lists (multi-row VALUES of many chunks,
 * whose texts vary with the count) stay unnamed, and names stop at MAX_NAMED, so what each
 * connection keeps prepared on the server stays small and bounded.
 */
const statementNames = new Map<string, string>();
const MAX_NAMED = 200;
const MAX_NAMED_PARAMS = 16;

function named(sql: string, params: unknown[] | undefined): pg.QueryConfig | string {
  if (!params) return sql;
  if (params.length > MAX_NAMED_PARAMS) return { text: sql, values: params };
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_NAMED) statementNames.set(sql, (name = `rb${statementNames.size + 1}`));
  return name === undefined ? { text: sql, values: params } : { name, text: sql, values: params };
}

export function queryOn(c: pg.Pool | pg.PoolClient): Query {
  return async <R>(sql: string, params?: unknown[]) => {
    const q = named(sql, params);
    return (await (typeof q === 'string' ? c.query(q) : c.query(q))).rows as R[];
  };
}

/** Applies every migration past the recorded version, in one transaction, one server at a time. */
export async function migratePg(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('runboard schema'))");
    await client.query('CREATE TABLE IF NOT EXISTS runboard_schema (version integer NOT NULL)');
    const rows = (await client.query('SELECT version FROM runboard_schema')).rows as { version: number }[];
    const current = rows[0]?.version ?? 0;
    if (current > PG_MIGRATIONS.length) {
      throw new Error(`database schema version ${current} is newer than this runboard (knows ${PG_MIGRATIONS.length}); upgrade runboard`);
    }
    for (let v = current; v < PG_MIGRATIONS.length; v++) {
      await client.query(PG_MIGRATIONS[v]!);
      await PG_AFTER_MIGRATION[v + 1]?.(queryOn(client));
    }
    if (rows.length === 0) await client.query('INSERT INTO runboard_schema (version) VALUES ($1)', [PG_MIGRATIONS.length]);
    else await client.query('UPDATE runboard_schema SET version = $1', [PG_MIGRATIONS.length]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
