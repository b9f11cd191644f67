/**
 * Multi-level summaries (summary-tree.ts) and the reads over them (view-plan.ts), as
 * pure logic against brute-force references (fast-check properties), then through the
 * SQLite store with tiny chunks so a small trace has several levels.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMarks, sealChunk, SUMMARY_FLOATS, S_MARKS, S_N, S_SEQ0, S_T0, S_T1, S_XMAX, S_XMIN, writeSummary, type Points } from '../server/store/chunk.js';
import { FANOUT, SummaryTree } from '../server/store/summary-tree.js';
import { extentSteps, viewSteps, type ChunkColumns, type Steps } from '../server/store/series-view.js';
import { bruteM4, type Pt } from './brute-m4.js';
import { storeFixture } from './store-fixture.js';

/** Runs a read, fetching each chunk it asks for from memory. */
function runSteps<T>(steps: Steps<T>, fetch: (seq0: number) => ChunkColumns): T {
  let r = steps.next(undefined as unknown as ChunkColumns[]);
  while (!r.done) r = steps.next(r.value.map(fetch));
  return r.value;
}

/** Points, sealed into chunks of `size` (the rest is the tail), with their tree and a fetch by seq0. */
function build(points: Pt[], size: number) {
  const p: Points = {
    x: Float64Array.from(points, (q) => q.x),
    y: Float64Array.from(points, (q) => q.y),
    t: Float64Array.from(points, (q) => q.t),
  };
  const tree = new SummaryTree();
  const chunks = new Map<number, ChunkColumns>();
  const record = new Float64Array(SUMMARY_FLOATS);
  let from = 0;
  for (; from + size <= points.length; from += size) {
    const c = sealChunk(from, p, from, from + size);
    writeSummary(c, record, 0);
    tree.push(record);
    chunks.set(from, { seq0: from, x: p.x.slice(from, from + size), y: p.y.slice(from, from + size), t: p.t.slice(from, from + size) });
  }
  const tail: ChunkColumns = { seq0: from, x: p.x.slice(from), y: p.y.slice(from), t: p.t.slice(from) };
  const decoded: number[] = [];
  const fetch = (seq0: number) => {
    decoded.push(seq0);
    return chunks.get(seq0)!;
  };
  return { tree, tail, fetch, decoded, p };
}

const pointsArb = (xMonotone: boolean) =>
  fc
    .array(
      fc.record({
        dx: fc.integer({ min: 0, max: 5 }),
        x: fc.integer({ min: 0, max: 3000 }),
        // Coarse values, so ties between minima happen; some gaps.
        y: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: -20, max: 20 }) }, { weight: 1, arbitrary: fc.constant(NaN) }),
        dt: fc.integer({ min: -1, max: 2 }),
      }),
      { minLength: 1, maxLength: 3000, size: 'max' },
    )
    .map((rows) => {
      let x = 0;
      let t = 100;
      return rows.map((r, s): Pt => {
        x += r.dx;
        t += r.dt;
        return { s, x: xMonotone ? x : r.x, y: r.y, t };
      });
    });

describe('summary tree', () => {
  it('summarizes at every level exactly what a direct pass over the same points gives', () => {
    fc.assert(
      fc.property(pointsArb(false), fc.integer({ min: 1, max: 8 }), (points, size) => {
        const { tree, p } = build(points, size);
        for (let L = 0; L < tree.levels.length; L++) {
          const lv = tree.levels[L]!;
          for (let i = 0; i < lv.count; i++) {
            const o = i * SUMMARY_FLOATS;
            const seq0 = lv.records[o + S_SEQ0]!;
            const n = lv.records[o + S_N]!;
            expect(seq0).toBe(i * size * FANOUT ** L);
            const xs = [...p.x.subarray(seq0, seq0 + n)];
            const ts = [...p.t.subarray(seq0, seq0 + n)];
            expect([lv.records[o + S_XMIN], lv.records[o + S_XMAX]]).toEqual([Math.min(...xs), Math.max(...xs)]);
            expect([lv.records[o + S_T0], lv.records[o + S_T1]]).toEqual([Math.min(...ts), Math.max(...ts)]);
            expect([...lv.records.subarray(o + S_MARKS, o + SUMMARY_FLOATS)]).toEqual([...computeMarks(seq0, p, seq0, seq0 + n)]);
          }
          if (L + 1 < tree.levels.length) expect(tree.levels[L + 1]!.count).toBe(Math.ceil(lv.count / FANOUT));
          else expect(lv.count).toBeLessThanOrEqual(FANOUT);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('gives exact M4 (or every point, when few) equal to a brute force, for any range and time window', () => {
    fc.assert(
      fc.property(
        pointsArb(true),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 300 }),
        fc.tuple(fc.integer({ min: -10, max: 16000 }), fc.integer({ min: 0, max: 16000 })),
        fc.option(fc.tuple(fc.integer({ min: 90, max: 3000 }), fc.integer({ min: 0, max: 3000 }))),
        (points, size, buckets, [x0, span], times) => {
          const { tree, tail, fetch } = build(points, size);
          const since = times ? times[0] : -Infinity;
          const until = times ? times[0] + times[1] : Infinity;
          const q = { x0, x1: x0 + span, since, until, buckets };
          const view = runSteps(viewSteps(tree, tail, q), fetch);
          const inRange = points.filter((pt) => pt.x >= q.x0 && pt.x <= q.x1 && pt.t >= since && pt.t <= until);
          const { decimated, ...cols } = view;
          if (inRange.length <= buckets) {
            expect(decimated).toBe(false);
            expect(cols).toEqual({
              x: inRange.map((pt) => pt.x),
              y: inRange.map((pt) => (Number.isNaN(pt.y) ? null : pt.y)),
              t: inRange.map((pt) => pt.t),
            });
          } else {
            expect(decimated).toBe(true);
            expect(cols).toEqual(bruteM4(points, q.x0, q.x1, buckets, until, since));
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('counts the points received in a time window, and their x extent, as a brute force does', () => {
    fc.assert(
      fc.property(pointsArb(false), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 90, max: 3000 }), fc.integer({ min: 0, max: 500 }), (points, size, since, span) => {
        const { tree, tail, fetch } = build(points, size);
        const got = runSteps(extentSteps(tree, tail, since, since + span), fetch);
        const inTime = points.filter((pt) => pt.t >= since && pt.t <= since + span);
        expect(got).toEqual(inTime.length === 0 ? null : { n: inTime.length, xmin: Math.min(...inTime.map((pt) => pt.x)), xmax: Math.max(...inTime.map((pt) => pt.x)) });
      }),
      { numRuns: 60 },
    );
  });

  it('reads whole records at upper levels: a decimated read of many points decodes about one chunk per bucket edge', () => {
    const n = 300_000;
    const points: Pt[] = Array.from({ length: n }, (_, s) => ({ s, x: s, y: Math.sin(s / 1000), t: 1 }));
    const { tree, tail, fetch, decoded } = build(points, 256);
    expect(tree.levels.length).toBeGreaterThanOrEqual(3);
    const view = runSteps(viewSteps(tree, tail, { x0: 0, x1: n - 1, since: -Infinity, until: Infinity, buckets: 2000 }), fetch);
    expect(view.decimated).toBe(true);
    // 2,000 buckets of 200 points: at most one chunk under each edge (~1,170 chunks in all, decoded via edges only).
    expect(decoded.length).toBeLessThanOrEqual(new Set(decoded).size);
    expect(decoded.length).toBeLessThan(1172);
    expect(view).toEqual({ ...bruteM4(points, 0, n - 1, 2000), decimated: true });
  });
});

describe('summary tree in the SQLite store', () => {
  it('matches the brute force with several levels, warm and from a store with nothing cached', () => {
    const f = storeFixture({ chunkPoints: 4 });
    const points: Pt[] = [];
    let t = 0;
    for (let batch = 0; batch < 40; batch++) {
      t++;
      const k = 1 + ((batch * 37) % 150);
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < k; i++) {
        const s = points.length;
        const v = s % 97 === 0 ? NaN : Math.round(Math.sin(s * 0.37) * 30);
        x.push(s * 2);
        y.push(v);
        points.push({ s, x: s * 2, y: v, t });
      }
      f.append(x, y, t);
    }
    const xmax = points[points.length - 1]!.x;
    for (const store of [f.store, f.reopen()]) {
      for (const [x0, x1, buckets] of [[0, xmax, 50], [100, 3000, 37], [0, xmax, 7]] as const) {
        const { decimated, ...cols } = store.series.view(f.trace, { x0, x1, buckets });
        expect(decimated).toBe(true);
        expect(cols).toEqual(bruteM4(points, x0, x1, buckets));
      }
    }
  });
});
