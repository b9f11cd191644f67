import { describe, expect, it } from 'vitest';
import { PALETTE, plotData, traceColor } from '../client/plot-options.js';

describe('plotData', () => {
  const trace = { id: 1, name: 'a', x: [0, 1, 2], y: [1, 2, 3], t: [5000, 6000, 8000], cursor: 3, decimated: false };
  it('adds a smoothed series after each raw one when smoothing', () => {
    const d = plotData('line', [trace], { smoothing: 0.5, logX: false, logY: false, xMode: 'step' }, 0);
    expect(d.length).toBe(3);
    expect(d[1]).toEqual([1, 2, 3]);
    expect(d[2]![0]).toBeCloseTo(1);
  });

  it('uses receive time for wall and relative x', () => {
    const s = { smoothing: 0, logX: false, logY: false, xMode: 'relative' as const };
    expect(plotData('line', [trace], s, 5000)[0]).toEqual([0, 1, 3]);
    expect(plotData('line', [trace], { ...s, xMode: 'wall' }, 5000)[0]).toEqual([5, 6, 8]);
  });
});

describe('traceColor', () => {
  it('takes rgb rows and color strings from opts.linecolor, and nothing that is not a color', () => {
    expect(traceColor({ linecolor: [[1, 2, 3]] }, 0)).toBe('rgb(1,2,3)');
    expect(traceColor({ linecolor: ['#ff0000', 'teal'] }, 1)).toBe('teal');
    expect(traceColor({ linecolor: ['red; background: url(http://x)'] }, 0)).toBe(PALETTE[0]);
  });
});
