import { describe, expect, it } from 'vitest';
import type { ServerMessage, TraceData, WindowInfo } from '../protocol/index.js';
import { EMPTY_RUN_META } from '../protocol/index.js';
import { ClientStore, MAX_HELD_POINTS } from '../client/store.js';

function info(id: string, traceIds: number[], over: Partial<WindowInfo> = {}): WindowInfo {
  return {
    id, type: 'line', opts: {}, order: 0, version: 1, content: null, createdAt: 0, updatedAt: 0,
    traces: traceIds.map((t) => ({ id: t, name: `t${t}`, points: 0, xmin: null, xmax: null, ymin: null, ymax: null, props: {} })),
    ...over,
  };
}

function data(id: number, start: number, x: number[], decimated = false): TraceData {
  return { id, name: `t${id}`, start, end: start + x.length, decimated, x, y: x.map((v) => v * 10), t: x.map(() => 1000) };
}

function append(win: string, id: number, start: number, x: number[]): ServerMessage {
  return { type: 'append', env: 'main', win, traces: [{ id, name: `t${id}`, start, x, y: x.map((v) => v * 10), t: x.map(() => 2000) }] };
}

function storeWith(...msgs: ServerMessage[]): ClientStore {
  const s = new ClientStore();
  for (const m of msgs) s.apply(m);
  return s;
}

const snap = (x: number[], decimated = false): ServerMessage => ({
  type: 'snapshot', env: 'main', windows: [{ ...info('loss', [1]), data: [data(1, 0, x, decimated)] }],
});

describe('ClientStore', () => {
  it('keeps the env list from hello and envs messages', () => {
    const s = storeWith({ type: 'hello', protocol: 1, envs: [{ id: 'a', windows: 1, points: 2, createdAt: 0, lastActivity: 5, meta: EMPTY_RUN_META }] });
    expect(s.envs.map((e) => e.id)).toEqual(['a']);
    s.apply({ type: 'envs', envs: [] });
    expect(s.envs).toEqual([]);
  });

  it('applies env deltas: replaces changed envs by id, adds new ones in id order, drops removed ones', () => {
    const env = (id: string, points: number) => ({ id, windows: 1, points, createdAt: 0, lastActivity: points, meta: EMPTY_RUN_META });
    const s = storeWith({ type: 'hello', protocol: 1, envs: [env('a', 1), env('c', 1), env('d', 1)] });
    s.apply({ type: 'envs_delta', changed: [env('c', 9), env('b', 2)], removed: ['d'] });
    expect(s.envs).toEqual([env('a', 1), env('b', 2), env('c', 9)]);
  });

  it('turns a snapshot into columns with a cursor per trace', () => {
    const s = storeWith(snap([0, 1, 2]));
    const t = s.window('main', 'loss')!.traces[0]!;
    expect([t.x, t.y, t.cursor]).toEqual([[0, 1, 2], [0, 10, 20], 3]);
    expect(s.cursors(['main'])).toEqual({ '1': 3 });
  });

  it('appends points that start at the cursor', () => {
    const s = storeWith(snap([0, 1]), append('loss', 1, 2, [2, 3]));
    expect(s.window('main', 'loss')!.traces[0]!.x).toEqual([0, 1, 2, 3]);
    expect(s.takeResubscribe()).toBe(false);
  });

  it('drops points it already holds when an append overlaps', () => {
    const s = storeWith(snap([0, 1, 2]), append('loss', 1, 1, [1, 2, 3]));
    const t = s.window('main', 'loss')!.traces[0]!;
    expect(t.x).toEqual([0, 1, 2, 3]);
    expect(t.cursor).toBe(4);
  });

  it('asks to resubscribe on a gap instead of applying the points', () => {
    const s = storeWith(snap([0, 1]), append('loss', 1, 5, [5]));
    expect(s.window('main', 'loss')!.traces[0]!.x).toEqual([0, 1]);
    expect(s.takeResubscribe()).toBe(true);
    expect(s.takeResubscribe()).toBe(false);
  });

  it('resumes from a snapshot that starts at its cursor, with no gap and no duplicate', () => {
    const s = storeWith(snap([0, 1, 2], true), append('loss', 1, 3, [3]));
    // Reconnect: the server sends exact points from the cursor sent (3), one of which arrived meanwhile.
    s.apply({ type: 'snapshot', env: 'main', windows: [{ ...info('loss', [1]), data: [data(1, 3, [3, 4, 5])] }] });
    const t = s.window('main', 'loss')!.traces[0]!;
    expect(t.x).toEqual([0, 1, 2, 3, 4, 5]);
    expect(t.decimated).toBe(true);
  });

  it('continues a decimated view from the end of the trace, not from the points it holds', () => {
    const view: TraceData = { ...data(1, 0, [0, 500, 999], true), end: 1000 };
    const s = storeWith({ type: 'snapshot', env: 'main', windows: [{ ...info('loss', [1]), data: [view] }] }, append('loss', 1, 1000, [1000]));
    const t = s.window('main', 'loss')!.traces[0]!;
    expect(t.x).toEqual([0, 500, 999, 1000]);
    expect(t.cursor).toBe(1001);
    expect(s.takeResubscribe()).toBe(false);
  });

  it('replaces points with a fresh view (start 0)', () => {
    const s = storeWith(snap([0, 1, 2]), snap([0, 5], true));
    expect(s.window('main', 'loss')!.traces[0]!.x).toEqual([0, 5]);
  });

  it('drops windows missing from a snapshot and on close', () => {
    const s = storeWith(snap([0]));
    s.apply({ type: 'window', env: 'main', window: { ...info('acc', [2], { order: 1 }), data: [data(2, 0, [7])] } });
    expect(s.envWindows('main').map((w) => w.info.id)).toEqual(['loss', 'acc']);
    s.apply({ type: 'close', env: 'main', win: 'loss' });
    expect(s.envWindows('main').map((w) => w.info.id)).toEqual(['acc']);
    s.apply({ type: 'snapshot', env: 'main', windows: [] });
    expect(s.envWindows('main')).toEqual([]);
  });

  it('keeps points of listed traces on a window message without data', () => {
    const s = storeWith(snap([0, 1]));
    s.apply({ type: 'window', env: 'main', window: info('loss', [1], { opts: { title: 'Loss' } }) });
    const w = s.window('main', 'loss')!;
    expect(w.info.opts.title).toBe('Loss');
    expect(w.traces[0]!.x).toEqual([0, 1]);
  });

  it('empties a deleted env and takes windows of an env re-created under its name', () => {
    const s = storeWith(snap([0]), { type: 'env_deleted', env: 'main' });
    expect(s.envWindows('main')).toEqual([]);
    s.apply({ type: 'window', env: 'main', window: { ...info('acc', [2]), data: [data(2, 0, [7])] } });
    expect(s.envWindows('main').map((w) => w.info.id)).toEqual(['acc']);
  });

  it('asks for a fresh view of a trace that grew past MAX_HELD_POINTS', () => {
    const s = storeWith(snap([0]));
    const more = Array.from({ length: MAX_HELD_POINTS }, (_, i) => i + 1);
    s.apply(append('loss', 1, 1, more));
    expect(s.takeResubscribe()).toBe(true);
    expect(s.cursors(['main'])).toEqual({});
  });

  it('forgets every point on resync', () => {
    const s = storeWith(snap([0, 1]), { type: 'resync', reason: 'slow' });
    expect(s.window('main', 'loss')).toBeUndefined();
    expect(s.cursors(['main'])).toEqual({});
  });

  it('notifies listeners once per scheduled tick', () => {
    const ticks: (() => void)[] = [];
    const s = new ClientStore((run) => ticks.push(run));
    let calls = 0;
    s.subscribe(() => calls++);
    s.apply(snap([0]));
    s.apply(append('loss', 1, 1, [1]));
    s.apply(append('loss', 1, 2, [2]));
    expect(ticks.length).toBe(1);
    ticks[0]!();
    expect(calls).toBe(1);
  });

  it('ignores appends for envs it does not hold', () => {
    const s = storeWith(append('loss', 1, 0, [0]));
    expect(s.window('main', 'loss')).toBeUndefined();
    expect(s.takeResubscribe()).toBe(false);
  });
});

describe('window revisions', () => {
  it('change when a window is sent again whole, or closed and created again under its id', () => {
    const store = new ClientStore();
    const info = (points: number) => ({
      id: 'loss', type: 'line' as const, opts: {}, order: 0, version: 1, content: null, createdAt: 0, updatedAt: 0,
      traces: [{ id: 1, name: 'a', points, xmin: 0, xmax: points - 1, ymin: 0, ymax: 1, props: {} }],
    });
    const data = (n: number) => [{ id: 1, name: 'a', x: Array.from({ length: n }, (_, i) => i), y: Array.from({ length: n }, () => 1), t: Array.from({ length: n }, () => 0), start: 0, end: n, decimated: false }];
    store.apply({ type: 'snapshot', env: 'main', windows: [{ ...info(4), data: data(4) }] });
    const seen = [store.window('main', 'loss')!.rev];
    store.apply({ type: 'window', env: 'main', window: { ...info(3), data: data(3) } });
    seen.push(store.window('main', 'loss')!.rev);
    store.apply({ type: 'close', env: 'main', win: 'loss' } as any);
    store.apply({ type: 'window', env: 'main', window: { ...info(3), data: data(3) } });
    seen.push(store.window('main', 'loss')!.rev);
    expect(new Set(seen).size).toBe(3);
    expect(store.window('main', 'loss')!.traces[0]!.x).toEqual([0, 1, 2]);
  });
});
