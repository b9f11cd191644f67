import { describe, expect, it } from 'vitest';
import type { TraceData, WindowInfo } from '../protocol/index.js';
import { ENV_COLORS, matchWindows, overlay, TRACE_DASHES } from '../client/compare/match.js';

function win(id: string, title: string | undefined, order: number): WindowInfo {
  return { id, type: 'line', opts: title === undefined ? {} : { title }, order, version: 1, content: null, traces: [], createdAt: 0, updatedAt: 0 };
}

function trace(name: string, x: number[], t: number[]): TraceData {
  return { id: 1, name, x, y: x.map((v) => v * 2), t, start: 0, end: x.length, decimated: false };
}

describe('matchWindows', () => {
  it('matches windows across envs by title, falling back to the window id', () => {
    const groups = matchWindows([
      { env: 'a', windows: [win('w1', 'Loss', 0), win('acc', undefined, 1)] },
      { env: 'b', windows: [win('other-id', 'Loss', 0), win('acc', undefined, 1), win('x', 'Only b', 2)] },
    ]);
    expect(groups.map((g) => [g.key, g.members.map((m) => `${m.env}:${m.window.id}`)])).toEqual([
      ['Loss', ['a:w1', 'b:other-id']],
      ['acc', ['a:acc', 'b:acc']],
      ['Only b', ['b:x']],
    ]);
  });
});

describe('overlay', () => {
  it('labels series env / trace with one color per env and one dash per trace', () => {
    const series = overlay(
      [
        { env: 'a', data: [trace('G', [0, 1], [1000, 2000]), trace('D', [0, 1], [1000, 2000])] },
        { env: 'b', data: [trace('G', [0, 1], [5000, 7000])] },
      ],
      'step',
      {},
    );
    expect(series.map((s) => [s.label, s.color, s.dash])).toEqual([
      ['a / G', ENV_COLORS[0], TRACE_DASHES[0]],
      ['a / D', ENV_COLORS[0], TRACE_DASHES[1]],
      ['b / G', ENV_COLORS[1], TRACE_DASHES[0]],
    ]);
    expect(series[2]!.x).toEqual([0, 1]);
  });

  it('aligns by seconds since each run started', () => {
    const series = overlay([{ env: 'a', data: [trace('G', [10, 11], [1000, 3000])] }, { env: 'b', data: [trace('G', [0, 1], [50_000, 51_000])] }], 'relative', { a: 1000, b: 50_000 });
    expect(series.map((s) => s.x)).toEqual([[0, 2], [0, 1]]);
  });
});
