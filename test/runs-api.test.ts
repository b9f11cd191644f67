/** GET /api/runs (the runs table's rows) and POST /api/runs/group (grouped mean and band), against the real server. */
import { describe, expect, it } from 'vitest';
import { METRIC_SEP, type GroupReply, type RunsReply } from '../protocol/index.js';
import { get, post, startServer } from './helpers.js';

const metric = (win: string, trace: string) => encodeURIComponent(`${win}${METRIC_SEP}${trace}`);

describe('GET /api/runs', () => {
  it('gives steps and last/min/max of chosen metrics per run, matched by window title, and lists every metric', async () => {
    const srv = await startServer();
    // run a: window titled "loss" with traces train/val; run b: same title under another id, one trace.
    await post(`${srv.url}/api/env/a/line`, { win: 'w1', X: [0, 1, 2, 3], Y: [[4, 9], [2, 8], [3, null], [1, 7]], opts: { title: 'loss', legend: ['train', 'val'] } });
    await post(`${srv.url}/api/env/b/line`, { win: 'other', X: [0, 10, 20], Y: [5, -1, 2], opts: { title: 'loss', legend: ['train'] } });
    await post(`${srv.url}/api/env/c/line`, { win: 'acc', X: [0, 1], Y: [0.5, 0.6] });
    const r = (await get<RunsReply>(`${srv.url}/api/runs?metric=${metric('loss', 'train')}&metric=${metric('loss', 'val')}`)).body;
    const row = (env: string) => r.runs.find((x) => x.env === env)!;
    expect(row('a')).toEqual({
      env: 'a',
      steps: 3,
      metrics: [{ last: 1, step: 3, min: 1, max: 4 }, { last: 7, step: 3, min: 7, max: 9 }],
    });
    expect(row('b')).toEqual({ env: 'b', steps: 20, metrics: [{ last: 2, step: 20, min: -1, max: 5 }, null] });
    expect(row('c').metrics).toEqual([null, null]);
    expect(r.metrics).toEqual([
      { win: 'acc', trace: expect.any(String), runs: 1 },
      { win: 'loss', trace: 'train', runs: 2 },
      { win: 'loss', trace: 'val', runs: 1 },
    ]);
  });

  it('refuses more than 20 metrics', async () => {
    const srv = await startServer();
    const q = Array.from({ length: 21 }, (_, i) => `metric=${metric('w', String(i))}`).join('&');
    const r = await get(`${srv.url}/api/runs?${q}`);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/querystring\.metric must NOT have more than 20 items/);
  });

  it('takes one metric as well as several', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/a/line`, { win: 'w1', X: [0, 1], Y: [4, 2], opts: { title: 'loss', legend: ['train'] } });
    const r = await get<RunsReply>(`${srv.url}/api/runs?metric=${metric('loss', 'train')}`);
    expect(r.status).toBe(200);
    expect(r.body.runs[0]!.metrics).toEqual([{ last: 2, step: 1, min: 2, max: 4 }]);
  });
});

describe('POST /api/runs/group', () => {
  it('draws per bucket the mean over runs and a min–max or ±1 std band, from decimated views of 100k-point runs', async () => {
    const srv = await startServer();
    const N = 100_000;
    const X = Array.from({ length: N }, (_, i) => i);
    for (const [env, off] of [['s1', 0], ['s2', 10], ['t1', 100]] as const) {
      for (let from = 0; from < N; from += 50_000) {
        const xs = X.slice(from, from + 50_000);
        await post(`${srv.url}/api/env/${env}/line`, { win: 'loss', X: xs, Y: xs.map((x) => x + off), update: from === 0 ? undefined : 'append', opts: { title: 'loss' } });
      }
    }
    const body = { win: 'loss', trace: expect.anything(), groups: [{ key: 'seed', envs: ['s1', 's2'] }, { key: 't', envs: ['t1'] }], buckets: 100 };
    const trace = (await get<RunsReply>(`${srv.url}/api/runs`)).body.metrics[0]!.trace;
    const minmax = (await post<GroupReply>(`${srv.url}/api/runs/group`, { ...body, trace })).body;
    expect(minmax.width).toBe(1000);
    const g = minmax.groups[0]!;
    expect(g).toMatchObject({ key: 'seed', found: 2 });
    expect(g.x.length).toBe(100);
    for (let i = 0; i < g.x.length; i++) {
      // Each run's value in a bucket: the mean of its kept points there (first and last of a ramp: the bucket's middle).
      const mid = i * 1000 + 499.5;
      expect(g.x[i]).toBe(i * 1000 + 500);
      expect(g.mean[i]).toBeCloseTo(mid + 5, 6);
      expect(g.lo[i]).toBeCloseTo(mid, 6);
      expect(g.hi[i]).toBeCloseTo(mid + 10, 6);
      expect(g.n[i]).toBe(2);
    }
    expect(minmax.groups[1]!.mean[3]).toBeCloseTo(3499.5 + 100, 6);
    const std = (await post<GroupReply>(`${srv.url}/api/runs/group`, { ...body, trace, band: 'std' })).body.groups[0]!;
    expect(std.hi[7]! - std.mean[7]!).toBeCloseTo(5, 6);
    expect(std.mean[7]! - std.lo[7]!).toBeCloseTo(5, 6);
    // A zoomed range.
    const zoom = (await post<GroupReply>(`${srv.url}/api/runs/group`, { ...body, trace, x0: 5000, x1: 5999, buckets: 10 })).body;
    expect(zoom.width).toBe(100);
    expect(zoom.groups[0]!.x[0]).toBe(5050);
  });

  it('answers 404 for an unknown env and 400 for a bad band, and is a read', async () => {
    const srv = await startServer({ access: { token: 'reader', writeToken: 'writer' } });
    const h = { authorization: 'Bearer reader' };
    await post(`${srv.url}/api/env/s1/line`, { win: 'loss', Y: [1, 2] }, { authorization: 'Bearer writer' });
    const ok = await post(`${srv.url}/api/runs/group`, { win: 'loss', trace: 'x', groups: [{ key: 'k', envs: ['s1'] }] }, h);
    expect(ok.status).toBe(200);
    expect(ok.body.groups[0].found).toBe(0);
    const missing = await post(`${srv.url}/api/runs/group`, { win: 'loss', trace: 'x', groups: [{ key: 'k', envs: ['nope'] }] }, h);
    expect(missing.status).toBe(404);
    const bad = await post(`${srv.url}/api/runs/group`, { win: 'loss', trace: 'x', band: 'iqr', groups: [{ key: 'k', envs: ['s1'] }] }, h);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/band must be one of "minmax", "std"/);
  });
});
