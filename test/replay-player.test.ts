import { describe, expect, it } from 'vitest';
import type { ActivityReply } from '../protocol/index.js';
import { ReplayPlayer, type PlayerDeps } from '../client/replay/player.js';
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
  function fakeServer() {
    const requests: string[] = [];
    const pending: (() => void)[] = [];
    const deps: PlayerDeps = {
      schedule: (run) => run(),
      frame: () => 0,
      fetchJson: (url) => {
        requests.push(url);
        if (url.includes('/activity')) return Promise.resolve({ env: 'e', start: 1000, end: 2000, width: 10, counts: new Array(100).fill(1) });
        const until = Number(new URL(url, 'http://x').searchParams.get('until'));
        const windows = [{ id: 'w', type: 'line', opts: {}, order: 0, version: 1, content: null, traces: [], createdAt: 0, updatedAt: until, data: [] }];
        return new Promise((resolve) => pending.push(() => resolve({ env: 'e', until, windows })));
      },
    };
    return { deps, requests, pending };
  }

  it('keeps one snapshot request in flight and fetches only the newest moment asked for meanwhile', async () => {
    const srv = fakeServer();
    const player = new ReplayPlayer(['e'], 500, srv.deps);
    await player.open(1100);
    expect(srv.requests.filter((u) => u.includes('/snapshot'))).toEqual(['/api/env/e/snapshot?until=1100&buckets=500']);
    player.seek(1200);
    player.seek(1300);
    player.seek(1400);
    expect(srv.requests.filter((u) => u.includes('/snapshot')).length).toBe(1);
    srv.pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(player.shown).toBe(1100);
    expect(srv.requests.filter((u) => u.includes('/snapshot')).slice(1)).toEqual(['/api/env/e/snapshot?until=1400&buckets=500']);
    srv.pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(player.shown).toBe(1400);
    expect(player.store.until).toBe(1400);
    expect(player.store.window('e', 'w')?.info.updatedAt).toBe(1400);
  });

  it('clamps a moment outside the recorded span', async () => {
    const srv = fakeServer();
    const player = new ReplayPlayer(['e'], 500, srv.deps);
    await player.open(99_999);
    expect(player.clock?.position).toBe(2000);
  });
});

describe('url state', () => {
  it('round-trips the replayed moment and the compare view', () => {
    const s = { envs: ['a', 'b'], focus: null, t: 1700000000123, compare: 'columns' as const, align: 'relative' as const };
    const url = new URL(urlFor(s), 'http://x');
    expect(readUrl(url)).toEqual(s);
    expect(readUrl(new URL('http://x/env/a?t=zz&compare=nope'))).toEqual({ envs: ['a'], focus: null, t: null, compare: null, align: 'step' });
  });
});
