/**
 * Whether exports stall writes: fills one window with 10M points (BENCH_POINTS), then
 * times one-point appends over HTTP with no export running (baseline) and while a
 * full-resolution export of that window streams to a separate client process (curl),
 * for each export in BENCH_EXPORTS (csv, json, win_data, win_hash). Prints p50/p99
 * latency, their ratio to the baseline, the load average and the server's CPU time.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { figure, KeepAliveClient, now, printContext, quantile, startBenchServer } from './common.js';

printContext('export-stall');

const POINTS = Number(process.env.BENCH_POINTS ?? 10_000_000);
const EXPORTS = (process.env.BENCH_EXPORTS ?? 'csv,win_hash').split(',');
const BASELINE_APPENDS = 500;
const FILL = 200_000;

const srv = await startBenchServer({ maxPoints: FILL });
const client = new KeepAliveClient(srv.url);
const body = JSON.stringify({ win: 'big', Y: [0.5], update: 'append' });

/** curl arguments that fetch each export and throw the bytes away. */
const requests: Record<string, string[]> = {
  csv: [`${srv.url}/api/env/bench/win/big/data?format=csv`],
  json: [`${srv.url}/api/env/bench/win/big/data?format=json`],
  win_data: ['-X', 'POST', '--data', JSON.stringify({ eid: 'bench', win: 'big' }), `${srv.url}/win_data`],
  win_hash: ['-X', 'POST', '--data', JSON.stringify({ eid: 'bench', win: 'big' }), `${srv.url}/win_hash`],
};

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

try {
  const t0 = now();
  await srv.ingest.series({ env: 'bench', win: 'big', mode: 'create', type: 'line', traces: [{ name: 'loss', x: null, y: new Float64Array(0) }] });
  for (let done = 0; done < POINTS; done += FILL) {
    const y = new Float64Array(Math.min(FILL, POINTS - done)).map((_, i) => Math.sin((done + i) / 1000));
    await srv.ingest.series({ env: 'bench', win: 'big', mode: 'append', type: 'line', traces: [{ name: 'loss', x: null, y }] });
  }
  console.log(`filled ${POINTS.toLocaleString('en-US')} points in ${((now() - t0) / 1000).toFixed(1)} s`);

  const baseline: number[] = [];
  let cpu = process.cpuUsage();
  for (let i = 0; i < BASELINE_APPENDS; i++) {
    const t = now();
    await client.postOk('/api/env/bench/line', body);
    baseline.push(now() - t);
  }
  const p50 = quantile(baseline, 0.5);
  const p99 = quantile(baseline, 0.99);
  figure('append, no export: p50', p50, 'ms');
  figure('append, no export: p99', p99, 'ms');
  console.log(`  load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; server CPU ${cpuMs(cpu).toFixed(0)} ms for ${BASELINE_APPENDS} appends`);

  for (const name of EXPORTS) {
    const during: number[] = [];
    cpu = process.cpuUsage();
    const started = now();
    const curl = spawn('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code} %{size_download}', ...requests[name]!]);
    let out = '';
    curl.stdout.on('data', (d) => (out += d));
    let finished = false;
    const done = new Promise<void>((resolve) => curl.on('close', () => ((finished = true), resolve())));
    while (!finished) {
      const t = now();
      await client.postOk('/api/env/bench/line', body);
      during.push(now() - t);
    }
    await done;
    const seconds = (now() - started) / 1000;
    const d50 = quantile(during, 0.5);
    const d99 = quantile(during, 0.99);
    console.log(`${name}: export took ${seconds.toFixed(1)} s (curl: status and bytes ${out}); ${during.length} appends during it`);
    figure(`append during ${name} export: p50`, d50, 'ms');
    figure(`append during ${name} export: p99`, d99, 'ms', { op: '<=', value: 50 });
    figure(`append during ${name} export: max`, Math.max(...during), 'ms');
    figure(`append during ${name} export: p99 / baseline p99`, d99 / p99, '×');
    console.log(`  load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; server CPU ${cpuMs(cpu).toFixed(0)} ms over ${seconds.toFixed(1)} s`);
  }
} finally {
  client.close();
  await srv.stop();
}
