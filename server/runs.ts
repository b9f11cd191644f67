/**
 * The runs table and grouped views, read side: a summary row per env (steps and
 * last/min/max of chosen metrics) and, per group of envs, the mean and spread of a
 * metric per x-bucket, computed from each run's decimated view (chunk summaries, so
 * 50 runs of 1M points read a few thousand marks each, not 50M points).
 */
import {
  MAX_CONFIG_BYTES, MAX_CONFIG_DEPTH, metricId, type BandKind, type GroupBody, type GroupLine, type GroupReply, type MetricKey, type MetricSummary, type RunRow, type RunsReply,
} from '../protocol/index.js';
import { ValidationError } from './errors.js';
import { nestsDeeperThan } from './json.js';
import { niceBucketWidth } from './store/decimate.js';
import type { MetricTrace, StoreReader, TraceRow } from './store/store.js';

/** last (with its x), min and max of a trace: min and max from its stored extent, the last point from one read. */
async function summary(store: StoreReader, row: TraceRow): Promise<MetricSummary> {
  if (row.n === 0) return { last: null, step: null, min: null, max: null };
  const p = await store.readSeq(row.id, row.n - 1, row.n);
  return { last: p.y[0] ?? null, step: p.x[0] ?? null, min: row.ymin, max: row.ymax };
}

export async function runsTable(store: StoreReader, metricIds: readonly string[]): Promise<RunsReply> {
  const byEnv = new Map<string, Map<string, MetricTrace>>();
  const catalog = new Map<string, MetricKey & { runs: number }>();
  for (const m of await store.metricTraces()) {
    let mine = byEnv.get(m.env);
    if (!mine) byEnv.set(m.env, (mine = new Map()));
    const id = metricId(m);
    // The first trace of that name in the first matching window counts (as the overlay matches).
    if (mine.has(id)) continue;
    mine.set(id, m);
    const c = catalog.get(id);
    if (c) c.runs++;
    else catalog.set(id, { win: m.win, trace: m.trace, runs: 1 });
  }
  const runs: RunRow[] = [];
  for (const e of await store.listEnvs()) {
    const mine = byEnv.get(e.id);
    let steps: number | null = null;
    for (const m of mine?.values() ?? []) if (m.row.xmax !== null && (steps === null || m.row.xmax > steps)) steps = m.row.xmax;
    const metrics: (MetricSummary | null)[] = [];
    for (const id of metricIds) {
      const m = mine?.get(id);
      metrics.push(m ? await summary(store, m.row) : null);
    }
    runs.push({ env: e.id, steps, metrics });
  }
  const metrics = [...catalog.values()].sort((a, b) => (a.win === b.win ? cmp(a.trace, b.trace) : cmp(a.win, b.win)));
  return { runs, metrics };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Mean and band of one metric per group, per x-bucket shared by every group. */
export async function groupLines(store: StoreReader, body: GroupBody): Promise<GroupReply> {
  const band: BandKind = body.band ?? 'minmax';
  const buckets = body.buckets ?? 500;
  const id = metricId(body);
  // Each env's trace of the metric.
  const traceOf = new Map<string, MetricTrace>();
  for (const env of new Set(body.groups.flatMap((g) => g.envs))) {
    const m = (await store.metricTraces(env)).find((t) => metricId(t) === id);
    if (m && m.row.n > 0) traceOf.set(env, m);
  }
  let x0 = body.x0;
  let x1 = body.x1;
  if (x0 === undefined || x1 === undefined) {
    for (const m of traceOf.values()) {
      if (body.x0 === undefined && (x0 === undefined || m.row.xmin! < x0)) x0 = m.row.xmin!;
      if (body.x1 === undefined && (x1 === undefined || m.row.xmax! > x1)) x1 = m.row.xmax!;
    }
  }
  const width = x0 === undefined || x1 === undefined ? 1 : niceBucketWidth(x1 - x0, buckets);
  const groups: GroupLine[] = [];
  for (const g of body.groups) {
    const runs = g.envs.map((env) => traceOf.get(env)).filter((m): m is MetricTrace => m !== undefined);
    groups.push({ key: g.key, envs: g.envs, found: runs.length, ...(await aggregate(store, runs, x0 ?? 0, x1 ?? 0, buckets, width, band)) });
  }
  return { win: body.win, trace: body.trace, band, width, groups };
}

/** Per bucket: each run's mean of its kept points there, then the mean over runs and the band. */
async function aggregate(store: StoreReader, runs: MetricTrace[], x0: number, x1: number, buckets: number, width: number, band: BandKind) {
  const first = Math.floor(x0 / width);
  const count = runs.length === 0 || x1 < x0 ? 0 : Math.floor(x1 / width) - first + 1;
  const sum = new Float64Array(count);
  const sumSq = new Float64Array(count);
  const min = new Float64Array(count).fill(Infinity);
  const max = new Float64Array(count).fill(-Infinity);
  const n = new Array<number>(count).fill(0);
  const runSum = new Float64Array(count);
  const runN = new Uint32Array(count);
  for (const m of runs) {
    runSum.fill(0);
    runN.fill(0);
    const v = await store.view(m.row, { x0, x1, buckets });
    for (let i = 0; i < v.x.length; i++) {
      const x = v.x[i];
      const y = v.y[i];
      if (x === null || y === null) continue;
      const b = Math.floor(x / width) - first;
      if (b < 0 || b >= count) continue;
      runSum[b] += y;
      runN[b]++;
    }
    for (let b = 0; b < count; b++) {
      if (runN[b] === 0) continue;
      const y = runSum[b]! / runN[b]!;
      sum[b] += y;
      sumSq[b] += y * y;
      if (y < min[b]!) min[b] = y;
      if (y > max[b]!) max[b] = y;
      n[b]++;
    }
  }
  const x: number[] = [];
  const mean: (number | null)[] = [];
  const lo: (number | null)[] = [];
  const hi: (number | null)[] = [];
  const kept: number[] = [];
  for (let b = 0; b < count; b++) {
    if (n[b] === 0) continue;
    const mu = sum[b]! / n[b]!;
    const sd = Math.sqrt(Math.max(0, sumSq[b]! / n[b]! - mu * mu));
    x.push((first + b + 0.5) * width);
    mean.push(mu);
    lo.push(band === 'std' ? mu - sd : min[b]!);
    hi.push(band === 'std' ? mu + sd : max[b]!);
    kept.push(n[b]!);
  }
  return { x, mean, lo, hi, n: kept };
}

/** A run config is a few levels of keys, not a data dump: 400 otherwise, saying what to do. */
export function checkConfig(config: Record<string, unknown>): void {
  if (nestsDeeperThan(config, MAX_CONFIG_DEPTH)) {
    throw new ValidationError(`body.config nests deeper than ${MAX_CONFIG_DEPTH} levels; flatten it (e.g. {"optim.lr": 0.001})`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(config));
  if (bytes > MAX_CONFIG_BYTES) {
    throw new ValidationError(`body.config is ${bytes} bytes as JSON, over the limit of ${MAX_CONFIG_BYTES}; keep hyper-parameters there and log the rest as a text window`);
  }
}
