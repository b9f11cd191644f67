/**
 * POST → WebSocket delivery latency: one trainer appends one point per request at
 * 1,000 appends/s while 10 subscribers of the env listen on /api/ws. Latency runs
 * from just before the POST is written to when a subscriber has parsed the frame
 * holding that point (the hub coalesces bursts for 2 ms, so this includes that wait).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { ServerMessage } from '../protocol/index.js';
import { figure, KeepAliveClient, now, quantile, startBenchServer, printContext } from './common.js';

printContext('delivery');

const RATE = 1000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SUBSCRIBERS = 10;

const srv = await startBenchServer();
const client = new KeepAliveClient(srv.url);
const sockets: WebSocket[] = [];
try {
  await client.postOk('/api/env/bench/line', JSON.stringify({ win: 'live', Y: [-1] }));
  const total = RATE * SECONDS;
  const sentAt = new Float64Array(total);
  const latencies: number[] = [];
  let received = 0;
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const ws = new WebSocket(`${srv.url.replace(/^http/, 'ws')}/api/ws`);
    sockets.push(ws);
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as ServerMessage;
        if (msg.type === 'snapshot') resolve();
        if (msg.type !== 'append') return;
        const t = now();
        for (const y of msg.traces[0]!.y) {
          latencies.push(t - sentAt[y as number]!);
          received++;
        }
      });
      ws.once('open', () => ws.send(JSON.stringify({ type: 'subscribe', envs: ['bench'] })));
      ws.once('error', reject);
    });
  }

  // How late timers run in this process: on a shared, busy machine this alone bounds the latency.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const start = now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    // Sleep, not spin: a busy process is scheduled worse on a shared machine.
    if (now() < due - 0.5) await new Promise((r) => setTimeout(r, Math.max(0, due - now() - 0.5)));
    sentAt[i] = now();
    await client.postOk('/api/env/bench/line', `{"win":"live","Y":[${i}],"update":"append"}`);
  }
  const rate = total / ((now() - start) / 1000);
  const deadline = now() + 5000;
  while (received < total * SUBSCRIBERS && now() < deadline) await new Promise((r) => setTimeout(r, 10));
  if (received !== total * SUBSCRIBERS) throw new Error(`subscribers got ${received} points, expected ${total * SUBSCRIBERS}`);
  figure('delivery: appends/s sent', rate, 'appends/s');
  figure(`delivery to ${SUBSCRIBERS} subscribers: p50`, quantile(latencies, 0.5), 'ms');
  figure(`delivery to ${SUBSCRIBERS} subscribers: p99`, quantile(latencies, 0.99), 'ms', { op: '<=', value: 10 });
  figure(`delivery to ${SUBSCRIBERS} subscribers: max`, quantile(latencies, 1), 'ms');
  loopDelay.disable();
  figure('event-loop delay during the run: p99', loopDelay.percentile(99) / 1e6, 'ms');
} finally {
  for (const ws of sockets) ws.close();
  client.close();
  await srv.stop();
}
