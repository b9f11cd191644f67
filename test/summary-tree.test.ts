/**
 * Multi-level summaries (summary-levels.ts, summary-read.ts) and the reads over them
 * (series-view.ts), as pure logic against brute-force references (fast-check
 * properties), then through the SQLite store with tiny chunks so a small trace has
 * several levels.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMarks, packColumn, sealChunk, unpackColumn, SUMMARY_FLOATS, S_MARKS, S_N, S_SEQ0, S_T0, S_T1, S_XMAX, S_XMIN, type Points, type SealedChunk } from '../server/store/chunk.js';
import { chunkRecords, FANOUT, LEVEL_FLOATS, levelWrites, L_BACK, strideOf, type LevelBlock } from '../server/store/summary-levels.js';
import { LevelCache, type BlockLoader } from '../server/store/summary-read.js';
import { extentSteps, viewSteps, type ChunkColumns, type Steps } from '../server/store/series-view.js';
import { bruteM4, type Pt } from './brute-m4.js';
import { storeFixture } from './store-fixture.js';

/** Runs a read, fetching each chunk it asks for from memory. */
function runSteps<T>(steps: Steps<T>, fetch: (seq0: number) => ChunkColumns): T {
  let r = steps.next(undefined as unknown as ChunkColumns[]);
  while (!r.done) r = steps.next(r.value.map(fetch));
  return r.value;
}

/** Stored level rows in memory, keyed `level:seq0`, written as a store writes them. */
class MemLevels {
  readonly rows = new Map<string, Float64Array>();
  /** Block rows read by loaders, over all reads. */
  loads = 0;

  /** The seq0 of each level's last block. */
  private readonly lastOf: number[] = [];

  /** Seals chunk records as a store does: reads the right spine, applies levelWrites. */
  seal(chunks: SealedChunk[]): void {
    const spine = this.lastOf.map((seq0, L): LevelBlock => ({ level: L, seq0, data: this.rows.get(`${L}:${seq0}`)! }));
    for (const w of levelWrites(spine, chunkRecords(chunks))) {
      expect(this.rows.has(`${w.level}:${w.seq0}`)).toBe(!w.insert);
      this.rows.set(`${w.level}:${w.seq0}`, w.data);
      this.lastOf[w.level] = Math.max(this.lastOf[w.level] ?? 0, w.seq0);
    }
  }

  /** How many levels are stored. */
  get depth(): number {
    return this.lastOf.length;
  }

  loader(): BlockLoader {
    return {
      top: () => {
        const d = this.depth;
        if (d === 0) return null;
        return { level: d - 1, data: this.rows.get(`${d - 1}:0`)! };
      },
      block: (level, seq0) => {
        this.loads++;
        return this.rows.get(`${level}:${seq0}`)!;
      },
    };
  }
}

/**
 * Points, sealed into chunks of `size` in batches of `batch` chunks (the rest is the
 * tail), with their stored levels, a read's view of them, and a fetch by seq0.
 */
function build(points: Pt[], size: number, batch = 1) {
  const p: Points = {
    x: Float64Array.from(points, (q) => q.x),
    y: Float64Array.from(points, (q) => q.y),
    t: Float64Array.from(points, (q) => q.t),
  };
  const mem = new MemLevels();
  const chunks = new Map<number, ChunkColumns>();
  let pending: SealedChunk[] = [];
  let from = 0;
  for (; from + size <= points.length; from += size) {
    pending.push(sealChunk(from, p, from, from + size));
    chunks.set(from, { seq0: from, x: p.x.slice(from, from + size), y: p.y.slice(from, from + size), t: p.t.slice(from, from + size) });
    if (pending.length >= batch) {
      mem.seal(pending);
      pending = [];
    }
  }
  if (pending.length > 0) mem.seal(pending);
  const tree = new LevelCache().levels(1, from, mem.loader());
  const tail: ChunkColumns = { seq0: from, x: p.x.slice(from), y: p.y.slice(from), t: p.t.slice(from) };
  const decoded: number[] = [];
  const fetch = (seq0: number) => {
    decoded.push(seq0);
    return chunks.get(seq0)!;
  };
  return { tree, mem, tail, fetch, decoded, p };
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
  it('stores at every level exactly what a direct pass over the same points gives, however the chunks were sealed', () => {
    fc.assert(
      fc.property(pointsArb(false), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 40 }), (points, size, batch) => {
        const { mem, p } = build(points, size, batch);
        const chunks = Math.floor(points.length / size);
        // Sealed one chunk at a time or all at once (the backfill), the rows are the same.
        const once = build(points, size, Infinity).mem;
        expect([...mem.rows.keys()].sort()).toEqual([...once.rows.keys()].sort());
        for (const [k, data] of mem.rows) expect([...data]).toEqual([...once.rows.get(k)!]);
        for (let L = 0; L < mem.depth; L++) {
          const stride = strideOf(L);
          const perRecord = size * FANOUT ** L;
          const count = Math.ceil(chunks / FANOUT ** L);
          // The top level is one block; every level below it has more than one.
          if (L + 1 === mem.depth) expect(count).toBeLessThanOrEqual(FANOUT);
          else expect(count).toBeGreaterThan(FANOUT);
          for (let i = 0; i < count; i++) {
            const block = mem.rows.get(`${L}:${Math.floor(i / FANOUT) * FANOUT * perRecord}`)!;
            const o = (i % FANOUT) * stride;
            const seq0 = block[o + S_SEQ0]!;
            const n = block[o + S_N]!;
            expect(seq0).toBe(i * perRecord);
            expect(n).toBe(Math.min(perRecord, chunks * size - seq0));
            const xs = [...p.x.subarray(seq0, seq0 + n)];
            const ts = [...p.t.subarray(seq0, seq0 + n)];
            expect([block[o + S_XMIN], block[o + S_XMAX]]).toEqual([Math.min(...xs), Math.max(...xs)]);
            expect([block[o + S_T0], block[o + S_T1]]).toEqual([Math.min(...ts), Math.max(...ts)]);
            expect([...block.subarray(o + S_MARKS, o + SUMMARY_FLOATS)]).toEqual([...computeMarks(seq0, p, seq0, seq0 + n)]);
            if (L > 0) {
              // back: some chunk inside starts left of where an earlier one reached.
              let reach = -Infinity;
              let back = false;
              for (let c = seq0; c < seq0 + n; c += size) {
                const cx = [...p.x.subarray(c, c + size)];
                if (Math.min(...cx) < reach) back = true;
                reach = Math.max(reach, ...cx);
              }
              expect(block[o + L_BACK]).toBe(back ? 1 : 0);
            }
          }
        }
        expect(mem.rows.size).toBe(Array.from({ length: mem.depth }, (_, L) => Math.ceil(chunks / FANOUT ** (L + 1))).reduce((a, b) => a + b, 0));
      }),
      { numRuns: 40 },
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
    const { tree, tail, fetch, decoded, mem } = build(points, 256);
    expect(mem.depth).toBeGreaterThanOrEqual(3);
    const view = runSteps(viewSteps(tree, tail, { x0: 0, x1: n - 1, since: -Infinity, until: Infinity, buckets: 2000 }), fetch);
    expect(view.decimated).toBe(true);
    // 2,000 buckets of 200 points: at most one chunk under each edge (~1,170 chunks in all, decoded via edges only).
    expect(decoded.length).toBeLessThanOrEqual(new Set(decoded).size);
    expect(decoded.length).toBeLessThan(1172);
    expect(view).toEqual({ ...bruteM4(points, 0, n - 1, 2000), decimated: true });
  });
});

describe('summary tree in the SQLite store', () => {
  it('loads, on the first read after opening, only the blocks that read opens', () => {
    const f = storeFixture({ chunkPoints: 4 });
    const n = 200_000;
    const x = Array.from({ length: n }, (_, s) => s);
    f.append(x, x.map((s) => (s === 123_457 ? 1e6 : Math.sin(s / 300))), 1);
    const chunks = n / 4;
    const store = f.reopen();
    expect(store.series.cachedSummaryRecords).toBe(0);
    const view = store.series.view(f.trace, { buckets: 50 });
    expect(view.y).toContain(1e6);
    // 50 buckets, 4 levels: each edge opens about one block per level (16 records each); 50,000 chunks in all.
    expect(store.series.cachedSummaryRecords).toBeLessThan(50 * 4 * 16 * 2);
    expect(store.series.cachedSummaryRecords).toBeLessThan(chunks / 10);
    expect(view).toEqual(f.store.series.view(f.trace, { buckets: 50 }));
  });


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

describe('chunk columns', () => {
  it('pack a sequence v0 + i·dv into two values and unpack every column exactly as it was', () => {
    const value = fc.oneof(fc.double(), fc.integer({ min: -5, max: 5 }), fc.constant(NaN), fc.constant(-0));
    const column = fc.oneof(
      fc.array(value, { minLength: 1, maxLength: 300 }),
      // Steps and batch times: arithmetic, sometimes with one value off.
      fc.tuple(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), fc.oneof(fc.constant(0), fc.constant(1), fc.double({ noNaN: true, min: -10, max: 10 })), fc.integer({ min: 1, max: 300 }), fc.option(fc.nat()))
        .map(([v0, dv, n, off]) => {
          const v = Array.from({ length: n }, (_, i) => v0 + i * dv);
          if (off !== null) v[off % n] = v[off % n]! + 1;
          return v;
        }),
    );
    fc.assert(
      fc.property(column, (v) => {
        const packed = packColumn(Float64Array.from(v));
        expect([...unpackColumn(packed, v.length)].map((x) => (Object.is(x, -0) ? '-0' : x))).toEqual(v.map((x) => (Object.is(x, -0) ? '-0' : x)));
        const arithmetic = v.length > 2 && v.every((x, i) => Object.is(x, v[0]! + i * (v[1]! - v[0]!))) && Number.isFinite(v[0]! + (v[1]! - v[0]!));
        expect(packed.byteLength).toBe(arithmetic ? 16 : v.length * 8);
      }),
      { numRuns: 400 },
    );
  });
});
