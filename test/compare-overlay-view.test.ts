import { describe, expect, it } from 'vitest';
import { TRACE_DASHES } from '../client/compare/match.js';
import { RUN_PALETTE } from '../client/runs/run-color.js';
import { EMPTY_RUN_META } from '../protocol/index.js';
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
  it('draws each run in its own colour: the one set in its metadata, else its place in creation order', () => {
    const store = storeWith({ a: [], b: [{ win: 'w', traces: [{ name: 'loss', x: [0], t: [5] }] }], c: [{ win: 'w', traces: [{ name: 'loss', x: [0], t: [5] }] }] });
    const summary = (id: string, createdAt: number, color: string | null) => ({ id, windows: 1, points: 1, createdAt, lastActivity: createdAt, meta: { ...EMPTY_RUN_META, color } });
    store.apply({ type: 'envs', envs: [summary('a', 1, null), summary('b', 2, null), summary('c', 3, '#123456')] });
    const members = [{ env: 'b', win: 'w' }, { env: 'c', win: 'w' }];
    // b keeps its colour in a pane where a (compared, earlier) has no match, and whichever runs are compared.
    for (const compared of [['a', 'b', 'c'], ['c', 'b']]) {
      const series = overlayColumns(store, members, compared, 'step', () => undefined);
      expect(series.map((o) => [o.label, o.color, o.dash])).toEqual([
        ['b / loss', RUN_PALETTE[1], TRACE_DASHES[0]],
        ['c / loss', '#123456', TRACE_DASHES[0]],
      ]);
    }
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
