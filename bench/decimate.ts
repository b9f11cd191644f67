/**
 * Reads of big traces through the store (the figure is about the store): for each
 * size, a trace is filled with batched appends (fill rate, database size), then the
 * decimated view of the whole trace into 2,000 buckets is read (first read after
 * opening, then steady state) with zoomed reads (exact, and decimated). Ratios to
 * the smallest size, measured in the same run, say whether cost grows with N.
 *
 *   npm run bench:decimate                          # 100k, 10M and 100M points
 *   npm run bench:decimate -- --sizes 100000,2000000   # a quick run
 *   npm run bench:decimate -- --compare             # 10M with other chunk sizes
 */
import { rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Hub } from '../server/hub.js';
import { Ingest } from '../server/ingest.js';
import { CHUNK_POINTS } from '../server/store/chunk.js';
import { closeDb, openDb } from '../server/store/db.js';
import { SqliteStore as Store } from '../server/store/sqlite-store.js';
import { benchDir, figure, now, quantile, printContext } from './common.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100000,10000000,100000000' }, compare: { type: 'boolean' } } });
printContext('decimate');

const BATCH = 100_000;
const BUCKETS = 2000;
const SPIKE = 1e6;
const REPEAT = 7;
const compare = values.compare === true;
const sizes = compare ? [10_000_000] : values.sizes.split(',').map(Number);
const chunkSizes = compare ? [128, 256, 512, 1024, 2048] : [CHUNK_POINTS];

async function fill(ingest: Ingest, points: number, spikeAt: number): Promise<void> {
  await ingest.series({ env: 'bench', win: 'big', mode: 'create', type: 'line', traces: [{ name: 'loss', x: null, y: new Float64Array(0) }] });
  const y = new Float64Array(BATCH);
  for (let from = 0; from < points; from += BATCH) {
    const k = Math.min(BATCH, points - from);
    for (let i = 0; i < k; i++) {
      const s = from + i;
      y[i] = s === spikeAt ? SPIKE : s % 100_003 === 0 ? NaN : Math.sin(s / 5000) + ((s * 7919) % 1000) / 10_000;
    }
    await ingest.series({ env: 'bench', win: 'big', mode: 'append', type: 'line', traces: [{ name: 'loss', x: null, y: y.subarray(0, k) }] });
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

interface Result {
  points: number;
  warm: number;
  warmCpu: number;
  cold: number;
  coldCpu: number;
}

async function run(points: number, chunkPoints: number): Promise<Result> {
  const spikeAt = Math.floor(points * 0.7654321);
  const dir = benchDir();
  const dbPath = join(dir, 'runboard.db');
  try {
    const db = openDb(dbPath);
    const ingest = new Ingest(new Store(db, { chunkPoints }), new Hub());
    const fill0 = now();
    await fill(ingest, points, spikeAt);
    const fillMs = now() - fill0;
    ingest.close();
    closeDb(db);
    const bytes = statSync(dbPath).size;

    // A fresh store on the same file: nothing cached yet.
    const store = new Store(openDb(dbPath));
    const trace = store.traces('bench', 'big')[0]!;
    if (trace.n !== points) throw new Error(`stored ${trace.n} points, expected ${points}`);
    const whole = () => store.series.view(trace, { buckets: BUCKETS });
    const [first, cold, coldCpu] = timed(whole);
    const warm: number[] = [];
    const warmCpu: number[] = [];
    for (let r = 0; r < REPEAT; r++) {
      const [, wall, cpu] = timed(whole);
      warm.push(wall);
      warmCpu.push(cpu);
    }
    if (!first.decimated || first.x.length > BUCKETS * 5) throw new Error(`unexpected view: ${first.x.length} points`);
    if (!first.y.includes(SPIKE)) throw new Error('the spike did not survive decimation');
    if (points > 100_003 && !first.y.includes(null)) throw new Error('the gaps did not survive decimation');

    const zoom = (span: number, buckets: number) => {
      const x0 = spikeAt - Math.floor(span / 2);
      const times: number[] = [];
      let v = store.series.view(trace, { x0, x1: x0 + span - 1, buckets });
      for (let r = 0; r < REPEAT; r++) times.push(timed(() => (v = store.series.view(trace, { x0, x1: x0 + span - 1, buckets })))[1]);
      if (!v.y.includes(SPIKE)) throw new Error(`the spike is missing from a ${span}-point zoom`);
      return { ms: quantile(times, 0.5), decimated: v.decimated, points: v.x.length };
    };
    const exact = zoom(1500, BUCKETS);
    if (exact.decimated || exact.points !== 1500) throw new Error('a 1,500-point zoom should be exact');

    const n = points.toLocaleString('en-US');
    const label = `decimate ${n} points${compare ? ` (CHUNK_POINTS ${chunkPoints})` : ''}`;
    console.log(
      `${label}: filled in ${(fillMs / 1000).toFixed(1)} s (${Math.round(points / (fillMs / 1000)).toLocaleString('en-US')} points/s), ` +
        `database ${(bytes / 2 ** 20).toFixed(0)} MB (${(bytes / points).toFixed(1)} bytes/point), load average ${loadavg()[0]!.toFixed(1)}`,
    );
    const r: Result = { points, cold, coldCpu, warm: quantile(warm, 0.5), warmCpu: quantile(warmCpu, 0.5) };
    figure(`${label} → 2,000 buckets: first read after opening`, cold, 'ms');
    figure(`${label} → 2,000 buckets: first read, CPU time`, coldCpu, 'ms');
    figure(`${label} → 2,000 buckets: median`, r.warm, 'ms');
    figure(`${label} → 2,000 buckets: median CPU time`, r.warmCpu, 'ms');
    figure(`${label}: first read ÷ median (CPU time)`, coldCpu / r.warmCpu, '×', { op: '<=', value: 2 });
    figure(`${label}: zoom 1,500 points (exact), median`, exact.ms, 'ms');
    for (const span of [100_000, 1_000_000]) if (span * 2 <= points) figure(`${label}: zoom ${span.toLocaleString('en-US')} points → 2,000 buckets, median`, zoom(span, BUCKETS).ms, 'ms');
    closeDb(store.db);
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const chunkPoints of chunkSizes) {
  const results: Result[] = [];
  for (const points of sizes) results.push(await run(points, chunkPoints));
  const base = results[0]!;
  for (const r of results.slice(1)) {
    // Targets (issue 14): 10M ≤ 1.5×, 100M ≤ 2× the cost of the smallest trace, by CPU time (steadier than wall on a shared machine).
    const target = r.points >= 100_000_000 ? 2 : 1.5;
    const what = `decimate: ${r.points.toLocaleString('en-US')} ÷ ${base.points.toLocaleString('en-US')} points → 2,000 buckets`;
    figure(`${what}, median CPU time`, r.warmCpu / base.warmCpu, '×', base.points <= 100_000 ? { op: '<=', value: target } : undefined);
    figure(`${what}, median wall time`, r.warm / base.warm, '×');
  }
}
console.log(`decimate: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at end`);
