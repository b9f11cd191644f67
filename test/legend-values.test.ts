import { describe, expect, it } from 'vitest';
import { closestTrace, legendEntries, nearestPoint, nearestPoints } from '../client/plot/legend-values.js';
import { seriesView } from '../client/plot/series-view.js';
import { traceStyles } from '../client/plot/style.js';

describe('values under the cursor', () => {
  it("finds each trace's own point nearest an x, skipping missing values", () => {
    const t = { x: [0, 10, 20, 30, null, 40], y: [1, 2, null, 4, null, 5] };
    expect(nearestPoint(t, 11)).toBe(1);
    expect(nearestPoint(t, 19)).toBe(1); // 20 has no y; 10 is nearer than 30
    expect(nearestPoint(t, 26)).toBe(3);
    expect(nearestPoint(t, -5)).toBe(0);
    expect(nearestPoint(t, 99)).toBe(5);
    expect(nearestPoint({ x: [], y: [] }, 1)).toBe(-1);
    expect(nearestPoint({ x: [5, 1, 3], y: [1, 2, 3] }, 2.6)).toBe(2); // unsorted (scatter): scanned
  });

  it('gives every trace a value at its own nearest x, though their x never coincide (decimated runs)', () => {
    const a = { x: [0, 2, 4, 6], y: [1, 2, 3, 4] };
    const b = { x: [1, 3, 5, 7], y: [10, 20, 30, 40] };
    const view = seriesView([a, b], { smoothing: 0, logX: false, logY: false });
    const styles = traceStyles('line', {}, [{ name: 'a', props: {} }, { name: 'b', props: {} }]);
    const entries = legendEntries(view, 4, ['a', 'b'], styles, new Set());
    expect(entries.map((e) => [e.name, e.y])).toEqual([
      ['a', 3],
      ['b', 20],
    ]);
    expect(legendEntries(view, null, ['a', 'b'], styles, new Set()).map((e) => e.value)).toEqual([null, null]);
  });

  it('picks the shown trace drawn nearest the pointer', () => {
    const view = seriesView([{ x: [0, 1], y: [0, 0] }, { x: [0, 1], y: [5, 5] }, { x: [0, 1], y: [9, 9] }], { smoothing: 0, logX: false, logY: false });
    const at = nearestPoints(view, 0.4);
    const px = (_k: number, y: number) => 100 - y * 10;
    expect(closestTrace(view, at, () => true, px, 52)).toBe(1);
    expect(closestTrace(view, at, (k) => k !== 1, px, 52)).toBe(2);
    expect(closestTrace(view, at, (k) => k === 0, px, 52)).toBe(0);
    expect(closestTrace(view, [-1, -1, -1], () => true, px, 52)).toBe(null);
  });
});
