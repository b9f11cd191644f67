/**
 * POST → WebSocket delivery latency: a trainer appends one point per request at
 * 1,000 appends/s while 10 subscribers of the env listen on /api/ws. The server
 * runs here; the trainer and subscribers run in their own process
 * (bench/delivery-clients.ts), as they would for real. Latency runs from just before
 * the POST is written to when a subscriber has parsed the frame holding the point;
 * the hub gathers bursts for 2 ms, so that wait is included.
 */
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { figure, printContext, startBenchServer } from './common.js';

printContext('delivery');

const RATE = 1000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SUBSCRIBERS = 10;

const srv = await startBenchServer();
// How late timers run in the server: on a shared, busy machine this alone bounds the latency.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
try {
  loopDelay.enable();
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/delivery-clients.ts', srv.url, String(RATE), String(SECONDS), String(SUBSCRIBERS)],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  loopDelay.disable();
  if (code !== 0) throw new Error(`bench/delivery-clients.ts exited with ${code}`);
  const r = JSON.parse(out) as { rate: number; p50: number; p99: number; max: number };
  figure('delivery: appends/s sent', r.rate, 'appends/s');
  figure(`delivery to ${SUBSCRIBERS} subscribers: p50`, r.p50, 'ms');
  figure(`delivery to ${SUBSCRIBERS} subscribers: p99`, r.p99, 'ms', { op: '<=', value: 10 });
  figure(`delivery to ${SUBSCRIBERS} subscribers: max`, r.max, 'ms');
  figure('server event-loop delay during the run: p99', loopDelay.percentile(99) / 1e6, 'ms');
} finally {
  await srv.stop();
}
