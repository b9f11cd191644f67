/**
 * Per-operation costs of Postgres for the README's capacity note (bench:pg-ops): a committed
 * one-point append (reserve seqs + insert, one transaction) from 1 and 16 connections,
 * and the same with a NOTIFY inside each transaction, against a table shaped like the store's.
 * Needs RUNBOARD_BENCH_PG or RUNBOARD_TEST_PG.
 */
import { loadavg } from 'node:os';
import pg from 'pg';

const BASE = process.env.RUNBOARD_BENCH_PG ?? process.env.RUNBOARD_TEST_PG;
if (!BASE) {
  console.error('bench:pg-ops needs RUNBOARD_BENCH_PG (a postgres:// URL)');
  process.exit(2);
}
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const pool = new pg.Pool({ connectionString: BASE, max: 16 });
await pool.query('DROP TABLE IF EXISTS ops_points; DROP TABLE IF EXISTS ops_traces');
await pool.query('CREATE TABLE ops_traces (id serial PRIMARY KEY, n bigint NOT NULL DEFAULT 0)');
await pool.query('CREATE TABLE ops_points (trace_id int NOT NULL, seq bigint NOT NULL, x float8, y float8, t float8, PRIMARY KEY (trace_id, seq))');
await pool.query('INSERT INTO ops_traces (n) SELECT 0 FROM generate_series(1, 64)');

async function run(clients: number, notify: boolean): Promise<number> {
  let done = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, k) => {
      const c = await pool.connect();
      for (let i = 0; performance.now() < end; i++) {
        await c.query('BEGIN');
        const r = await c.query('UPDATE ops_traces SET n = n + 1 WHERE id = $1 RETURNING n - 1 AS seq', [(k % 64) + 1]);
        await c.query('INSERT INTO ops_points VALUES ($1, $2, $3, $4, $5)', [(k % 64) + 1, r.rows[0].seq, i, i, Date.now()]);
        if (notify) await c.query("SELECT pg_notify('ops', $1)", [String(i)]);
        await c.query('COMMIT');
        done++;
      }
      c.release();
    }),
  );
  return done / SECONDS;
}

const cpu0 = process.cpuUsage();
for (const clients of [1, 16]) {
  const plain = await run(clients, false);
  const notified = await run(clients, true);
  console.log(`pg-ops: ${clients} connection(s): ${Math.round(plain)} committed one-point appends/s; with NOTIFY inside: ${Math.round(notified)}/s (ratio ${(notified / plain).toFixed(2)})`);
}
const cpu = process.cpuUsage(cpu0);
console.log(`pg-ops: client CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(1)}`);
await pool.query('DROP TABLE ops_points; DROP TABLE ops_traces');
await pool.end();
