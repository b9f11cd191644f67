import { describe, expect, it } from 'vitest';
import { clip, decimalsFor, formatterFor, labelExtent, layoutLabels, niceStep, numberFormat } from '../client/bar-labels.js';

describe('bar labels', () => {
  it('uses the decimals the step needs and no more', () => {
    expect([1, 10, 0.5, 0.25, 0.1, 0.05, 0.123, 2.5].map(decimalsFor)).toEqual([0, 0, 1, 2, 1, 2, 2, 1]);
  });

  it('labels numpy linspace histogram bins with a few digits, not 15', () => {
    // np.linspace(-2.3441, 2.9128, 30) as the stock client sends it for histogram(randn(1000)).
    const xs = Array.from({ length: 30 }, (_, i) => -2.3441 + (i * (2.9128 + 2.3441)) / 29);
    const fmt = formatterFor(xs);
    const labels = xs.map(fmt);
    expect(labels.slice(0, 3)).toEqual(['-2.34', '-2.16', '-1.98']);
    for (const l of labels) expect(l.replace(/[-.]/g, '').length).toBeLessThanOrEqual(4);
    expect(new Set(labels).size).toBe(30);
  });

  it('abbreviates large values with k/M/G and tiny ones with an exponent', () => {
    expect([0, 250_000, 1_500_000].map(numberFormat(1_500_000, 250_000))).toEqual(['0', '0.25M', '1.50M']);
    expect([12_000, 14_000].map(numberFormat(14_000, 2000))).toEqual(['12k', '14k']);
    expect([2e9].map(numberFormat(2e9, 1e9))).toEqual(['2G']);
    expect([0, 5e-5, 1e-4, 1.5e-4, 3e-4].map(numberFormat(3e-4, 5e-5))).toEqual(['0', '5e-5', '1e-4', '1.5e-4', '3e-4']);
    expect(numberFormat(3e17, 1e17)(3e17)).toBe('3e17');
    expect(numberFormat(1, 0.5)(-0.0001)).toBe('0.0');
  });

  it('keeps labels horizontal while the widest fits its slot', () => {
    expect(layoutLabels([30, 40], 60, 14)).toEqual({ angle: 0, step: 1 });
  });

  it('rotates long labels to 45° when their rotated lines clear each other', () => {
    // 45° needs (14 + 6) / sin 45° ≈ 28.3 px between centres.
    expect(layoutLabels([120, 90], 30, 14)).toEqual({ angle: 45, step: 1 });
  });

  it('thins labels when even rotated ones would overlap, showing as many as fit', () => {
    expect(layoutLabels([120], 8, 14)).toEqual({ angle: 90, step: 3 });
    // Short labels: thinning horizontally shows more than rotating would.
    expect(layoutLabels([14], 5, 14)).toEqual({ angle: 0, step: 4 });
  });

  it('never lets neighbouring labels overlap, whatever the widths and slot', () => {
    for (const slot of [3, 7, 12, 19, 26, 40, 80]) {
      for (const w of [5, 20, 60, 150]) {
        const { angle, step } = layoutLabels([w], slot, 14);
        const apart = slot * step;
        if (angle === 0) expect(apart).toBeGreaterThanOrEqual(w + 6);
        else expect(apart * Math.sin((angle * Math.PI) / 180)).toBeGreaterThanOrEqual(20 - 1e-9);
      }
    }
  });

  it('thins numeric index labels by 1, 2, 5, 10, ...', () => {
    expect([0.5, 1, 1.2, 3, 7, 11, 40].map(niceStep)).toEqual([1, 1, 2, 5, 10, 20, 50]);
  });

  it('clips long names with an ellipsis, by characters not UTF-16 units', () => {
    expect(clip('a'.repeat(30))).toBe(`${'a'.repeat(23)}…`);
    expect(clip('🙂'.repeat(5), 4)).toBe('🙂🙂🙂…');
    expect(clip('short')).toBe('short');
  });

  it('gives the room rotated labels take', () => {
    expect(labelExtent(100, 14, 0)).toBe(14);
    expect(labelExtent(100, 14, 90)).toBe(100);
    expect(labelExtent(100, 14, 45)).toBe(Math.ceil(114 * Math.SQRT1_2));
  });
});
