import { describe, expect, it } from 'vitest';
import { align } from '../client/align.js';

describe('align', () => {
  it('passes through traces that share x', () => {
    const x = [0, 1, 2];
    const out = align([{ x, y: [1, 2, 3] }, { x: [0, 1, 2], y: [4, 5, 6] }]);
    expect(out[0]).toBe(x);
    expect(out).toEqual([[0, 1, 2], [1, 2, 3], [4, 5, 6]]);
  });

  it('merges traces with different x, leaving holes where a trace has no point', () => {
    const out = align([{ x: [0, 2], y: [1, 3] }, { x: [1, 2], y: [5, 6] }]);
    expect(out[0]).toEqual([0, 1, 2]);
    expect(out[1]).toEqual([1, undefined, 3]);
    expect(out[2]).toEqual([undefined, 5, 6]);
  });

  it('keeps repeated x values of one trace as separate rows', () => {
    const out = align([{ x: [0, 1, 1, 2], y: [1, 2, 3, 4] }, { x: [1, 3], y: [9, 8] }]);
    expect(out[0]).toEqual([0, 1, 1, 2, 3]);
    expect(out[1]).toEqual([1, 2, 3, 4, undefined]);
    expect(out[2]).toEqual([undefined, 9, undefined, undefined, 8]);
  });

  it('sorts unsorted x', () => {
    expect(align([{ x: [2, 0, 1], y: [20, 0, 10] }])).toEqual([[0, 1, 2], [0, 10, 20]]);
  });
});
