/** The reference for decimation tests: M4 computed the obvious way, point by point. */
import { niceBucketWidth } from '../server/store/decimate.js';

export interface Pt {
  s: number;
  x: number;
  y: number;
  t: number;
}

/** Min/max decimation the obvious way: every point of [x0, x1] into its nice-width bucket. */
export function bruteM4(points: Pt[], x0: number, x1: number, buckets: number, until = Infinity, since = -Infinity) {
  const w = niceBucketWidth(x1 - x0, buckets);
  const byBucket = new Map<number, Pt[]>();
  for (const p of points) {
    if (p.x < x0 || p.x > x1 || p.t > until || p.t < since) continue;
    const b = Math.floor(p.x / w);
    if (!byBucket.has(b)) byBucket.set(b, []);
    byBucket.get(b)!.push(p);
  }
  const out = { x: [] as number[], y: [] as (number | null)[], t: [] as number[] };
  for (const b of [...byBucket.keys()].sort((a, c) => a - c)) {
    const pts = byBucket.get(b)!.sort((a, c) => a.s - c.s);
    const values = pts.filter((p) => !Number.isNaN(p.y));
    const pick = new Set<Pt>([pts[0]!, pts[pts.length - 1]!]);
    const gap = pts.find((p) => Number.isNaN(p.y));
    if (gap) pick.add(gap);
    if (values.length > 0) {
      // Ties go to the earliest point.
      pick.add(values.reduce((m, p) => (p.y < m.y ? p : m)));
      pick.add(values.reduce((m, p) => (p.y > m.y ? p : m)));
    }
    for (const p of [...pick].sort((a, c) => a.s - c.s)) {
      out.x.push(p.x);
      out.y.push(Number.isNaN(p.y) ? null : p.y);
      out.t.push(p.t);
    }
  }
  return out;
}
