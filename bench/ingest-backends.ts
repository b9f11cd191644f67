/**
 * Ingest over HTTP from one client on one keep-alive connection:
 * - one point per request (update 'append'): appends/s and latency p50/p99;
 * - 10,000 points per request: points/s.
 * Every request is acknowledged only after its transaction commits.
 * With `--db postgres://…` (or BENCH_PG) the same runs again on Postgres, in a fresh schema,
 * and each figure is printed for both stores.
 */
import { benchPostgres, benchSchema, KeepAliveClient, startBenchServer, printContext } from './common.js';
import { inProcessIngest } from './in-process-ingest.js';

printContext('ingest-backends');



async function run(label: string, dbPath?: string): Promise<void> {
  const srv = await startBenchServer({}, dbPath);
  const client = new KeepAliveClient(srv.url);
  try {
    await inProcessIngest(srv, client, label);
  } finally {
    client.close();
    await srv.stop();
  }
}

await run('ingest (SQLite)');
const pgUrl = benchPostgres();
if (pgUrl) {
  const schema = await benchSchema(pgUrl);
  try {
    await run('ingest (Postgres)', schema.url);
  } finally {
    await schema.drop();
  }
} else {
  console.log('Postgres not measured: pass --db postgres://user@host:port/db (or set BENCH_PG) to measure it beside SQLite');
}
