import { describe, expect, it } from 'vitest';
import { ENV_COLORS, TRACE_DASHES } from '../client/compare/match.js';
import { overlayColumns } from '../client/compare/overlay-view.js';
import { ClientStore } from '../client/store.js';

function storeWith(envs: Record<string, { win: string; traces: { name: string; x: number[]; t: number[] }[] }[]>): ClientStore {
  const store = new ClientStore();
  for (const [env, wins] of Object.entries(envs)) {
    store.apply({
      type: 'snapshot',
      env,
      windows: wins.map((w, i) => ({
        id: w.win, type: 'line', opts: {}, order: i, version: 1, content: null, createdAt: 0, updatedAt: 0,
        traces: w.traces.map((t, k) => ({ id: k + 1, name: t.name, points: t.x.length, xmin: null, xmax: null, ymin: null, ymax: null, props: {} })),
        data: w.traces.map((t, k) => ({ id: k + 1, name: t.name, x: t.x, y: t.x.map((v) => v * 10), t: t.t, start: 0, end: t.x.length, decimated: false })),
      })),
    });
  }
  return store;
}

describe('overlay columns', () => {
  it('keeps each env its color in panes where an earlier env has no match', () => {
    const store = storeWith({ a: [], b: [{ win: 'w', traces: [{ name: 'loss', x: [0], t: [5] }] }] });
    const series = overlayColumns(store, [{ env: 'b', win: 'w' }], ['a', 'b'], 'step', () => undefined);
    expect(series.map((o) => [o.label, o.color, o.dash])).toEqual([['b / loss', ENV_COLORS[1], TRACE_DASHES[0]]]);
  });

  it('gives every member its own columns, by step or by seconds since each env started', () => {
    const store = storeWith({
      a: [{ win: 'wa', traces: [{ name: 'loss', x: [10, 11], t: [1000, 3000] }] }],
      b: [{ win: 'wb', traces: [{ name: 'loss', x: [10, 12], t: [50_000, 51_000] }] }],
    });
    const members = [{ env: 'a', win: 'wa' }, { env: 'b', win: 'wb' }];
    const step = overlayColumns(store, members, ['a', 'b'], 'step', () => undefined);
    expect(step.map((o) => [o.x, o.y])).toEqual([[[10, 11], [100, 110]], [[10, 12], [100, 120]]]);
    const rel = overlayColumns(store, members, ['a', 'b'], 'relative', () => undefined);
    expect(rel.map((o) => o.x)).toEqual([[0, 2], [0, 1]]);
  });
});
