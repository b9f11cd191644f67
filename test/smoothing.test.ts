import { describe, expect, it } from 'vitest';
import { smooth } from '../client/smoothing.js';

describe('smooth (debiased EMA)', () => {
  it('matches the TensorBoard formula', () => {
    const w = 0.6;
    const y = [1, 3, 2, 5];
    let last = 0;
    const expected = y.map((v, i) => ((last = last * w + (1 - w) * v), last / (1 - w ** (i + 1))));
    const got = smooth(y, w);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
  });

  it('starts at the first value (debiased, not pulled toward zero)', () => {
    expect(smooth([10, 10.5], 0.9)[0]).toBeCloseTo(10, 12);
  });

  it('leaves a constant series untouched', () => {
    const y = [0.3, 0.3, null, 0.3];
    expect(smooth(y, 0.6)).toBe(y);
  });

  it('keeps gaps as gaps and does not count them', () => {
    const out = smooth([1, null, 3], 0.5);
    expect(out[1]).toBeNull();
    // n = 2 at the third point: last = (0.5*1)*0.5 + 0.5*3 = 1.75; / (1 - 0.25)
    expect(out[2]).toBeCloseTo(1.75 / 0.75, 12);
  });

  it('returns the input when the weight is 0', () => {
    const y = [1, 2];
    expect(smooth(y, 0)).toBe(y);
  });
});
