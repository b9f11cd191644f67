/**
 * npm run bench:cluster: runboard on Postgres, one server and three behind nginx, each
 * figure beside the same work on one SQLite server, in the same run, all on loopback.
 * Servers are real processes (server/main.ts). Needs a Postgres to create databases in:
 * RUNBOARD_BENCH_PG or RUNBOARD_TEST_PG (a postgres:// URL; .ci/run starts one).
 *
 *   appends/s (one point each, 4 trainers) · batched points/s (10,000 per request)
 *   the same through nginx to 3 servers · POST → socket p50/p99 across servers at
 *   1,000 appends/s with 10 viewers · catch-up after a killed server · the decimated
 *   read of a 10M-point trace (BENCH_BIG_POINTS to change; BENCH_CLUSTER_ONLY=read runs
 *   only that read, on one SQLite and one Postgres server).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchDir, figure, KeepAliveClient, now, printContext } from './common.js';
import { hasNginx, startNginx } from './nginx.js';
import { spawnServer, type ServerProcess } from '../test/crash-harness.js';

const BASE = process.env.RUNBOARD_BENCH_PG ?? process.env.RUNBOARD_TEST_PG;
if (!BASE) {
  console.error('bench:cluster needs a Postgres: set RUNBOARD_BENCH_PG=postgres://user@127.0.0.1:5432/postgres (a role that may CREATE DATABASE)');
  process.exit(2);
}
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const BIG = Number(process.env.BENCH_BIG_POINTS ?? 10_000_000);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
printContext('cluster');

/** CPU seconds a process has used (Linux /proc). */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** CPU seconds of every Postgres process on this machine (the bench's Postgres is on loopback). */
function postgresCpu(): number {
  let sum = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.includes(' (postgres) ')) sum += cpuSeconds(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return sum;
}

/** The CPU a piece of work cost runboard's servers and Postgres, beside its result. */
async function costOf<T>(servers: ServerProcess[], work: () => Promise<T>): Promise<{ out: T; server: number; postgres: number }> {
  const [s0, p0] = [cpuOf(servers), postgresCpu()];
  const out = await work();
  return { out, server: cpuOf(servers) - s0, postgres: postgresCpu() - p0 };
}

async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rb_bench_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: BASE });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(BASE!);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: BASE });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** `clients` loops of POSTs for SECONDS; returns requests/s. */
async function drive(urls: string[], clients: number, body: (k: number, i: number) => string): Promise<number> {
  let done = 0;
  const end = now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, k) => {
      const c = new KeepAliveClient(urls[k % urls.length]!);
      for (let i = 0; now() < end; i++) {
        await c.postOk('/api/env/bench/line', body(k, i));
        done++;
      }
      c.close();
    }),
  );
  return done / SECONDS;
}

const onePoint = (k: number, i: number) => `{"win":"a${k}","Y":[${i}],"update":"append"}`;
const BATCH = 10_000;
/** Each trainer appends to its own window (`<prefix><trainer>`), as the runs of a sweep do. */
const batchBody = (prefix: string) => {
  const Y = Array.from({ length: BATCH }, (_, i) => Math.sin(i / 100));
  const texts = new Map<number, string>();
  return (k: number) => texts.get(k) ?? (texts.set(k, JSON.stringify({ win: `${prefix}${k}`, Y, update: 'append' })), texts.get(k)!);
};

async function latency(writer: string, viewers: string[]): Promise<{ rate: number; p50: number; p99: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/delivery-clients.ts', writer, '1000', String(SECONDS), '10', viewers.join(',')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`delivery-clients exited with ${code}`);
  return JSON.parse(out);
}

/** Writes to `writer` at ~500 appends/s, kills `victim` mid-way, and times until `resume` serves every acknowledged point. */
async function catchUp(writer: string, victim: ServerProcess, resume: () => Promise<string>): Promise<number> {
  const c = new KeepAliveClient(writer);
  await c.postOk('/api/env/catch/line', '{"win":"w","Y":[0]}');
  let acked = 1;
  let stop = false;
  const loop = (async () => {
    for (let i = 1; !stop; i++) {
      try {
        await c.postOk('/api/env/catch/line', `{"win":"w","Y":[${i}],"update":"append"}`);
        acked = i + 1;
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  await new Promise((r) => setTimeout(r, 1000));
  victim.child.kill('SIGKILL');
  await victim.exited;
  const t0 = now();
  const target = acked;
  const url = await resume();
  for (;;) {
    const r = await fetch(`${url}/api/env/catch/win/w`).catch(() => null);
    const info = r && r.status === 200 ? ((await r.json()) as { traces: { points: number }[] }) : null;
    if (info && info.traces[0]!.points >= target) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = now() - t0;
  stop = true;
  await loop;
  c.close();
  return ms;
}

async function bigRead(url: string): Promise<number> {
  const c = new KeepAliveClient(url);
  const chunk = 100_000;
  const Y = JSON.stringify(Array.from({ length: chunk }, (_, i) => Math.sin(i / 1000)));
  await c.postOk('/api/env/big/line', `{"win":"w","Y":${Y}}`);
  for (let n = chunk; n < BIG; n += chunk) await c.postOk('/api/env/big/line', `{"win":"w","Y":${Y},"update":"append"}`);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = now();
    const r = await c.get('/api/env/big/win/w/data');
    if (r.status !== 200) throw new Error(`decimated read: ${r.status}`);
    times.push(now() - t);
  }
  c.close();
  return times.sort((a, b) => a - b)[2]!;
}

const stopAll = (ps: ServerProcess[]): Promise<unknown> => Promise.all(ps.map((p) => (p.child.exitCode === null && p.child.signalCode === null ? (p.child.kill('SIGTERM'), p.exited) : null)));
const cpuOf = (ps: ServerProcess[]) => ps.reduce((s, p) => s + (p.child.exitCode === null ? cpuSeconds(p.child.pid!) : 0), 0);

// BENCH_CLUSTER_ONLY=read: only the decimated read of the big trace, on one SQLite and one Postgres server.
if (process.env.BENCH_CLUSTER_ONLY === 'read') {
  const dir = benchDir();
  const lite = await spawnServer(join(dir, 'runboard.db'));
  const sqliteRead = await bigRead(lite.url);
  await stopAll([lite]);
  rmSync(dir, { recursive: true, force: true });
  const db = await freshDatabase();
  try {
    const server = await spawnServer(db.url);
    const pgRead = await bigRead(server.url);
    await stopAll([server]);
    figure(`decimated read of a ${(BIG / 1e6).toFixed(0)}M-point trace (median of 5) (Postgres)`, pgRead, 'ms', { op: '<=', value: 3 * sqliteRead });
    figure(`decimated read of a ${(BIG / 1e6).toFixed(0)}M-point trace (median of 5) (SQLite, 1 server)`, sqliteRead, 'ms');
    console.log(`  ratio Postgres/SQLite: ${(pgRead / sqliteRead).toFixed(2)}; load average ${loadavg()[0]!.toFixed(1)}`);
  } finally {
    await db.drop();
  }
  process.exit(0);
}

// SQLite: one server, the baseline of every figure.
const dir = benchDir();
const sqlitePath = join(dir, 'runboard.db');
const sqlite = { appends: 0, batched: 0, lbAppends: 0, lbBatched: 0, rate: 0, p50: 0, p99: 0, catchUp: 0, read: 0, cpu: 0 };
let one = await spawnServer(sqlitePath);
const liteAppends = await costOf([one], () => drive([one.url], 4, onePoint));
sqlite.appends = liteAppends.out;
const liteBatched = await costOf([one], () => drive([one.url], 2, batchBody('b')));
sqlite.batched = liteBatched.out * BATCH;
sqlite.lbAppends = await drive([one.url], 4, onePoint);
sqlite.lbBatched = (await drive([one.url], 4, batchBody('lb'))) * BATCH;
({ p50: sqlite.p50, p99: sqlite.p99, rate: sqlite.rate } = await latency(one.url, [one.url]));
sqlite.catchUp = await catchUp(one.url, one, async () => (one = await spawnServer(sqlitePath)).url);
sqlite.read = await bigRead(one.url);
sqlite.cpu = cpuOf([one]);
await stopAll([one]);
rmSync(dir, { recursive: true, force: true });

// Postgres: one server, then three behind nginx.
const db = await freshDatabase();
const pgr = { ...sqlite };
let pgAppends = { out: 0, server: 0, postgres: 0 };
let pgBatched = { out: 0, server: 0, postgres: 0 };
try {
  const servers = [await spawnServer(db.url), await spawnServer(db.url), await spawnServer(db.url)];
  const [a, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess];
  pgAppends = await costOf(servers, () => drive([a.url], 4, onePoint));
  pgr.appends = pgAppends.out;
  pgBatched = await costOf(servers, () => drive([a.url], 2, batchBody('b')));
  pgr.batched = pgBatched.out * BATCH;
  if (hasNginx()) {
    const lb = await startNginx(servers.map((s) => Number(new URL(s.url).port)), 18_000 + (process.pid % 1000));
    pgr.lbAppends = await drive([lb.url], 4, onePoint);
    pgr.lbBatched = (await drive([lb.url], 4, batchBody('lb'))) * BATCH;
    await lb.stop();
  } else console.log('cluster: nginx is not installed (apt-get install nginx-light): the load-balanced figures are skipped');
  ({ p50: pgr.p50, p99: pgr.p99, rate: pgr.rate } = await latency(a.url, [b.url, c.url]));
  pgr.read = await bigRead(a.url);
  pgr.cpu = cpuOf(servers);
  // Last: B dies; its viewers reconnect to C, which must serve every acknowledged point.
  pgr.catchUp = await catchUp(a.url, b, async () => c.url);
  await stopAll(servers);
} finally {
  await db.drop();
}

const pair = (name: string, p: number, s: number, unit: string, target?: Parameters<typeof figure>[3]) => {
  figure(`${name} (Postgres)`, p, unit, target);
  figure(`${name} (SQLite, 1 server)`, s, unit);
  console.log(`  ratio Postgres/SQLite: ${(p / s).toFixed(2)}`);
};
pair('one-point appends/s, 1 server, 4 trainers', pgr.appends, sqlite.appends, 'appends/s');
pair('batched points/s, 1 server', pgr.batched, sqlite.batched, 'points/s', { op: '>=', value: 500_000 });
if (pgr.lbAppends > 0) {
  pair('one-point appends/s, 3 servers behind nginx, 4 trainers', pgr.lbAppends, sqlite.lbAppends, 'appends/s');
  pair('batched points/s, 3 servers behind nginx, 4 trainers', pgr.lbBatched, sqlite.lbBatched, 'points/s');
}
pair('appends/s the latency writer reached (asked: 1,000; one client, one request at a time)', pgr.rate, sqlite.rate, 'appends/s');
pair('POST → socket p50, writer and viewers on different servers, 1,000 appends/s, 10 viewers', pgr.p50, sqlite.p50, 'ms');
pair('POST → socket p99, same', pgr.p99, sqlite.p99, 'ms', { op: '<=', value: 50 });
pair('catch-up after a killed server (SQLite: restart)', pgr.catchUp, sqlite.catchUp, 'ms');
pair(`decimated read of a ${(BIG / 1e6).toFixed(0)}M-point trace (median of 5)`, pgr.read, sqlite.read, 'ms', { op: '<=', value: 3 * sqlite.read });
console.log(`cluster: server CPU ${pgr.cpu.toFixed(1)} s on Postgres (3 servers; Postgres itself not counted), ${sqlite.cpu.toFixed(1)} s on SQLite; ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end`);
// Per-operation CPU, which load does not inflate as it does wall-clock rates: what sizes a primary.
const perOp = (c: { out: number; server: number; postgres: number }, per: number) => (ms: number) => ((ms * 1000) / (c.out * SECONDS * per)).toFixed(3);
const appendCpu = perOp(pgAppends, 1);
const batchCpu = perOp(pgBatched, BATCH / 1000);
console.log(
  `cluster: CPU per one-point append: Postgres store ${appendCpu(pgAppends.server)} ms in runboard + ${appendCpu(pgAppends.postgres)} ms in Postgres; ` +
    `SQLite ${perOp(liteAppends, 1)(liteAppends.server)} ms`,
);
console.log(
  `cluster: CPU per 1,000 batched points: Postgres store ${batchCpu(pgBatched.server)} ms in runboard + ${batchCpu(pgBatched.postgres)} ms in Postgres; ` +
    `SQLite ${perOp(liteBatched, BATCH / 1000)(liteBatched.server)} ms`,
);
