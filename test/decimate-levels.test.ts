/**
 * Persisted summary levels through the real store, on SQLite and on Postgres (the
 * postgres project runs this file too): decimated reads equal a brute-force M4 over
 * the stored points, warm and after a restart (when only the blocks a read opens are
 * loaded), and a database from before the levels existed is brought up to date.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createRuntime, type Runtime } from '../server/runtime.js';
import type { TraceRow } from '../server/store/store.js';
import { freshDbPath, TEST_BACKEND } from './backend.js';
import { bruteM4, type Pt } from './brute-m4.js';

async function runtime(dbPath: string): Promise<Runtime> {
  const rt = await createRuntime({ dbPath });
  onTestFinished(() => rt.close());
  return rt;
}

/** Appends y (NaN = gap) at x in batches of the given sizes (cycled). */
async function fill(rt: Runtime, x: Float64Array, y: Float64Array, sizes: number[]): Promise<TraceRow> {
  await rt.ingest.series({ env: 'e', win: 'w', mode: 'create', type: 'line', traces: [{ name: 'a', x: new Float64Array(0), y: new Float64Array(0) }] });
  for (let from = 0, k = 0; from < x.length; k++) {
    const to = Math.min(x.length, from + sizes[k % sizes.length]!);
    await rt.ingest.series({ env: 'e', win: 'w', mode: 'append', type: 'line', traces: [{ name: 'a', x: x.subarray(from, to), y: y.subarray(from, to) }] });
    from = to;
  }
  return (await rt.store.traces('e', 'w'))[0]!;
}

/** Every stored point of a trace, as the brute force takes them. */
async function stored(rt: Runtime, trace: TraceRow): Promise<Pt[]> {
  const all = await rt.store.readSeq(trace.id, 0, trace.n);
  return all.x.map((x, s) => ({ s, x: x!, y: all.y[s] ?? NaN, t: all.t[s]! }));
}

/** Runs SQL on the test's database, whichever backend. */
async function sql(dbPath: string, text: string): Promise<void> {
  if (TEST_BACKEND === 'sqlite') {
    const db = new Database(dbPath);
    db.exec(text);
    db.close();
    return;
  }
  const c = new pg.Client({ connectionString: dbPath });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

const points = (n: number, seed: number) => {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let at = 0;
  for (let s = 0; s < n; s++) {
    // x grows by 0, 1 or 2 (repeats happen); coarse y so ties happen; gaps; a few spikes.
    at += (s * 7 + seed) % 3;
    x[s] = at;
    y[s] = (s * 31 + seed) % 997 === 0 ? NaN : (s * 13 + seed) % 4001 === 0 ? 1e6 : Math.round(Math.sin((s + seed) / 700) * 20);
  }
  return { x, y };
};

describe(`summary levels (${TEST_BACKEND})`, () => {
  it('give decimated reads equal to a brute-force M4, warm and after a restart', async () => {
    const db = await freshDbPath();
    let rt = await runtime(db);
    // 70k points: 273 chunks of 256, so three levels (0, 1, 2).
    const { x, y } = points(70_000, 5);
    const trace = await fill(rt, x, y, [9_999, 1, 255, 30_000, 700]);
    const all = await stored(rt, trace);
    const xmax = all[all.length - 1]!.x;
    const check = async (r: Runtime, x0: number, span: number, buckets: number) => {
      const { decimated, ...cols } = await r.store.view(trace, { x0, x1: x0 + span, buckets });
      expect(decimated).toBe(true);
      expect(cols).toEqual(bruteM4(all, x0, x0 + span, buckets));
    };
    const cases = fc.sample(fc.tuple(fc.integer({ min: -50, max: xmax }), fc.integer({ min: 3_000, max: xmax + 100 }), fc.integer({ min: 3, max: 2_000 })), { numRuns: 12, seed: 14 });
    for (const [x0, span, buckets] of cases) await check(rt, x0, span, buckets);
    await check(rt, 0, xmax, 2_000);
    await rt.close();
    rt = await runtime(db);
    for (const [x0, span, buckets] of cases) await check(rt, x0, span, buckets);
  });

  it('are built for a database from before they existed, when it is opened', async () => {
    const db = await freshDbPath();
    let rt = await runtime(db);
    const { x, y } = points(20_000, 2);
    const trace = await fill(rt, x, y, [20_000]);
    const before = await rt.store.view(trace, { buckets: 300 });
    await rt.close();
    // As the schema was before: no levels (SQLite 8, Postgres 2).
    await sql(db, TEST_BACKEND === 'sqlite' ? 'DROP TABLE summary_levels; PRAGMA user_version = 8' : 'DROP TABLE summary_levels; UPDATE runboard_schema SET version = 2');
    rt = await runtime(db);
    expect(await rt.store.view(trace, { buckets: 300 })).toEqual(before);
    // Appends after the upgrade extend the levels it built.
    const more = points(10_000, 9);
    await rt.ingest.series({ env: 'e', win: 'w', mode: 'append', type: 'line', traces: [{ name: 'a', x: more.x.map((v) => v + 30_000), y: more.y }] });
    const [grown] = await rt.store.traces('e', 'w');
    const all = await stored(rt, grown!);
    const { decimated, ...cols } = await rt.store.view(grown!, { buckets: 500 });
    expect(decimated).toBe(true);
    expect(cols).toEqual(bruteM4(all, all[0]!.x, all[all.length - 1]!.x, 500));
  });
});
