/** The runs table's pure parts: rows, flattening, sort, the filter syntax and grouping. */
import { describe, expect, it } from 'vitest';
import { EMPTY_RUN_META, type EnvSummary } from '../protocol/index.js';
import { filterRows, parseFilter } from '../client/runs/filter.js';
import { groupRuns, parseGroupSpec } from '../client/runs/grouping.js';
import { flatten, runViews, sortRows, metricColumn, withStates, LIVE_MS } from '../client/runs/rows.js';
import { runColor, runColors, RUN_PALETTE } from '../client/runs/run-color.js';
import { nextSelection, toggleAll } from '../client/runs/selection.js';

const NOW = 1_000_000_000;
const env = (id: string, config: Record<string, unknown>, extra: Partial<EnvSummary['meta']> = {}, lastActivity = NOW - 60_000): EnvSummary => ({
  id, windows: 1, points: 1, createdAt: NOW - 120_000, lastActivity, meta: { ...EMPTY_RUN_META, config, ...extra },
});

const envs = [
  env('sweep-lr1e-2-seed1', { optim: { lr: 1e-2, name: 'adam' }, batch: 64 }, { tags: ['baseline'] }),
  env('sweep-lr1e-4-seed1', { optim: { lr: 1e-4, name: 'sgd' }, batch: 32 }, { finishedAt: NOW - 1000 }),
  env('sweep-lr1e-4-seed2', { optim: { lr: 1e-4, name: 'adam' }, batch: 64 }, { notes: 'Diverged early' }, NOW - 1000),
  env('visdom-run', {}),
];
const rows = runViews(envs, [{ env: 'sweep-lr1e-2-seed1', steps: 100, metrics: [{ last: 0.5, step: 100, min: 0.1, max: 2 }] }], ['loss\u001floss'], runColors(envs), NOW);
const names = (rs: { env: string }[]) => rs.map((r) => r.env);

describe('runs table model', () => {
  it('flattens config keys and derives state, duration, steps and metrics', () => {
    expect(flatten({ optim: { lr: 1, adam: { b1: 0.9 } }, layers: [1, 2], x: null })).toEqual({ 'optim.lr': 1, 'optim.adam.b1': 0.9, layers: [1, 2], x: null });
    expect(rows.map((r) => r.state)).toEqual(['idle', 'finished', 'live', 'idle']);
    expect(rows[0]!.duration).toBe(60_000);
    expect(rows[0]!.steps).toBe(100);
    expect(rows[0]!.metrics.get('loss\u001floss')).toEqual({ last: 0.5, step: 100, min: 0.1, max: 2 });
  });

  it('moves states with the clock without building the rows again (the same array while no state changes)', () => {
    expect(withStates(rows, envs, NOW + 1)).toBe(rows);
    const later = withStates(rows, envs, NOW + LIVE_MS);
    expect(later).not.toBe(rows);
    expect(later.map((r) => r.state)).toEqual(['idle', 'finished', 'idle', 'idle']);
    // Only the run whose state moved is a new object.
    expect(later[0]).toBe(rows[0]);
    expect(later[2]).not.toBe(rows[2]);
    expect(later[2]!.config).toBe(rows[2]!.config);
  });

  it('filters by text, /regex/ and comparisons on config keys', () => {
    const f = (t: string) => names(filterRows(rows, parseFilter(t)));
    expect(f('lr < 1e-3')).toEqual(['sweep-lr1e-4-seed1', 'sweep-lr1e-4-seed2']);
    expect(f('optim.lr >= 1e-3')).toEqual(['sweep-lr1e-2-seed1']);
    expect(f('config.optim.lr<1e-3 optim.name=adam')).toEqual(['sweep-lr1e-4-seed2']);
    expect(f('batch != 64')).toEqual(['sweep-lr1e-4-seed1']);
    expect(f('/seed2$/')).toEqual(['sweep-lr1e-4-seed2']);
    expect(f('/^SWEEP/')).toHaveLength(3);
    expect(f('/^SWEEP/s')).toHaveLength(0);
    expect(f('baseline')).toEqual(['sweep-lr1e-2-seed1']);
    expect(f('diverged')).toEqual(['sweep-lr1e-4-seed2']);
    expect(f('state=finished')).toEqual(['sweep-lr1e-4-seed1']);
    expect(f('steps > 50')).toEqual(['sweep-lr1e-2-seed1']);
    expect(f('"visdom-run"')).toEqual(['visdom-run']);
    expect(parseFilter('/[/').error).toMatch(/bad regex/);
  });

  it('sorts numbers numerically with missing values last, either way', () => {
    expect(names(sortRows(rows, { col: 'config:optim.lr', dir: 1 }))).toEqual(['sweep-lr1e-4-seed1', 'sweep-lr1e-4-seed2', 'sweep-lr1e-2-seed1', 'visdom-run']);
    expect(names(sortRows(rows, { col: 'config:optim.lr', dir: -1 }))).toEqual(['sweep-lr1e-2-seed1', 'sweep-lr1e-4-seed1', 'sweep-lr1e-4-seed2', 'visdom-run']);
    expect(names(sortRows(rows, { col: metricColumn('loss\u001floss', 'min'), dir: -1 }))[0]).toBe('sweep-lr1e-2-seed1');
    expect(names(sortRows(rows, { col: 'name', dir: -1 }))[0]).toBe('visdom-run');
  });

  it('groups by config keys or by a name pattern', () => {
    expect(groupRuns(rows, parseGroupSpec('optim.lr')!)).toEqual([
      { key: 'optim.lr=0.01', envs: ['sweep-lr1e-2-seed1'] },
      { key: 'optim.lr=0.0001', envs: ['sweep-lr1e-4-seed1', 'sweep-lr1e-4-seed2'] },
      { key: 'optim.lr=–', envs: ['visdom-run'] },
    ]);
    expect(groupRuns(rows, parseGroupSpec('optim.name, batch')!).map((g) => g.key)).toEqual(['optim.name=adam batch=64', 'optim.name=sgd batch=32', 'optim.name=– batch=–']);
    expect(groupRuns(rows, parseGroupSpec('name:/^(.*)-seed\\d+$/')!)).toEqual([
      { key: 'sweep-lr1e-2', envs: ['sweep-lr1e-2-seed1'] },
      { key: 'sweep-lr1e-4', envs: ['sweep-lr1e-4-seed1', 'sweep-lr1e-4-seed2'] },
      { key: '(other)', envs: ['visdom-run'] },
    ]);
  });

  it('colours runs by creation order, a set colour first, stable when runs are added later', () => {
    const a = { id: 'a', createdAt: 1, meta: { color: null } };
    const b = { id: 'b', createdAt: 2, meta: { color: '#123456' } };
    const c = { id: 'c', createdAt: 3, meta: { color: null } };
    expect([...runColors([c, b, a]).values()]).toEqual([RUN_PALETTE[0], '#123456', RUN_PALETTE[2]]);
    expect(runColor([a, b, c, { id: 'd', createdAt: 4, meta: { color: null } }], 'a')).toBe(RUN_PALETTE[0]);
    expect(runColor([a], 'unknown')).toMatch(/^#/);
  });

  it('selects as file managers do: only, toggle, a range from the anchor in table order, all shown', () => {
    const order = ['d', 'b', 'a', 'c'];
    expect(nextSelection(['a'], 'b', 'only', null, order)).toEqual(['b']);
    expect(nextSelection(['a'], 'b', 'toggle', null, order)).toEqual(['a', 'b']);
    expect(nextSelection(['a', 'b'], 'b', 'toggle', null, order)).toEqual(['a']);
    expect(nextSelection(['x'], 'c', 'range', 'b', order)).toEqual(['x', 'b', 'a', 'c']);
    expect(nextSelection(['x'], 'd', 'range', 'a', order)).toEqual(['x', 'd', 'b', 'a']);
    expect(nextSelection(['x'], 'd', 'range', null, order)).toEqual(['d']);
    expect(toggleAll(['x'], ['a', 'b'])).toEqual(['x', 'a', 'b']);
    expect(toggleAll(['x', 'a', 'b'], ['a', 'b'])).toEqual(['x']);
  });
});
