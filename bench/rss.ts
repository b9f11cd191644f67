/**
 * Server memory with 10M points stored: the server runs as its own process
 * (node --import tsx server/main.ts --db FILE --port 0), receives 10M points in
 * 10k-point requests, then serves a decimated read of them; its RSS is read from
 * /proc/<pid>/status after each step.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDir, figure, KeepAliveClient, now, wave, printContext } from './common.js';

printContext('rss');

const POINTS = Number(process.env.BENCH_POINTS ?? 10_000_000);
const BATCH = 10_000;

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no ${field} for pid ${pid}`);
  return Number(m[1]) / 1024;
}

const dir = benchDir();
const root = fileURLToPath(new URL('..', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--db', join(dir, 'runboard.db'), '--port', '0'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving (http:\/\/\S+?)\/? /.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  const pid = child.pid!;
  const client = new KeepAliveClient(url);
  figure('rss: server at start', status(pid, 'VmRSS'), 'MB');

  const bodies = [0, 1, 2, 3].map((r) => JSON.stringify({ win: 'big', Y: wave(BATCH, r * BATCH), update: 'append' }));
  const t0 = now();
  for (let i = 0; i < POINTS / BATCH; i++) await client.postOk('/api/env/bench/line', bodies[i % bodies.length]!);
  const seconds = (now() - t0) / 1000;
  figure(`rss: server after ${(POINTS / 1e6).toFixed(0)}M points stored`, status(pid, 'VmRSS'), 'MB', { op: '<=', value: 200 });

  const t1 = now();
  const read = await client.get('/api/env/bench/win/big/data?buckets=2000');
  const readMs = now() - t1;
  if (read.status !== 200 || !JSON.parse(read.text).traces[0].decimated) throw new Error(`bad read: ${read.text.slice(0, 200)}`);
  figure('rss: server after a decimated read of them', status(pid, 'VmRSS'), 'MB', { op: '<=', value: 200 });
  figure('rss: server peak (VmHWM)', status(pid, 'VmHWM'), 'MB');
  console.log(`(ingest took ${seconds.toFixed(1)} s; the first decimated read over HTTP took ${readMs.toFixed(0)} ms)`);
  client.close();
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
