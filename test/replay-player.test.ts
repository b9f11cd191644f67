import { describe, expect, it } from 'vitest';
import type { ActivityReply } from '../protocol/index.js';
import { ReplayPlayer, type PlayerDeps } from '../client/replay/player.js';
import { cutAt } from '../client/replay/preview.js';
import { mergeActivity } from '../client/replay/timeline.js';
import { readUrl, urlFor } from '../client/url-state.js';

describe('mergeActivity', () => {
  it('puts several envs on one timeline, idle only where all were idle', () => {
    const a: ActivityReply = { env: 'a', start: 0, end: 999, width: 100, counts: [1, 0, 0, 0, 0, 0, 0, 0, 0, 2] };
    const b: ActivityReply = { env: 'b', start: 2000, end: 2999, width: 100, counts: [3, 0, 0, 0, 0, 0, 0, 0, 0, 4] };
    const m = mergeActivity([a, b], 30);
    expect([m.start, m.end, m.width]).toEqual([0, 2999, 100]);
    expect(m.counts.length).toBe(30);
    expect(m.counts.map((c, i) => (c > 0 ? i : -1)).filter((i) => i >= 0)).toEqual([0, 9, 20, 29]);
    expect(m.counts.reduce((s, c) => s + c)).toBe(10);
  });

  it('passes one env through and says when there is nothing', () => {
    const a: ActivityReply = { env: 'a', start: 5, end: 9, width: 1, counts: [1, 0, 0, 0, 1] };
    expect(mergeActivity([a], 10)).toEqual(a);
    expect(mergeActivity([{ env: 'e', start: null, end: null, width: 0, counts: [] }], 10).start).toBeNull();
  });
});

describe('ReplayPlayer', () => {
  const newest = {
    id: 'w', type: 'line', opts: {}, order: 0, version: 1, content: null, createdAt: 0, updatedAt: 2000,
    traces: [{ id: 1, name: 'loss', points: 3, xmin: 0, xmax: 2, ymin: 5, ymax: 7, props: {} }],
    data: [{ id: 1, name: 'loss', x: [0, 1, 2], y: [5, 6, 7], t: [1100, 1500, 1900], start: 0, end: 3, decimated: false }],
  };
  const snapshots = (requests: string[]) => requests.filter((u) => u.includes('/snapshot?until'));

  function fakeServer() {
    const requests: string[] = [];
    const pending: (() => void)[] = [];
    const deps: PlayerDeps = {
      schedule: (run) => run(),
      frame: () => 0,
      fetchJson: (url) => {
        requests.push(url);
        if (url.includes('/activity')) return Promise.resolve({ env: 'e', start: 1000, end: 2000, width: 10, counts: new Array(100).fill(1) });
        const until = new URL(url, 'http://x').searchParams.get('until');
        if (until === null) return Promise.resolve({ env: 'e', until: null, windows: [newest] }); // the newest state, for previews
        // A marker point, so a test can tell the exact answer from a preview.
        const windows = [{ ...newest, updatedAt: Number(until), data: [{ ...newest.data[0], x: [Number(until)], y: [0], t: [1000], end: 1 }] }];
        return new Promise((resolve) => pending.push(() => resolve({ env: 'e', until: Number(until), windows })));
      },
    };
    return { deps, requests, pending };
  }

  it('keeps one snapshot request in flight and fetches only the newest moment asked for meanwhile', async () => {
    const srv = fakeServer();
    const player = new ReplayPlayer(['e'], 500, srv.deps);
    await player.open(1100);
    expect(snapshots(srv.requests)).toEqual(['/api/env/e/snapshot?until=1100&buckets=500']);
    player.seek(1200);
    player.seek(1300);
    player.seek(1400);
    expect(snapshots(srv.requests).length).toBe(1);
    srv.pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(player.shown).toBe(1100);
    expect(snapshots(srv.requests).slice(1)).toEqual(['/api/env/e/snapshot?until=1400&buckets=500']);
    srv.pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(player.shown).toBe(1400);
    expect(player.store.until).toBe(1400);
    expect(player.store.window('e', 'w')?.info.updatedAt).toBe(1400);
  });

  it('draws a move at once from the newest state cut to that moment, then the exact snapshot', async () => {
    const srv = fakeServer();
    const player = new ReplayPlayer(['e'], 500, srv.deps);
    await player.open(1000);
    srv.pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(srv.requests).toContain('/api/env/e/snapshot?buckets=500'); // the newest state, once
    player.seek(1600);
    expect(player.previewed).toBe(1600);
    expect(player.shown).toBe(1000);
    expect(player.store.window('e', 'w')?.traces[0]?.x).toEqual([0, 1]);
    srv.pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(player.shown).toBe(1600);
    expect(player.store.window('e', 'w')?.traces[0]?.x).toEqual([1600]); // the server's answer replaces the preview
  });

  it('reloads the timeline of an env that grew, keeping the moment', async () => {
    const srv = fakeServer();
    let end = 2000;
    const fetchJson = srv.deps.fetchJson;
    srv.deps.fetchJson = (url) =>
      url.includes('/activity') ? Promise.resolve({ env: 'e', start: 1000, end, width: 10, counts: [1] }) : fetchJson(url);
    const player = new ReplayPlayer(['e'], 500, srv.deps);
    await player.open(1500);
    expect(player.clock?.end).toBe(2000);
    end = 3000;
    await player.refresh();
    expect([player.clock?.end, player.clock?.position]).toEqual([3000, 1500]);
  });

  it('clamps a moment outside the recorded span', async () => {
    const srv = fakeServer();
    const player = new ReplayPlayer(['e'], 500, srv.deps);
    await player.open(99_999);
    expect(player.clock?.position).toBe(2000);
  });
});

describe('cutAt', () => {
  const win = (id: string, type: string, createdAt: number, data: any[] = []): any => ({ id, type, opts: {}, order: 0, version: 1, content: `${id} now`, traces: [], createdAt, updatedAt: createdAt, data });
  it('keeps the points received by t, leaves out later windows, and keeps content windows as shown', () => {
    const line = win('l', 'line', 10, [{ id: 1, name: 'a', x: [0, 1, 2, 3], y: [1, 2, 3, 4], t: [10, 20, 30, 40], start: 0, end: 4, decimated: false }]);
    const text = win('txt', 'text', 10);
    const out = cutAt([line, text, win('late', 'line', 35)], 25, (id) => (id === 'txt' ? { ...text, content: 'txt then' } : undefined));
    expect(out.map((w) => w.id)).toEqual(['l', 'txt']);
    expect(out[0]!.data[0]).toMatchObject({ x: [0, 1], y: [1, 2], t: [10, 20], end: 2 });
    expect(out[1]!.content).toBe('txt then');
    expect(cutAt([line], 100, () => undefined)[0]!.data[0]).toBe(line.data[0]);
    expect(cutAt([text], 100, () => undefined)).toEqual([]); // not shown yet: the exact snapshot brings it
  });
});

describe('url state', () => {
  it('round-trips the replayed moment, the compare view, the metric search and the runs table', () => {
    const runs = { open: false, filter: '', sort: null, group: '', band: 'minmax' as const };
    const s = { envs: ['a', 'b'], focus: null, t: 1700000000123, compare: 'columns' as const, align: 'relative' as const, runs };
    const url = new URL(urlFor(s), 'http://x');
    expect(readUrl(url)).toEqual(s);
    expect(readUrl(new URL('http://x/env/a?t=zz&compare=nope'))).toEqual({ envs: ['a'], focus: null, t: null, compare: null, align: 'step', runs });
    // The runs table beside the metric search.
    const table = { ...s, t: null, q: 'loss', runs: { open: true, filter: 'lr < 1e-3', sort: { col: 'optim.lr', dir: -1 as const }, group: 'seed', band: 'std' as const } };
    expect(readUrl(new URL(urlFor(table), 'http://x'))).toEqual(table);
    // The metric search and the shared y of side by side.
    const more = { envs: ['a', 'b'], focus: null, t: null, compare: 'columns' as const, align: 'step' as const, q: '/^train\\//', shareY: true, runs };
    expect(urlFor(more)).toBe('/?env=a&env=b&compare=columns&sharey=1&q=%2F%5Etrain%5C%2F%2F');
    expect(readUrl(new URL(urlFor(more), 'http://x'))).toEqual(more);
    // sharey only means something side by side.
    expect(urlFor({ ...more, compare: 'overlay' })).not.toContain('sharey');
  });
});
