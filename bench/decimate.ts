/**
 * Reads of a 10M-point trace, through the store (the figure is about the store):
 * the decimated view of the whole trace into 2,000 buckets (first read after
 * opening, then steady state), and zoomed reads (exact, and decimated).
 *
 *   npx tsx bench/decimate.ts              # the chosen CHUNK_POINTS
 *   npx tsx bench/decimate.ts --compare    # also other chunk sizes
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Hub } from '../server/hub.js';
import { Ingest } from '../server/ingest.js';
import { CHUNK_POINTS } from '../server/store/chunk.js';
import { closeDb, openDb } from '../server/store/db.js';
import { SqliteStore as Store } from '../server/store/sqlite-store.js';
import { benchDir, figure, now, quantile, printContext } from './common.js';

printContext('decimate');

const POINTS = Number(process.env.BENCH_POINTS ?? 10_000_000);
const BATCH = 100_000;
const BUCKETS = 2000;
const SPIKE_AT = Math.floor(POINTS * 0.7654321);
const SPIKE = 1e6;
const REPEAT = 7;

const sizes = process.argv.includes('--compare') ? [128, 256, 512, 1024, 2048] : [CHUNK_POINTS];

async function fill(ingest: Ingest): Promise<void> {
  await ingest.series({ env: 'bench', win: 'big', mode: 'create', type: 'line', traces: [{ name: 'loss', x: null, y: new Float64Array(0) }] });
  const y = new Float64Array(BATCH);
  for (let from = 0; from < POINTS; from += BATCH) {
    for (let i = 0; i < BATCH; i++) {
      const s = from + i;
      y[i] = s === SPIKE_AT ? SPIKE : s % 100_003 === 0 ? NaN : Math.sin(s / 5000) + ((s * 7919) % 1000) / 10_000;
    }
    await ingest.series({ env: 'bench', win: 'big', mode: 'append', type: 'line', traces: [{ name: 'loss', x: null, y }] });
  }
}

/** Runs fn; returns its result, wall time and CPU time (ms). CPU time is the steadier figure on a shared machine. */
function timed<T>(fn: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const t0 = now();
  const r = fn();
  const wall = now() - t0;
  const c = process.cpuUsage(c0);
  return [r, wall, (c.user + c.system) / 1000];
}

for (const chunkPoints of sizes) {
  const dir = benchDir();
  const dbPath = join(dir, 'runboard.db');
  try {
    const db = openDb(dbPath);
    const hub = new Hub();
    const ingest = new Ingest(new Store(db, { chunkPoints }), hub);
    const fill0 = now();
    await fill(ingest);
    const fillMs = now() - fill0;
    ingest.close();
    closeDb(db);

    // A fresh store on the same file: nothing cached yet.
    const store = new Store(openDb(dbPath));
    const trace = store.traces('bench', 'big')[0]!;
    if (trace.n !== POINTS) throw new Error(`stored ${trace.n} points, expected ${POINTS}`);
    const whole = () => store.series.view(trace, { buckets: BUCKETS });
    const [first, coldMs] = timed(whole);
    const warm: number[] = [];
    const warmCpu: number[] = [];
    for (let r = 0; r < REPEAT; r++) {
      const [, wall, cpu] = timed(whole);
      warm.push(wall);
      warmCpu.push(cpu);
    }
    if (!first.decimated || first.x.length > BUCKETS * 4) throw new Error(`unexpected view: ${first.x.length} points`);
    if (!first.y.includes(SPIKE)) throw new Error('the spike did not survive decimation');
    if (!first.y.includes(null)) throw new Error('the gaps did not survive decimation');

    const zoom = (span: number, buckets: number) => {
      const x0 = SPIKE_AT - Math.floor(span / 2);
      const times: number[] = [];
      let v = store.series.view(trace, { x0, x1: x0 + span - 1, buckets });
      for (let r = 0; r < REPEAT; r++) times.push(timed(() => (v = store.series.view(trace, { x0, x1: x0 + span - 1, buckets })))[1]);
      if (!v.y.includes(SPIKE)) throw new Error(`the spike is missing from a ${span}-point zoom`);
      return { ms: quantile(times, 0.5), decimated: v.decimated, points: v.x.length };
    };
    const exact = zoom(1500, BUCKETS);
    const mid = zoom(100_000, BUCKETS);
    const wide = zoom(1_000_000, BUCKETS);
    if (exact.decimated || exact.points !== 1500) throw new Error('a 1,500-point zoom should be exact');

    const label = `decimate (CHUNK_POINTS ${chunkPoints})`;
    console.log(`${label}: filled ${POINTS.toLocaleString('en-US')} points in ${(fillMs / 1000).toFixed(1)} s`);
    figure(`${label}: 10M → 2,000 buckets, first read`, coldMs, 'ms');
    figure(`${label}: 10M → 2,000 buckets, median`, quantile(warm, 0.5), 'ms', { op: '<=', value: 50 });
    figure(`${label}: 10M → 2,000 buckets, median CPU time`, quantile(warmCpu, 0.5), 'ms');
    figure(`${label}: zoom 1,500 points (exact), median`, exact.ms, 'ms');
    figure(`${label}: zoom 100k points → 2,000 buckets, median`, mid.ms, 'ms');
    figure(`${label}: zoom 1M points → 2,000 buckets, median`, wide.ms, 'ms');
    closeDb(store.db);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
