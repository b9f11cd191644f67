/** The write rules are pure: given a state, each returns a plan (or refuses), with no database anywhere. */
import { describe, expect, it } from 'vitest';
import type { TraceRow } from '../server/store/store.js';
import type { WriteState } from '../server/write/plan.js';
import { planSeries, seriesState, type SeriesCommand } from '../server/write/series-rules.js';
import { planAppendItem, planCloseAll, planForkEnv, planRenameEnv, planReopenWindow } from '../server/write/window-rules.js';
import { planRunMeta } from '../server/write/run-meta-rules.js';

const NOW = 1_700_000_000_000;

function state(over: Partial<WriteState> = {}): WriteState {
  return { now: NOW, envExists: true, envs: {}, traces: [], probes: new Map(), windowIds: [], ...over };
}

function trace(id: number, name: string, n: number, pos = 0): TraceRow {
  return { id, env: 'e', win: 'w', pos, name, props: '{}', n, sealed: 0, xmin: 0, xmax: n - 1, ymin: 0, ymax: 1, last_t: NOW };
}

const line = { type: 'line', opts: {}, content: null, closed: false } as const;
const f = (...v: number[]) => Float64Array.from(v);

describe('series rules', () => {
  it('plan a one-point append as touch env, one append continuing the step count, touch window, and an append announcement', () => {
    const cmd: SeriesCommand = { env: 'e', win: 'w', mode: 'append', type: 'line', traces: [{ name: 'a', x: null, y: f(0.5) }] };
    expect(seriesState(cmd, 'w', NOW)).toEqual({ now: NOW, env: 'e', win: 'w', traces: true, probes: false });
    const plan = planSeries(cmd, 'w', state({ window: line, traces: [trace(7, 'a', 41)] }));
    expect(plan.ops).toEqual([
      { op: 'touchEnv', env: 'e' },
      { op: 'append', trace: 7, name: 'a', points: { x: f(41), y: f(0.5), t: NOW } },
      { op: 'touchWindow', env: 'e', win: 'w' },
    ]);
    expect(plan.announce).toEqual([{ kind: 'append', env: 'e', win: 'w', ops: [1] }]);
    expect(plan.envsNow).toBe(false);
  });

  it('create a window (and announce the env list at once) when an append names a window that does not exist', () => {
    const cmd: SeriesCommand = { env: 'new', win: 'w', mode: 'append', type: 'scatter', traces: [{ name: 'a', x: f(3), y: f(4) }] };
    const plan = planSeries(cmd, 'w', state({ envExists: false }));
    expect(plan.ops.map((o) => o.op)).toEqual(['touchEnv', 'putWindow', 'addTrace']);
    expect(plan.announce).toEqual([{ kind: 'window', env: 'new', win: 'w', data: true }]);
    expect(plan.envsNow).toBe(true);
  });

  it('rename traces by legend before choosing targets by name, and refuse a count mismatch', () => {
    const cmd: SeriesCommand = { env: 'e', win: 'w', mode: 'append', type: 'line', name: 'b', opts: { legend: ['b'] }, traces: [{ name: 'b', x: null, y: f(1) }] };
    const plan = planSeries(cmd, 'w', state({ window: line, traces: [trace(1, 'a', 2)] }));
    expect(plan.ops.filter((o) => o.op === 'renameTrace')).toEqual([{ op: 'renameTrace', trace: 1, name: 'b' }]);
    expect(plan.ops.find((o) => o.op === 'append')).toMatchObject({ trace: 1, name: 'b' });
    const two: SeriesCommand = { env: 'e', win: 'w', mode: 'append', type: 'line', extraTraces: 'reject', traces: [{ name: 'a', x: null, y: f(1) }, { name: 'c', x: null, y: f(2) }] };
    expect(() => planSeries(two, 'w', state({ window: line, traces: [trace(1, 'a', 2)] }))).toThrow(/has 1 trace but the request sends 2/);
  });

  it('append only the new suffix of a re-sent history whose first and last stored points match', () => {
    const cmd: SeriesCommand = { env: 'e', win: 'w', mode: 'create', type: 'line', extendIfPrefix: true, traces: [{ name: 'a', x: f(0, 1, 2), y: f(5, 6, 7) }] };
    const probes = new Map([[1, { first: { x: 0, y: 5 }, last: { x: 1, y: 6 } }]]);
    const plan = planSeries(cmd, 'w', state({ window: line, traces: [trace(1, 'a', 2)], probes }));
    expect(plan.ops.find((o) => o.op === 'append')).toEqual({ op: 'append', trace: 1, name: 'a', points: { x: f(2), y: f(7), t: NOW } });
    // A changed first point: the window is written again.
    const changed = new Map([[1, { first: { x: 0, y: 99 }, last: { x: 1, y: 6 } }]]);
    expect(planSeries(cmd, 'w', state({ window: line, traces: [trace(1, 'a', 2)], probes: changed })).ops.map((o) => o.op)).toEqual(['touchEnv', 'putWindow', 'addTrace']);
  });

  it('refuse to append to a closed window as if it were there, and to a text window', () => {
    const cmd: SeriesCommand = { env: 'e', win: 'w', mode: 'replace', type: 'line', traces: [{ name: 'a', x: null, y: f(1) }] };
    expect(() => planSeries(cmd, 'w', state({ window: { ...line, closed: true } }))).toThrow(/No window w/);
    expect(() => planSeries(cmd, 'w', state({ window: { ...line, type: 'text' } }))).toThrow(/is a text window/);
  });
});

describe('window and env rules', () => {
  it('close every open window, each announced', () => {
    const plan = planCloseAll('e', state({ windowIds: ['a', 'b'] }));
    expect(plan.ops).toEqual([{ op: 'closeWindow', env: 'e', win: 'a' }, { op: 'closeWindow', env: 'e', win: 'b' }]);
    expect(plan.announce.map((a) => a.kind)).toEqual(['close', 'close']);
  });

  it('reopen only a closed window, and append items only to image_history', () => {
    expect(() => planReopenWindow('e', 'w', state({ window: line }))).toThrow(/No closed window w/);
    expect(planReopenWindow('e', 'w', state({ window: { ...line, closed: true } })).ops).toEqual([{ op: 'reopenWindow', env: 'e', win: 'w' }]);
    expect(() => planAppendItem('e', 'w', 'img', state({ window: line }))).toThrow(/only image_history/);
    expect(planAppendItem('e', 'w', 'img', state({ window: { ...line, type: 'image_history' } })).onlyIfWatched).toBe(true);
  });

  it('fork over an existing env deletes it first and tells its viewers; rename refuses an existing target', () => {
    const plan = planForkEnv('a', 'b', state({ envs: { b: true } }));
    expect(plan.ops).toEqual([{ op: 'deleteEnv', env: 'b' }, { op: 'copyEnv', from: 'a', to: 'b' }]);
    expect(plan.announce).toEqual([{ kind: 'envDeleted', env: 'b' }]);
    expect(() => planRenameEnv('a', 'b', state({ envs: { b: true } }))).toThrow(/b/);
    expect(() => planForkEnv('a', 'b', state({ envExists: false }))).toThrow(/No env a/);
  });
});

describe('run metadata rule', () => {
  it('sets the patch on an existing run without touching its activity, creates a missing env, and announces the env list at once', () => {
    const patch = { tags: ['a'], color: '#abc' };
    expect(planRunMeta('e', patch, state())).toEqual({ ops: [{ op: 'setRunMeta', env: 'e', patch }], announce: [], envs: ['e'], envsNow: true });
    expect(planRunMeta('new', patch, state({ envExists: false })).ops).toEqual([{ op: 'touchEnv', env: 'new' }, { op: 'setRunMeta', env: 'new', patch }]);
  });
});
