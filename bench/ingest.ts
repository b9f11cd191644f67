/**
 * Ingest over HTTP from one client on one keep-alive connection:
 * - one point per request (update 'append'): appends/s and latency p50/p99;
 * - 10,000 points per request: points/s.
 * First from a client in this process, then from external processes (so the client's
 * cost is not the server's): bench/load-client.ts (latencies to the microsecond) and
 * autocannon (-c 1), each also timing a trivial GET /api/envs in the same run as the
 * baseline: the target is appends/s ≥ 50% of that rate, and append p99 ≤ 2 ms.
 * Every request is acknowledged only after its transaction commits.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { figure, KeepAliveClient, startBenchServer, printContext } from './common.js';
import { inProcessIngest } from './in-process-ingest.js';

printContext('ingest');

const SINGLE_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

/** Runs a command to completion and returns its stdout. */
function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}: ${err}`))));
  });
}

interface External {
  rate: number;
  p50: number;
  p99: number;
  cpu: number;
}

/** bench/load-client.ts in its own process: sequential requests on one keep-alive connection. */
async function loadClient(url: string, method: string, path: string, body?: string): Promise<External> {
  const out = await run(process.execPath, ['--import', 'tsx', 'bench/load-client.ts', url, method, path, String(SINGLE_SECONDS), ...(body ? [body] : [])]);
  const r = JSON.parse(out) as { requests: number; failed: number; seconds: number; p50: number; p99: number; cpu: number };
  if (r.failed > 0) throw new Error(`${r.failed} ${method} ${path} requests failed`);
  return { rate: r.requests / r.seconds, p50: r.p50, p99: r.p99, cpu: r.cpu };
}

/** autocannon with one connection (its latencies are whole milliseconds). */
async function autocannon(url: string, method: string, path: string, body?: string): Promise<External> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [bin, '-j', '-c', '1', '-d', String(SINGLE_SECONDS), '-m', method, ...(body ? ['-H', 'content-type=application/json', '-b', body] : []), url + path];
  const r = JSON.parse(await run(process.execPath, args)) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`autocannon ${method} ${path}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rate: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpu: NaN };
}


const srv = await startBenchServer();
const client = new KeepAliveClient(srv.url);
try {
  const { path, body } = await inProcessIngest(srv, client, 'ingest');

  // External clients: the trivial GET as the baseline, then one-point appends, each generator in turn.
  for (const [name, gen] of [['load-client', loadClient], ['autocannon', autocannon]] as const) {
    const get = await gen(srv.url, 'GET', '/api/envs');
    const app = await gen(srv.url, 'POST', path, body);
    const label = `ingest, external ${name}`;
    figure(`${label}: GET /api/envs/s (baseline)`, get.rate, 'requests/s');
    figure(`${label}: GET /api/envs latency p50 / p99`, get.p50, `ms / ${get.p99.toFixed(2)} ms`);
    figure(`${label}, 1 point/request: appends/s`, app.rate, 'appends/s');
    figure(`${label}, 1 point/request: latency p50`, app.p50, 'ms');
    figure(`${label}, 1 point/request: latency p99`, app.p99, 'ms', { op: '<=', value: 2 });
    figure(`${label}: appends/s ÷ GET/s`, app.rate / get.rate, '×', { op: '>=', value: 0.5 });
    console.log(`${label}: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; WAL checkpoints ${JSON.stringify(srv.checkpointer?.stats)}`);
  }
} finally {
  client.close();
  await srv.stop();
}
