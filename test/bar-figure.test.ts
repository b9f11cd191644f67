import { describe, expect, it } from 'vitest';
import { barAt, barFigure } from '../client/bar-figure.js';

const bar = (data: object[], layout: object = {}) => barFigure({ data, layout });

describe('bar figure', () => {
  it('places numeric x on a linear axis, sorted, with bars 0.8 of the spacing wide', () => {
    const f = bar([{ type: 'bar', x: [3, 1, 2], y: [30, 10, 20] }]);
    expect(f.categorical).toBe(false);
    expect(f.pos).toEqual([1, 2, 3]);
    expect(f.series[0]!.values).toEqual([10, 20, 30]);
    expect(f.width).toBeCloseTo(0.8);
    expect(f.series[0]!.x0).toEqual([0.6, 1.6, 2.6].map((v) => expect.closeTo(v)));
  });

  it('draws no bar for a NaN or null value (the stock client sends bare NaN)', () => {
    const f = bar([{ type: 'bar', x: [1, 2, 3], y: [1, null, 3] }]);
    expect(f.series[0]!.y1).toEqual([1, null, 3]);
  });

  it('treats rownames as categories in the order sent', () => {
    const f = bar([{ type: 'bar', x: ['b', 'a'], y: [1, 2] }]);
    expect(f.categorical).toBe(true);
    expect(f.pos).toEqual([0, 1]);
    expect(f.labels).toEqual(['b', 'a']);
  });

  it('groups traces side by side within the group width', () => {
    const f = bar([
      { type: 'bar', x: ['a', 'b'], y: [1, 2], name: 'p' },
      { type: 'bar', x: ['a', 'b'], y: [3, 4], name: 'q' },
    ]);
    expect(f.width).toBeCloseTo(0.4);
    expect(f.series.map((s) => s.x0[0])).toEqual([expect.closeTo(-0.4), expect.closeTo(0)]);
    expect(f.series.map((s) => s.name)).toEqual(['p', 'q']);
  });

  it('stacks positives upward and negatives downward from zero, as Plotly stacks', () => {
    const f = bar(
      [
        { type: 'bar', x: [1], y: [2] },
        { type: 'bar', x: [1], y: [-1] },
        { type: 'bar', x: [1], y: [3] },
        { type: 'bar', x: [1], y: [-2] },
      ],
      { barmode: 'stack' },
    );
    expect(f.series.map((s) => [s.y0[0], s.y1[0]])).toEqual([[0, 2], [0, -1], [2, 5], [-1, -3]]);
    expect([f.ymin, f.ymax]).toEqual([-3, 5]);
  });

  it('finds the hovered bar: by x when grouped, by x and y when stacked', () => {
    const grouped = bar([
      { type: 'bar', x: ['a', 'b'], y: [1, 2] },
      { type: 'bar', x: ['a', 'b'], y: [3, 4] },
    ]);
    expect(barAt(grouped, 1.1, 0)).toEqual({ group: 1, series: 1 });
    expect(barAt(grouped, 0.9, 0)).toEqual({ group: 1, series: 0 });
    expect(barAt(grouped, 0.5, 0)).toBeNull();
    const stacked = bar(
      [
        { type: 'bar', x: ['a'], y: [1] },
        { type: 'bar', x: ['a'], y: [3] },
      ],
      { barmode: 'stack' },
    );
    expect(barAt(stacked, 0, 0.5)).toEqual({ group: 0, series: 0 });
    expect(barAt(stacked, 0, 2)).toEqual({ group: 0, series: 1 });
    expect(barAt(stacked, 0, 9)).toEqual({ group: 0, series: 1 });
  });

  it('formats numeric x labels to the precision of the spacing', () => {
    const f = bar([{ type: 'bar', x: [0, 0.1111111111111111, 0.2222222222222222], y: [1, 2, 3] }]);
    expect(f.labels).toEqual(['0.00', '0.11', '0.22']);
  });
});
