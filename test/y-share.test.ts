import { describe, expect, it } from 'vitest';
import { joinRow, rowExtent } from '../client/compare/y-share.js';

describe('shared y along a row', () => {
  it('gives every member the union of their extents, and redraws the others when one changes', () => {
    const a = {};
    const b = {};
    const redrawn: string[] = [];
    const leaveA = joinRow('row:t', a, () => redrawn.push('a'));
    const leaveB = joinRow('row:t', b, () => redrawn.push('b'));
    expect(rowExtent('row:t', a, [0, 1])).toEqual([0, 1]);
    expect(redrawn).toEqual(['b']);
    expect(rowExtent('row:t', b, [-5, 100])).toEqual([-5, 100]);
    expect(redrawn).toEqual(['b', 'a']);
    // The same extent again redraws nobody (no redraw loop).
    expect(rowExtent('row:t', a, [0, 1])).toEqual([-5, 100]);
    expect(redrawn).toEqual(['b', 'a']);
    expect(rowExtent('row:t', b, null)).toEqual([0, 1]);
    leaveB();
    expect(redrawn.at(-1)).toBe('a');
    leaveA();
    // Outside a row, a plot keeps its own range.
    expect(rowExtent('row:t', a, [2, 3])).toEqual([2, 3]);
  });
});
