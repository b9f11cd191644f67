import { describe, expect, it } from 'vitest';
import { isolatedPoints } from '../client/plot/paths.js';
import { seriesView } from '../client/plot/series-view.js';

const off = { smoothing: 0, logX: false, logY: false };

describe('series view', () => {
  it('draws the logged values by default', () => {
    const v = seriesView([{ x: [0, 1, 2, 3], y: [1, 4, 9, 16] }], off);
    expect(v.traces[0]!.y).toEqual([1, 4, 9, 16]);
    expect(v.grid).toEqual([[0, 1, 2, 3], [1, 4, 9, 16]]);
  });

  it('smooths a sparse trace over its own points, not over the x of another trace', () => {
    const train = { x: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], y: [5, 4.5, 4, 3.8, 3.5, 3.3, 3.1, 3, 2.9, 2.8, 2.7] };
    const val = { x: [0, 5, 10], y: [5.2, 3.6, 3.0] };
    const v = seriesView([train, val], { ...off, smoothing: 0.6 });
    const sv = v.traces[1]!;
    expect(sv.x).toEqual([0, 5, 10]);
    expect(sv.y.every((y) => y !== null)).toBe(true);
    expect(sv.raw).toEqual([5.2, 3.6, 3.0]);
    // On the grid the val columns hold its three points and leave the others undefined (no point), never null (a gap).
    const [xs, , , valRaw, valSmooth] = v.grid;
    expect(xs).toHaveLength(11);
    expect(valRaw!.filter((y) => y !== undefined)).toEqual([5.2, 3.6, 3.0]);
    expect(valSmooth!.filter((y) => y === null)).toHaveLength(0);
  });

  it('leaves non-positive values out of log axes and counts them', () => {
    const v = seriesView([{ x: [0, 1, 2, 3], y: [0, 1, -1, 2] }], { ...off, logX: true, logY: true });
    expect(v.hidden).toEqual({ x: 1, y: 1 });
    expect(v.traces[0]!.x).toEqual([1, 2, 3]);
    expect(v.traces[0]!.y).toEqual([1, null, 2]);
  });

  it('keeps null x separators as breaks and several points at one x (stems)', () => {
    const v = seriesView([{ x: [1, 1, null, 2, 2, null], y: [0, 3, null, 0, 5, null] }], off);
    expect(v.traces[0]!.x).toEqual([1, 1, null, 2, 2, null]);
    expect(v.grid[0]).toEqual([1, 2]);
  });

  it('finds points with no drawn neighbour', () => {
    expect(isolatedPoints({ x: [5], y: [2], raw: null })).toEqual([0]);
    expect(isolatedPoints({ x: [0, 1, 2, 3, 4], y: [1, null, 3, null, 4], raw: null })).toEqual([0, 2, 4]);
    expect(isolatedPoints({ x: [0, 1], y: [1, 2], raw: null })).toEqual([]);
  });
});
