/**
 * An external load generator for bench/ingest.ts: a separate Node process that sends
 * sequential requests on one keep-alive connection and prints one JSON line of
 * results (requests, seconds, latency quantiles in ms, its own CPU seconds). Being its
 * own process, its cost is not charged to the server's event loop.
 *
 *   node --import tsx bench/load-client.ts URL METHOD PATH SECONDS [BODY]
 */
import { KeepAliveClient, now, quantile } from './common.js';

const [url, method, path, seconds, body] = process.argv.slice(2);
if (!url || !method || !path || !seconds) throw new Error('usage: load-client URL METHOD PATH SECONDS [BODY]');

const client = new KeepAliveClient(url);
const send = method === 'GET' ? () => client.get(path) : () => client.post(path, body ?? '');
for (let i = 0; i < 500; i++) await send(); // warm-up
const lat: number[] = [];
let failed = 0;
const c0 = process.cpuUsage();
const t0 = now();
while (now() - t0 < Number(seconds) * 1000) {
  const s = now();
  const r = await send();
  lat.push(now() - s);
  if (r.status !== 200) failed++;
}
const elapsed = (now() - t0) / 1000;
const c = process.cpuUsage(c0);
client.close();
const n = lat.length;
console.log(JSON.stringify({
  requests: n, failed, seconds: elapsed,
  p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), p999: quantile(lat, 0.999), max: lat[n - 1],
  cpu: (c.user + c.system) / 1e6,
}));
