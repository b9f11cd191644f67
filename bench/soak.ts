/**
 * Soak: `npm run bench:soak -- --minutes 30`. A real server process takes
 * `--rate` one-point appends per second from `--clients` clients while `--viewers`
 * WebSocket viewers watch the env. Every minute: server RSS, append latency p50/p99,
 * acknowledged appends/s, the slowest viewer's points/s and the server's CPU time per
 * append (the figure that holds on a shared machine, where latency reflects the neighbours). At the end: drift from the
 * first minute after warm-up to the last.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { spawnServer } from '../test/crash-harness.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rate: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '4' },
    viewers: { type: 'string', default: '20' },
  },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const clients = Number(values.clients);
const viewers = Number(values.viewers);

interface Minute {
  latencies: number[];
  errors: number;
  viewerPoints: number[];
}
const fresh = (): Minute => ({ latencies: [], errors: 0, viewerPoints: Array(viewers).fill(0) });
let current = fresh();

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU seconds the server process has used (user + system). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const dir = mkdtempSync(join(tmpdir(), 'runboard-soak-'));
const srv = await spawnServer(join(dir, 'runboard.db'));
const pid = srv.child.pid!;
const env = 'soak';
let running = true;

// Viewers: subscribe to the env and count the points they receive.
const sockets: WebSocket[] = [];
for (let v = 0; v < viewers; v++) {
  const ws = new WebSocket(`${srv.url.replace(/^http/, 'ws')}/api/ws`);
  await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
  ws.send(JSON.stringify({ type: 'subscribe', envs: [env] }));
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { type: string; traces?: { x: number[] }[] };
    if (msg.type === 'append') for (const t of msg.traces!) current.viewerPoints[v]! += t.x.length;
  });
  sockets.push(ws);
}

// Writers: each offers rate/clients appends per second on a fixed schedule (open loop),
// with at most MAX_IN_FLIGHT requests outstanding; a saturated server shows as fewer appends/s.
const MAX_IN_FLIGHT = 32;

async function append(k: number, i: number): Promise<void> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${srv.url}/api/env/${env}/line`, {
      method: 'POST',
      body: JSON.stringify({ win: `w${k}`, update: 'append', X: [i], Y: [Math.sin(i / 100)] }),
    });
    await res.arrayBuffer();
    if (res.status === 200) current.latencies.push(performance.now() - t0);
    else current.errors++;
  } catch {
    current.errors++;
  }
}

async function writer(k: number): Promise<void> {
  const interval = (1000 * clients) / rate;
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; running; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const p: Promise<void> = append(k, i).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
}

console.log(`soak: ${minutes} min, ${rate} appends/s from ${clients} clients, ${viewers} viewers, server pid ${pid}`);
console.log('minute  rss-MB  appends/s  p50-ms  p99-ms  errors  slowest-viewer-points/s  server-cpu-ms/append');
let cpuBefore = cpuSeconds(pid);
const rows: { rss: number; p99: number; throughput: number }[] = [];
const writers = Array.from({ length: clients }, (_, k) => writer(k));
for (let m = 1; m <= minutes; m++) {
  await new Promise((r) => setTimeout(r, 60_000));
  const done = current;
  current = fresh();
  const sorted = done.latencies.sort((a, b) => a - b);
  const row = { rss: rssMb(pid), p99: quantile(sorted, 0.99), throughput: sorted.length / 60 };
  const cpu = cpuSeconds(pid);
  const cpuPerAppend = ((cpu - cpuBefore) * 1000) / Math.max(1, sorted.length);
  cpuBefore = cpu;
  rows.push(row);
  console.log(
    `${String(m).padStart(6)}  ${row.rss.toFixed(1).padStart(6)}  ${row.throughput.toFixed(0).padStart(9)}  ${quantile(sorted, 0.5).toFixed(2).padStart(6)}  ${row.p99.toFixed(2).padStart(6)}  ${String(done.errors).padStart(6)}  ${(Math.min(...done.viewerPoints) / 60).toFixed(0).padStart(23)}  ${cpuPerAppend.toFixed(3).padStart(20)}`,
  );
}
running = false;
await Promise.all(writers);
for (const ws of sockets) ws.close();
srv.child.kill('SIGTERM');
await srv.exited;
rmSync(dir, { recursive: true, force: true });

// Minute 1 is warm-up (JIT, SQLite page cache); drift is measured from minute 2.
const first = rows[Math.min(1, rows.length - 1)]!;
const last = rows[rows.length - 1]!;
const pct = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)}%`;
console.log(
  `\ndrift (minute ${Math.min(2, rows.length)} → ${rows.length}): RSS ${first.rss.toFixed(1)} → ${last.rss.toFixed(1)} MB (${pct(first.rss, last.rss)}), ` +
    `p99 ${first.p99.toFixed(2)} → ${last.p99.toFixed(2)} ms (${pct(first.p99, last.p99)}), ` +
    `throughput ${first.throughput.toFixed(0)} → ${last.throughput.toFixed(0)} appends/s`,
);
