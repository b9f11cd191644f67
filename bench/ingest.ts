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
import { figure, KeepAliveClient, now, quantile, startBenchServer, wave, printContext } from './common.js';

printContext('ingest');

const SINGLE_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const BATCH = 10_000;
const BATCH_REQUESTS = Number(process.env.BENCH_BATCHES ?? 200);

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

/** CPU seconds this process used since `from`: a steadier figure than wall time on a shared machine. */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1e6;
}

const srv = await startBenchServer();
const client = new KeepAliveClient(srv.url);
try {
  // One point per request. X is omitted: each point continues the trace's step count.
  const path = '/api/env/bench/line';
  await client.postOk(path, JSON.stringify({ win: 'one', Y: [0] }));
  const body = JSON.stringify({ win: 'one', Y: [0.5], update: 'append' });
  for (let i = 0; i < 500; i++) await client.postOk(path, body); // warm-up
  const lat: number[] = [];
  const c0 = process.cpuUsage();
  const t0 = now();
  while (now() - t0 < SINGLE_SECONDS * 1000) {
    const s = now();
    await client.postOk(path, body);
    lat.push(now() - s);
  }
  const elapsed = (now() - t0) / 1000;
  const cpu = cpuSeconds(c0);
  figure('ingest, 1 point/request: appends/s', lat.length / elapsed, 'appends/s', { op: '>=', value: 5000 });
  figure('ingest, 1 point/request: appends per CPU-second (client + server)', lat.length / cpu, 'appends/s');
  figure('ingest, 1 point/request: latency p50', quantile(lat, 0.5), 'ms');
  figure('ingest, 1 point/request: latency p99', quantile(lat, 0.99), 'ms');

  // 10k points per request; X omitted as above.
  const bodies: string[] = [];
  for (let r = 0; r < 4; r++) bodies.push(JSON.stringify({ win: 'batch', Y: wave(BATCH, r * BATCH), update: 'append' }));
  for (let i = 0; i < 10; i++) await client.postOk(path, bodies[i % bodies.length]!); // warm-up
  const bc0 = process.cpuUsage();
  const b0 = now();
  for (let i = 0; i < BATCH_REQUESTS; i++) await client.postOk(path, bodies[i % bodies.length]!);
  const bElapsed = (now() - b0) / 1000;
  const bCpu = cpuSeconds(bc0);
  figure(`ingest, ${BATCH.toLocaleString('en-US')} points/request: points/s`, (BATCH * BATCH_REQUESTS) / bElapsed, 'points/s', {
    op: '>=',
    value: 1_000_000,
  });
  figure(`ingest, ${BATCH.toLocaleString('en-US')} points/request: points per CPU-second (client + server)`, (BATCH * BATCH_REQUESTS) / bCpu, 'points/s');
  const total = (await srv.store.traces('bench', 'batch'))[0]!.n;
  if (total !== BATCH * (BATCH_REQUESTS + 10)) throw new Error(`stored ${total} points, expected ${BATCH * (BATCH_REQUESTS + 10)}`);

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
