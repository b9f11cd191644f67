/**
 * TensorBoard logdirs (--logdir, npm run import -- --tensorboard):
 * - import speed of a 10M-scalar logdir, in scalars/s, against a read-and-decode-only
 *   pass over the same files in the same run (the ratio is what storing costs);
 * - write → socket latency while a real server tails a run, with fs events and with
 *   polling only (p50/p99);
 * - CPU used while idle-watching 1,000 runs (last written over a minute ago, as a finished
 *   sweep's are; polled only, also just after they were written, before polling backs off),
 *   against the same server idle without a logdir.
 * BENCH_SCALARS (default 10,000,000) scales the import; BENCH_RUNS (1000) the idle watch;
 * BENCH_PARTS=import,tail,idle picks parts.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hub } from '../server/hub.js';
import { Ingest } from '../server/ingest.js';
import { closeDb, openDb } from '../server/store/db.js';
import { SqliteStore } from '../server/store/sqlite-store.js';
import { readEventFile } from '../server/tensorboard/event-file.js';
import { logdirTailer } from '../server/tensorboard/follow.js';
import { SocketClient } from './logdir-socket.js';
import { benchDir, figure, now, printContext, quantile, startBenchServer } from './common.js';
import { eventRecord, scalarEvent, TbWriter } from '../test/tb-writer.js';

printContext('logdir');

const SCALARS = Number(process.env.BENCH_SCALARS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 1000);
const LATENCY_RECORDS = Number(process.env.BENCH_LATENCY_RECORDS ?? 200);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 20);
const T0 = 1_700_000_000;

function cpuSeconds(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1e6;
}

/** 100 runs × 10 tags, one PyTorch-style event per scalar; kept in the temp dir between bench runs. */
function bigLogdir(scalars: number): string {
  const dir = join(tmpdir(), `runboard-bench-logdir-${scalars}`);
  if (existsSync(join(dir, 'done'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  const runs = 100;
  const tags = 10;
  const steps = Math.ceil(scalars / runs / tags);
  const t0 = now();
  for (let r = 0; r < runs; r++) {
    const parts: Buffer[] = [];
    for (let s = 0; s < steps; s++) {
      for (let k = 0; k < tags; k++) parts.push(eventRecord(scalarEvent(`train/metric_${k}`, s, Math.sin(s / 100 + k), T0 + s / 10)));
    }
    mkdirSync(join(dir, `run_${r}`), { recursive: true });
    writeFileSync(join(dir, `run_${r}`, `events.out.tfevents.${T0}.bench.${r}`), Buffer.concat(parts));
  }
  writeFileSync(join(dir, 'done'), '');
  console.log(`generated ${runs * tags * steps} scalars in ${((now() - t0) / 1000).toFixed(1)} s at ${dir}`);
  return dir;
}

/**
 * Stops a bench server. The checkpoint worker is unref'd and `stop` awaits its exit: with
 * nothing else keeping the event loop alive, node would exit first (code 13, the rest of
 * the benchmark not run). A timer keeps it alive meanwhile.
 */
async function stop(srv: { stop(): Promise<void> }): Promise<void> {
  const alive = setInterval(() => undefined, 1000);
  try {
    await srv.stop();
  } finally {
    clearInterval(alive);
  }
}

async function importSpeed(): Promise<void> {
  const dir = bigLogdir(SCALARS);
  // Baseline: read, check and decode every record, store nothing.
  let decoded = 0;
  const dc0 = process.cpuUsage();
  const d0 = now();
  for (const run of readdirSync(dir).filter((n) => n.startsWith('run_'))) {
    for (const name of readdirSync(join(dir, run))) {
      const path = join(dir, run, name);
      const plugins = new Map<string, string>();
      for (let offset = 0; ; ) {
        const r = readEventFile(path, offset, plugins);
        decoded += r.decoded.size;
        if (r.offset === offset) break;
        offset = r.offset;
      }
    }
  }
  const decodeRate = decoded / ((now() - d0) / 1000);
  const decodeCpu = cpuSeconds(dc0);
  figure('logdir: read + decode only (baseline)', decodeRate, 'scalars/s');
  figure('logdir: read + decode only, per CPU-second', decoded / decodeCpu, 'scalars/CPU-s');

  const db = join(benchDir(), 'import.db');
  const store = new SqliteStore(openDb(db));
  const hub = new Hub();
  const ingest = new Ingest(store, hub);
  const tailer = logdirTailer({ dir, pollMs: 1000, watch: false, log: (m) => console.log(m) }, store, ingest);
  const c0 = process.cpuUsage();
  const t0 = now();
  const p = await tailer.importAll();
  const secs = (now() - t0) / 1000;
  const cpu = cpuSeconds(c0);
  await tailer.close();
  ingest.close();
  hub.close();
  closeDb(store.db);
  figure(`logdir: import of ${p.values.toLocaleString('en-US')} scalars (${(p.bytes / 1e6).toFixed(0)} MB)`, p.values / secs, 'scalars/s', { op: '>=', value: 1_000_000 });
  figure('logdir: import, per CPU-second (all threads)', p.values / cpu, 'scalars/CPU-s');
  console.log(`  ${secs.toFixed(1)} s wall, ${cpu.toFixed(1)} CPU-s; import / decode-only = ${(p.values / secs / decodeRate).toFixed(2)}`);
}

async function tailLatency(mode: 'fs events' | 'polling only'): Promise<void> {
  const logdir = benchDir();
  const srv = await startBenchServer(mode === 'fs events' ? { logdir } : { logdir, logdirWatch: false, logdirPollMs: 1000 });
  const ws = await SocketClient.open(`${srv.url.replace(/^http/, 'ws')}/api/ws`);
  ws.send({ type: 'subscribe', envs: ['run'] });
  const w = new TbWriter(join(logdir, 'run', `events.out.tfevents.${T0}.bench`));
  const written = new Map<number, number>();
  const lat: number[] = [];
  ws.onPoints((steps) => {
    const t = now();
    for (const s of steps) lat.push(t - written.get(s)!);
  });
  for (let s = 0; s < LATENCY_RECORDS; s++) {
    written.set(s, now());
    w.write(scalarEvent('loss', s, 1 / (s + 1), Date.now() / 1000));
    // Irregular gaps, as a trainer's steps are: 5 to 45 ms.
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 40));
  }
  const deadline = now() + 5000;
  while (lat.length < LATENCY_RECORDS && now() < deadline) await new Promise((r) => setTimeout(r, 20));
  ws.close();
  await stop(srv);
  rmSync(logdir, { recursive: true, force: true });
  const target = mode === 'fs events' ? 200 : 1500;
  figure(`logdir tail (${mode}${mode === 'polling only' ? ', every 1000 ms' : ''}): write → socket p50`, quantile(lat, 0.5), 'ms');
  figure(`logdir tail (${mode}): write → socket p99 (${lat.length}/${LATENCY_RECORDS} received)`, quantile(lat, 0.99), 'ms', { op: '<=', value: target });
}

async function idleCpu(): Promise<void> {
  const logdir = benchDir();
  const paths: string[] = [];
  for (let r = 0; r < RUNS; r++) {
    const path = join(logdir, `sweep/run_${r}`, `events.out.tfevents.${T0}.bench.${r}`);
    new TbWriter(path).write(scalarEvent('loss', 0, r, T0));
    paths.push(path);
  }
  const age = (secs: number) => {
    const t = Date.now() / 1000 - secs;
    for (const p of paths) utimesSync(p, t, t);
    for (const d of [...paths.map((p) => join(p, '..')), join(logdir, 'sweep'), logdir]) utimesSync(d, t, t);
  };
  const measure = async (config: object): Promise<{ share: number; stats: number }> => {
    const srv = await startBenchServer(config);
    await srv.logdir?.idle();
    const envs = (await srv.store.listEnvs()).length;
    // Long enough for polling to settle on its idle rate (a few checks of each file).
    await new Promise((r) => setTimeout(r, 10_000));
    const s0 = srv.logdir ? srv.logdir.checks.files + srv.logdir.checks.dirs : 0;
    const c0 = process.cpuUsage();
    const t0 = now();
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const secs = (now() - t0) / 1000;
    const share = cpuSeconds(c0) / secs;
    const stats = srv.logdir ? (srv.logdir.checks.files + srv.logdir.checks.dirs - s0) / secs : 0;
    await stop(srv);
    if (envs > 0 && envs !== RUNS) throw new Error(`expected ${RUNS} envs, got ${envs}`);
    return { share, stats };
  };
  const baseline = await measure({});
  // A finished sweep: nothing written for two minutes.
  age(120);
  const watched = await measure({ logdir });
  const polled = await measure({ logdir, logdirWatch: false });
  // Runs written just now: polling checks every file every poll (as for any run written within the last minute).
  age(0);
  const fresh = await measure({ logdir, logdirWatch: false });
  rmSync(logdir, { recursive: true, force: true });
  figure('idle server, no logdir (baseline): CPU', baseline.share * 100, '% of a core');
  figure(`idle-watching ${RUNS} runs (fs events, each watched dir also polled every 10 s; ${watched.stats.toFixed(0)} stats/s): CPU`, watched.share * 100, '% of a core', { op: '<=', value: 1 });
  figure(`idle-watching ${RUNS} runs (polling only, runs last written 2 min ago: files every 4 s, dirs every 10 s; ${polled.stats.toFixed(0)} stats/s): CPU`, polled.share * 100, '% of a core', { op: '<=', value: 1 });
  figure(`idle-watching ${RUNS} runs (polling only, runs written within the minute: files every 1 s, dirs every 5 s; ${fresh.stats.toFixed(0)} stats/s): CPU`, fresh.share * 100, '% of a core');
}

const PARTS = (process.env.BENCH_PARTS ?? 'import,tail,idle').split(',');
if (PARTS.includes('import')) await importSpeed();
if (PARTS.includes('tail')) {
  await tailLatency('fs events');
  await tailLatency('polling only');
}
if (PARTS.includes('idle')) await idleCpu();
console.log(`load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} at end`);
