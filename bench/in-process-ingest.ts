/**
 * The in-process part of the ingest benchmarks, shared by bench:ingest and
 * bench:ingest-backends: one-point appends (rate, CPU, latency) and 10k-point batches
 * from one keep-alive client, then a check that every point was stored.
 */
import { figure, KeepAliveClient, now, quantile, wave } from './common.js';
import type { startBenchServer } from './common.js';

const SINGLE_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const BATCH = 10_000;
const BATCH_REQUESTS = Number(process.env.BENCH_BATCHES ?? 200);

/** CPU seconds this process used since `from`: a steadier figure than wall time on a shared machine. */
export function cpuSeconds(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1e6;
}

/** Runs both in-process cases, printing figures as `label, …`; returns the one-point append request. */
export async function inProcessIngest(
  srv: Awaited<ReturnType<typeof startBenchServer>>,
  client: KeepAliveClient,
  label: string,
): Promise<{ path: string; body: string }> {
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
  figure(`${label}, 1 point/request: appends/s`, lat.length / elapsed, 'appends/s', { op: '>=', value: 5000 });
  figure(`${label}, 1 point/request: appends per CPU-second (client + server)`, lat.length / cpu, 'appends/s');
  figure(`${label}, 1 point/request: latency p50`, quantile(lat, 0.5), 'ms');
  figure(`${label}, 1 point/request: latency p99`, quantile(lat, 0.99), 'ms');

  // 10k points per request; X omitted as above.
  const bodies: string[] = [];
  for (let r = 0; r < 4; r++) bodies.push(JSON.stringify({ win: 'batch', Y: wave(BATCH, r * BATCH), update: 'append' }));
  for (let i = 0; i < 10; i++) await client.postOk(path, bodies[i % bodies.length]!); // warm-up
  const bc0 = process.cpuUsage();
  const b0 = now();
  for (let i = 0; i < BATCH_REQUESTS; i++) await client.postOk(path, bodies[i % bodies.length]!);
  const bElapsed = (now() - b0) / 1000;
  const bCpu = cpuSeconds(bc0);
  figure(`${label}, ${BATCH.toLocaleString('en-US')} points/request: points/s`, (BATCH * BATCH_REQUESTS) / bElapsed, 'points/s', {
    op: '>=',
    value: 1_000_000,
  });
  figure(`${label}, ${BATCH.toLocaleString('en-US')} points/request: points per CPU-second (client + server)`, (BATCH * BATCH_REQUESTS) / bCpu, 'points/s');
  const total = (await srv.store.traces('bench', 'batch'))[0]!.n;
  if (total !== BATCH * (BATCH_REQUESTS + 10)) throw new Error(`stored ${total} points, expected ${BATCH * (BATCH_REQUESTS + 10)}`);

  return { path, body };
}
