/**
 * Which store the tests run against. `npm test` runs every suite on SQLite; when
 * RUNBOARD_TEST_PG names a Postgres server (postgres://…), vitest.config.ts adds a
 * second project that runs the backend-independent suites with
 * RUNBOARD_TEST_BACKEND=postgres, each test in a fresh schema of its own.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { tempDir } from './helpers.js';

export const TEST_BACKEND: 'sqlite' | 'postgres' = process.env.RUNBOARD_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

/** A --db value for a fresh, empty store: a SQLite file in a temp dir, or a new Postgres schema (dropped after the test). */
export async function freshDbPath(): Promise<string> {
  if (TEST_BACKEND === 'sqlite') return join(tempDir(), 'runboard.db');
  const base = process.env.RUNBOARD_TEST_PG;
  if (!base) throw new Error('RUNBOARD_TEST_BACKEND=postgres needs RUNBOARD_TEST_PG=postgres://… naming a server to create test schemas in');
  const schema = `rb_test_${randomBytes(6).toString('hex')}`;
  await admin(base, `CREATE SCHEMA ${schema}`);
  onTestFinished(() => admin(base, `DROP SCHEMA ${schema} CASCADE`));
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
