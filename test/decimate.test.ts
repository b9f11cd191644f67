import { describe, expect, it } from 'vitest';
import { niceBucketWidth } from '../server/store/decimate.js';
import { bruteM4, type Pt } from './brute-m4.js';
import { random, storeFixture } from './store-fixture.js';

/** Appends `n` points in batches of random size, received at times 1, 2, 3, ... */
function fillRandom(f: ReturnType<typeof storeFixture>, n: number, seed: number, xOf: (i: number, r: () => number) => number): Pt[] {
  const r = random(seed);
  const points: Pt[] = [];
  let t = 0;
  while (points.length < n) {
    const k = Math.min(n - points.length, 1 + Math.floor(r() * 700));
    const x: number[] = [];
    const y: number[] = [];
    t++;
    for (let i = 0; i < k; i++) {
      const s = points.length;
      // Coarse values so equal minima and maxima happen; a few gaps.
      const v = r() < 0.01 ? NaN : Math.round(r() * 50);
      x.push(xOf(s, r));
      y.push(v);
      points.push({ s, x: x[i]!, y: v, t });
    }
    f.append(x, y, t);
  }
  return points;
}

describe('decimated views', () => {
  it('match a brute-force min/max over the same nice-width buckets exactly', () => {
    const f = storeFixture();
    const points = fillRandom(f, 30_000, 1, (s, r) => s * 3 + Math.floor(r() * 3));
    const xmax = points[points.length - 1]!.x;
    for (const [x0, x1, buckets] of [
      [0, xmax, 200],
      [0, xmax, 2000],
      [1234.5, 45678, 300],
      [50_001, 50_999, 7],
    ] as const) {
      const view = f.store.series.view(f.trace, { x0, x1, buckets });
      expect(view.decimated).toBe(true);
      const { decimated: _, ...cols } = view;
      expect(cols).toEqual(bruteM4(points, x0, x1, buckets));
    }
  });

  it('match the brute force when x is not monotone (every chunk straddles buckets)', () => {
    const f = storeFixture();
    // More points than are ever sent whole as a path (65,536): decimated after all.
    const points = fillRandom(f, 80_000, 2, (_s, r) => Math.floor(r() * 100_000));
    const { decimated, ...cols } = f.store.series.view(f.trace, { x0: 0, x1: 100_000, buckets: 500 });
    expect(decimated).toBe(true);
    expect(cols).toEqual(bruteM4(points, 0, 100_000, 500));
  });

  it('match the brute force for points received by a given time', () => {
    const f = storeFixture();
    const points = fillRandom(f, 20_000, 3, (s) => s);
    const until = points[12_345]!.t;
    const { decimated, ...cols } = f.store.series.view(f.trace, { x0: 0, x1: 20_000, buckets: 100, until });
    expect(decimated).toBe(true);
    expect(cols).toEqual(bruteM4(points, 0, 20_000, 100, until));
  });

  it('are the same from a store with nothing cached', () => {
    const f = storeFixture();
    fillRandom(f, 10_000, 4, (s) => s);
    const warm = f.store.series.view(f.trace, { buckets: 150 });
    fillRandom(f, 10_000, 5, (s) => 10_000 + s);
    const trace = { ...f.trace };
    expect(f.store.series.view(trace, { buckets: 150 })).toEqual(f.reopen().series.view(trace, { buckets: 150 }));
    expect(warm.x.length).toBeGreaterThan(0);
  });

  it('keep a single spike in 1M points at 200 buckets', () => {
    const f = storeFixture();
    const n = 1_000_000;
    const spikeAt = 654_321;
    const batch = 100_000;
    for (let from = 0; from < n; from += batch) {
      const x = new Float64Array(batch).map((_, i) => from + i);
      const y = x.map((s) => (s === spikeAt ? 1e9 : Math.sin(s / 1000)));
      f.append(x, y, 1 + from / batch);
    }
    const view = f.store.series.view(f.trace, { buckets: 200 });
    expect(view.decimated).toBe(true);
    expect(view.x.length).toBeLessThanOrEqual(200 * 4);
    expect(view.y.filter((v) => v === 1e9)).toHaveLength(1);
    expect(view.x[view.y.indexOf(1e9)]).toBe(spikeAt);
  });

  it('do not change earlier buckets when more points are appended', () => {
    const f = storeFixture();
    const x = (from: number, k: number) => Array.from({ length: k }, (_, i) => from + i);
    const y = (from: number, k: number) => x(from, k).map((s) => Math.sin(s / 37) * 100 + (s % 11));
    f.append(x(0, 9_000), y(0, 9_000), 1);
    const before = f.store.series.view(f.trace, { x0: 0, x1: 8_999, buckets: 1000 });
    f.append(x(9_000, 1_000), y(9_000, 1_000), 2);
    const after = f.store.series.view(f.trace, { x0: 0, x1: 9_999, buckets: 1000 });
    // Same width (10) before and after: every bucket that was complete is unchanged.
    expect(niceBucketWidth(8_999, 1000)).toBe(niceBucketWidth(9_999, 1000));
    const complete = (v: typeof before) => v.x.filter((xv) => xv !== null && xv < 8_990).length;
    expect(complete(after)).toBe(complete(before));
    const k = complete(before);
    expect([after.x.slice(0, k), after.y.slice(0, k), after.t.slice(0, k)]).toEqual([before.x.slice(0, k), before.y.slice(0, k), before.t.slice(0, k)]);
  });
});
