import { describe, expect, it } from 'vitest';
import { Hub } from '../server/hub.js';
import { Ingest } from '../server/ingest.js';
import { CHUNK_POINTS } from '../server/store/chunk.js';
import { random, storeFixture } from './store-fixture.js';

/** Appends 0..n-1 in batches of the given sizes (cycled), y = f(seq), batch k received at time k + 1. */
function fill(f: ReturnType<typeof storeFixture>, n: number, sizes: number[], y: (s: number) => number) {
  const all = { x: [] as number[], y: [] as (number | null)[], t: [] as number[] };
  for (let s = 0, k = 0; s < n; k++) {
    const size = Math.min(n - s, sizes[k % sizes.length]!);
    const xs = Array.from({ length: size }, (_, i) => s + i);
    const ys = xs.map(y);
    f.append(xs, ys, k + 1);
    for (let i = 0; i < size; i++) {
      all.x.push(xs[i]!);
      all.y.push(Number.isNaN(ys[i]) ? null : ys[i]!);
      all.t.push(k + 1);
    }
    s += size;
  }
  return all;
}

describe('readSeq', () => {
  it('returns exactly what was appended, across chunk and tail boundaries', () => {
    const f = storeFixture();
    const n = CHUNK_POINTS * 5 + 77;
    const all = fill(f, n, [1, 300, 7, 255, 600, 3], (s) => s * 0.5 - 3);
    expect(f.trace.sealed).toBe(CHUNK_POINTS * 5);
    const r = random(7);
    const ranges = [
      [0, n],
      [0, 1],
      [CHUNK_POINTS - 1, CHUNK_POINTS + 1],
      [CHUNK_POINTS * 5 - 2, CHUNK_POINTS * 5 + 3],
      [CHUNK_POINTS * 5, n],
      [n - 1, n],
      [10, 10],
    ];
    for (let i = 0; i < 20; i++) {
      const a = Math.floor(r() * n);
      ranges.push([a, a + Math.floor(r() * (n - a + 1))]);
    }
    for (const [from, to] of ranges) {
      expect(f.store.series.readSeq(f.trace.id, from!, to!)).toEqual({
        x: all.x.slice(from, to),
        y: all.y.slice(from, to),
        t: all.t.slice(from, to),
      });
    }
  });

  it('gives gaps (NaN) back as null, in chunks and in the tail', () => {
    const f = storeFixture();
    const n = CHUNK_POINTS + 10;
    fill(f, n, [n], (s) => (s % 3 === 0 ? NaN : s));
    const { y } = f.store.series.readSeq(f.trace.id, 0, n);
    expect(y.map((v, s) => (v === null) === (s % 3 === 0))).toEqual(new Array(n).fill(true));
    expect(y[CHUNK_POINTS + 1]).toBe(CHUNK_POINTS + 1);
  });
});

describe('views', () => {
  it('only hold points received by `until`', () => {
    const f = storeFixture();
    fill(f, CHUNK_POINTS * 3, [100], (s) => s);
    // Batch k (100 points) was received at time k + 1.
    const view = f.store.series.view(f.trace, { buckets: 10_000, until: 4 });
    expect(view.decimated).toBe(false);
    expect(view.x).toEqual(Array.from({ length: 400 }, (_, i) => i));
    expect(view.t.every((t) => t <= 4)).toBe(true);
  });

  it('are exact when the range holds at most `buckets` points, even inside chunks', () => {
    const f = storeFixture();
    const all = fill(f, CHUNK_POINTS * 40, [1000], (s) => Math.cos(s));
    const view = f.store.series.view(f.trace, { x0: 1000.5, x1: 1100, buckets: 100 });
    expect(view).toEqual({ x: all.x.slice(1001, 1101), y: all.y.slice(1001, 1101), t: all.t.slice(1001, 1101), decimated: false });
  });

  it('read chunks sealed before summary blocks existed: migration 9 builds their summaries from the chunk rows', () => {
    const f = storeFixture();
    fill(f, CHUNK_POINTS * 50, [999], (s) => Math.sin(s / 50) + (s === 4321 ? 100 : 0));
    const expected = f.store.series.view(f.trace, { buckets: 40 });
    // As a database written before migration 2 (and so before 9): chunks, but no summary blocks for them.
    f.store.db.exec('DELETE FROM summary_blocks; DROP TABLE summary_levels; PRAGMA user_version = 8');
    const legacy = f.reopen();
    expect(legacy.series.view(f.trace, { buckets: 40 })).toEqual(expected);
    // New chunks get blocks again; the view still covers everything, old and new.
    const x = Array.from({ length: CHUNK_POINTS }, (_, i) => CHUNK_POINTS * 50 + i);
    legacy.transaction(() => legacy.series.append(f.trace, x, x.map(() => -100), 99));
    const after = legacy.series.view(f.trace, { buckets: 40 });
    expect(Math.max(...(after.y as number[]))).toBeGreaterThan(99);
    expect(Math.min(...(after.y as number[]))).toBe(-100);
    expect(after).toEqual(f.reopen().series.view(f.trace, { buckets: 40 }));
  });

  it('show the new points after a replace, under a new trace id (ids are never reused)', () => {
    const f = storeFixture();
    const ingest = new Ingest(f.store, new Hub());
    const y = (v: number) => new Float64Array(CHUNK_POINTS * 40).fill(v);
    ingest.series({ env: 'r', win: 'w', mode: 'create', type: 'line', traces: [{ name: 'a', x: null, y: y(1) }] });
    const [before] = f.store.traces('r', 'w');
    expect(f.store.series.view(before!, { buckets: 10 }).y).toContain(1);
    ingest.series({ env: 'r', win: 'w', mode: 'replace', type: 'line', traces: [{ name: 'a', x: null, y: y(2) }] });
    const [after] = f.store.traces('r', 'w');
    expect(after!.id).not.toBe(before!.id);
    expect(new Set(f.store.series.view(after!, { buckets: 10 }).y)).toEqual(new Set([2]));
    ingest.close();
  });

  it('forget what a rolled-back transaction read', () => {
    const f = storeFixture();
    fill(f, CHUNK_POINTS, [CHUNK_POINTS], () => 1);
    const saved = { ...f.trace };
    expect(() =>
      f.store.transaction(() => {
        f.store.series.append(f.trace, Array.from({ length: CHUNK_POINTS }, (_, i) => CHUNK_POINTS + i), new Array(CHUNK_POINTS).fill(5), 9);
        expect(f.store.series.view(f.trace, { buckets: 10 }).y).toContain(5);
        throw new Error('abort');
      }),
    ).toThrow('abort');
    Object.assign(f.trace, saved);
    // The same seqs sealed again with other values.
    f.store.transaction(() => f.store.series.append(f.trace, Array.from({ length: CHUNK_POINTS }, (_, i) => CHUNK_POINTS + i), new Array(CHUNK_POINTS).fill(7), 10));
    expect(f.trace.sealed).toBe(CHUNK_POINTS * 2);
    expect(new Set(f.store.series.view(f.trace, { x0: 0, x1: 1999, buckets: 2 }).y)).toEqual(new Set([1, 7]));
  });
});
