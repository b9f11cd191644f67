import { describe, expect, it } from 'vitest';
import { formatNumber, tickLabels } from '../client/plot/ticks.js';

describe('tick labels', () => {
  it('labels a learning rate peaking at 3e-4 with distinct values, not a column of zeros', () => {
    const labels = tickLabels([0, 1e-4, 2e-4, 3e-4], 1e-4);
    expect(labels).toEqual(['0', '100µ', '200µ', '300µ']);
    expect(new Set(labels).size).toBe(4);
  });

  it('keeps every tick distinct from 1e-9 to 1e12', () => {
    for (let e = -9; e <= 12; e++) {
      const step = 10 ** e;
      const splits = [0, 1, 2, 3, 4, 5].map((k) => 7 * step + k * step * 0.5);
      const labels = tickLabels(splits, step * 0.5);
      expect(new Set(labels).size, `at 1e${e}: ${labels.join(' ')}`).toBe(splits.length);
      for (const l of labels) expect(l.length, l).toBeLessThanOrEqual(8);
    }
  });

  it('uses as many decimals as the step needs, and SI suffixes for large values', () => {
    expect(tickLabels([0, 0.5, 1, 1.5], 0.5)).toEqual(['0.0', '0.5', '1.0', '1.5']);
    expect(tickLabels([0, 0.25, 0.5], 0.25)).toEqual(['0.00', '0.25', '0.50']);
    expect(tickLabels([0.1, 0.2, 0.30000000000000004], 0.1)).toEqual(['0.1', '0.2', '0.3']);
    expect(tickLabels([0, 5e5, 1e6, 1.5e6], 5e5)).toEqual(['0', '0.5M', '1.0M', '1.5M']);
    expect(tickLabels([2e12, 4e12], 2e12)).toEqual(['2T', '4T']);
    expect(tickLabels([0, 2.5e-9, 5e-9], 2.5e-9)).toEqual(['0', '2.5n', '5.0n']);
    expect(tickLabels([1e-13, 2e-13], 1e-13)).toEqual(['1e-13', '2e-13']);
  });

  it('formats lone numbers for log axes and legends', () => {
    expect(formatNumber(0.00031234)).toBe('3.123e-4');
    expect(formatNumber(123456)).toBe('123500');
    expect(formatNumber(2.5e9)).toBe('2.5G');
    expect(formatNumber(null)).toBe('–');
    expect(formatNumber(0)).toBe('0');
  });
});
