import { describe, expect, it } from 'vitest';
import { BORDER, EDGE_LENGTH, forceLayout } from '../client/graph-layout.js';

const ring = (n: number) => Array.from({ length: n }, (_, i) => [i, (i + 1) % n] as const);
const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

describe('forceLayout', () => {
  it('places one graph the same way every time', () => {
    const input = { nodes: 8, edges: ring(8), width: 500, height: 400 };
    expect(forceLayout(input)).toEqual(forceLayout(input));
  });

  it('keeps every node inside the box, clear of the border', () => {
    const p = forceLayout({ nodes: 40, edges: ring(40), width: 300, height: 200 });
    for (const q of p) {
      expect(q.x).toBeGreaterThanOrEqual(BORDER - 1e-9);
      expect(q.x).toBeLessThanOrEqual(300 - BORDER + 1e-9);
      expect(q.y).toBeGreaterThanOrEqual(BORDER - 1e-9);
      expect(q.y).toBeLessThanOrEqual(200 - BORDER + 1e-9);
    }
  });

  it("draws edges about Visdom's edge length long (the charge stretches them a little) and no two nodes on top of each other", () => {
    const chain = Array.from({ length: 5 }, (_, i) => [i, i + 1] as const);
    const p = forceLayout({ nodes: 6, edges: chain, width: 1000, height: 1000 });
    for (const [a, b] of chain) {
      expect(dist(p[a]!, p[b]!)).toBeGreaterThan(EDGE_LENGTH * 0.8);
      expect(dist(p[a]!, p[b]!)).toBeLessThan(EDGE_LENGTH * 1.6);
    }
    const q = forceLayout({ nodes: 12, edges: ring(12), width: 500, height: 500 });
    for (let i = 0; i < 12; i++) for (let j = i + 1; j < 12; j++) expect(dist(q[i]!, q[j]!)).toBeGreaterThan(20);
  });

  it('ignores edges to nodes that do not exist, and lays out a lone node in the centre', () => {
    expect(forceLayout({ nodes: 1, edges: [[0, 5]], width: 200, height: 100 })).toEqual([{ x: 100, y: 50 }]);
    expect(forceLayout({ nodes: 0, edges: [], width: 200, height: 100 })).toEqual([]);
  });
});
