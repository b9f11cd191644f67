/**
 * The load the Python visdom client puts on a server, against a real runboard in a
 * child process: for each point a POST /win_exists then a POST /update (no
 * Content-Type, keep-alive, one connection per client), from one and from four
 * clients; then the cost of one append to windows holding 1k, 100k and 1M points,
 * and reading the 1M-point window back with /win_data. Prints figures; asserts nothing.
 *
 *   npm run bench:visdom            (tsx bench/visdom.ts)
 *
 * Real Visdom 0.2.4 on a 2-vCPU machine, for comparison (protocol doc §13): 133 appends/s
 * from one client (105/s counting /win_exists), no gain from four clients, ~7 ms server
 * CPU per append, and 3.5 ms / 263 ms / 2.5 s per append at 1k / 100k / 1M points.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100;

interface Client {
  post(path: string, body: string): Promise<string>;
}

function client(port: number): Client {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    post: (path, body) =>
      new Promise((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-length': Buffer.byteLength(body) } },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c) => (text += c));
            res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`${path}: ${res.statusCode} ${text}`))));
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
  };
}

/** The body `vis.line(Y=[y], X=[x], win=win, update='append')` sends. */
function appendBody(win: string, x: number[], y: number[]): string {
  return JSON.stringify({
    data: [{ x, y, name: '1', type: 'scatter', mode: 'lines', textposition: 'right', line: {}, marker: { size: 10, symbol: 'dot', line: { color: '#000000', width: 0.5 } } }],
    win, eid: 'bench', layout: {},
    opts: { markers: false, fillarea: false, mode: 'lines', markersymbol: 'dot', markersize: 10, markerborderwidth: 0.5 },
    name: null, append: true,
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(port: number, dbPath: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', String(port), '--db', dbPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, RUNBOARD_LOG: 'warn' },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('serving') && resolve());
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return child;
}

/** CPU time (user + system) the server process has used, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** `clients` clients, each appending `n` points one by one to its own window; returns appends/s and latency percentiles (ms). */
async function appendLoad(port: number, pid: number, clients: number, n: number, withWinExists: boolean, tag: string) {
  const latencies: number[] = [];
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const cl = client(port);
      const win = `${tag}_${c}`;
      const exists = JSON.stringify({ win, eid: 'bench' });
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        if (withWinExists) await cl.post('/win_exists', exists);
        await cl.post('/update', appendBody(win, [i], [Math.sin(i / 50)]));
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuMs(pid) - cpu0;
  latencies.sort((a, b) => a - b);
  return { rate: (clients * n) / seconds, p50: pct(latencies, 50), p99: pct(latencies, 99), cpuPerAppend: cpu / (clients * n) };
}

/** Fills window `win` to `size` points with 100k-point appends. */
async function fill(cl: Client, win: string, size: number): Promise<void> {
  const batch = 100_000;
  for (let from = 0; from < size; from += batch) {
    const k = Math.min(batch, size - from);
    const x = Array.from({ length: k }, (_, i) => from + i);
    await cl.post('/update', appendBody(win, x, x.map((v) => Math.sin(v / 500))));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'runboard-bench-'));
  const port = await freePort();
  const server = await startServer(port, join(dir, 'bench.db'));
  const pid = server.pid!;
  const fmt = (v: number, d = 2) => v.toFixed(d);
  try {
    const cl = client(port);
    await cl.post('/env/bench', JSON.stringify({ eid: 'bench' }));
    console.log('runboard, Visdom client load (1-point appends, keep-alive, no Content-Type)\n');
    await appendLoad(port, pid, 1, 300, true, 'warm');
    for (const [clients, withWinExists, n] of [[1, false, 3000], [1, true, 3000], [4, true, 1500]] as const) {
      const r = await appendLoad(port, pid, clients, n, withWinExists, `c${clients}${withWinExists ? 'e' : 'u'}`);
      console.log(
        `${clients} client${clients > 1 ? 's' : ' '} ${withWinExists ? '/win_exists+/update' : '/update only      '}: ` +
          `${fmt(r.rate, 0).padStart(6)} appends/s   p50 ${fmt(r.p50)} ms   p99 ${fmt(r.p99)} ms   server CPU ${fmt(r.cpuPerAppend, 3)} ms/append`,
      );
    }
    console.log('\none append (/win_exists + /update, 1 point) to a window already holding N points:');
    for (const size of [1_000, 100_000, 1_000_000]) {
      const win = `big${size}`;
      await fill(cl, win, size);
      const lat: number[] = [];
      const cpu0 = cpuMs(pid);
      const reps = 300;
      for (let i = 0; i < reps; i++) {
        const s = performance.now();
        await cl.post('/win_exists', JSON.stringify({ win, eid: 'bench' }));
        await cl.post('/update', appendBody(win, [size + i], [0.5]));
        lat.push(performance.now() - s);
      }
      const cpu = (cpuMs(pid) - cpu0) / reps;
      lat.sort((a, b) => a - b);
      console.log(`  N = ${String(size).padStart(9)}: p50 ${fmt(pct(lat, 50))} ms   p99 ${fmt(pct(lat, 99))} ms   server CPU ${fmt(cpu, 3)} ms/append`);
    }
    const s = performance.now();
    const text = await cl.post('/win_data', JSON.stringify({ win: 'big1000000', eid: 'bench' }));
    const ms = performance.now() - s;
    const w = JSON.parse(text);
    console.log(`\n/win_data of the 1M-point window: ${fmt(ms, 0)} ms, ${fmt(text.length / 1e6, 1)} MB, ${w.content.data[0].x.length} points`);
    const rss = Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)![1]) / 1024;
    console.log(`server peak RSS: ${fmt(rss, 0)} MB`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
