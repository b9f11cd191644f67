/**
 * The client side of bench/delivery.ts, in its own process as a trainer and
 * browsers would be: 10 subscribers of env `bench` on /api/ws, and a trainer that
 * appends one point per request at the given rate. Prints one JSON line: the rate
 * reached and the latencies (ms) from just before each POST to each subscriber
 * having parsed the frame that holds the point.
 *
 *   node --import tsx bench/delivery-clients.ts URL RATE SECONDS SUBSCRIBERS [VIEWER_URL,…]
 *
 * With viewer URLs (other servers of a cluster), the subscribers are spread over them.
 */
import WebSocket from 'ws';
import type { ServerMessage } from '../protocol/index.js';
import { KeepAliveClient, now, quantile } from './common.js';

const [url, rateArg, secondsArg, subsArg, viewersArg] = process.argv.slice(2);
const viewers = viewersArg ? viewersArg.split(',') : [url!];
const RATE = Number(rateArg);
const total = RATE * Number(secondsArg);
const SUBSCRIBERS = Number(subsArg);

const client = new KeepAliveClient(url!);
const sockets: WebSocket[] = [];
const sentAt = new Float64Array(total);
const latencies: number[] = [];
let received = 0;
try {
  await client.postOk('/api/env/bench/line', JSON.stringify({ win: 'live', Y: [-1] }));
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const ws = new WebSocket(`${viewers[i % viewers.length]!.replace(/^http/, 'ws')}/api/ws`);
    sockets.push(ws);
    await new Promise<void>((resolve, reject) => {
      // A big env's snapshot streams its windows after the first frame: points appended before
      // `live`'s data was read arrive in its window message, not as appends (the socket cuts them
      // from the appends that follow). Both count, each point once per subscriber.
      const seen = new Uint8Array(total);
      const got = (ys: (number | null)[], t: number) => {
        for (const y of ys) {
          if (typeof y !== 'number' || y < 0 || seen[y]) continue;
          seen[y] = 1;
          latencies.push(t - sentAt[y]!);
          received++;
        }
      };
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as ServerMessage;
        if (msg.type === 'snapshot') {
          for (const w of msg.windows) if (w.id === 'live') got(w.data[0]?.y ?? [], now());
          resolve();
        }
        if (msg.type === 'append' && msg.win === 'live') got(msg.traces[0]!.y, now());
        if (msg.type === 'window' && msg.window.id === 'live' && msg.window.data) got(msg.window.data[0]?.y ?? [], now());
      });
      ws.once('open', () => ws.send(JSON.stringify({ type: 'subscribe', envs: ['bench'] })));
      ws.once('error', reject);
    });
  }

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
  console.log(JSON.stringify({ rate, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: quantile(latencies, 1) }));
} finally {
  for (const ws of sockets) ws.close();
  client.close();
}
