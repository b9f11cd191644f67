import { describe, expect, it } from 'vitest';
import { del, get, post, startServer } from './helpers.js';

async function data(url: string, env: string, win: string, query = '') {
  const res = await get(`${url}/api/env/${env}/win/${win}/data${query}`);
  expect(res.status).toBe(200);
  return res.body.traces as { name: string; x: number[]; y: (number | null)[]; t: number[]; decimated: boolean }[];
}

describe('POST /api/env/:env/line', () => {
  it('creates a window with one trace per column of Y and a shared X', async () => {
    const srv = await startServer();
    const res = await post(`${srv.url}/api/env/run1/line`, { win: 'loss', X: [0, 1, 2], Y: [[1, 10], [2, 20], [3, 30]], opts: { legend: ['g', 'd'] } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ win: 'loss' });
    const traces = await data(srv.url, 'run1', 'loss');
    expect(traces.map((t) => [t.name, t.x, t.y])).toEqual([
      ['g', [0, 1, 2], [1, 2, 3]],
      ['d', [0, 1, 2], [10, 20, 30]],
    ]);
  });

  it('generates a window id when none is given and returns it', async () => {
    const srv = await startServer();
    const res = await post(`${srv.url}/api/env/main/line`, { X: [1], Y: [1] });
    expect(res.body.win).toMatch(/^window_[0-9a-f]{14}$/);
    expect((await data(srv.url, 'main', res.body.win))[0]!.y).toEqual([1]);
  });

  it('names traces 1..K without legend, and uses name for a single trace', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/main/line`, { win: 'a', X: [[0, 0]], Y: [[1, 2]] });
    await post(`${srv.url}/api/env/main/line`, { win: 'b', X: [0], Y: [1], name: 'train' });
    expect((await data(srv.url, 'main', 'a')).map((t) => t.name)).toEqual(['1', '2']);
    expect((await data(srv.url, 'main', 'b')).map((t) => t.name)).toEqual(['train']);
  });

  it('appends to every trace by position, and with name to that trace only', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/main/line`, { win: 'w', X: [0], Y: [[1, 2]], opts: { legend: ['a', 'b'] } });
    await post(`${srv.url}/api/env/main/line`, { win: 'w', X: [1], Y: [[3, 4]], update: 'append' });
    await post(`${srv.url}/api/env/main/line`, { win: 'w', X: [2], Y: [5], name: 'b', update: 'append' });
    const traces = await data(srv.url, 'main', 'w');
    expect(traces.map((t) => [t.name, t.x, t.y])).toEqual([
      ['a', [0, 1], [1, 3]],
      ['b', [0, 1, 2], [2, 4, 5]],
    ]);
  });

  it('adds a trace when an append names an unknown trace, and creates a missing window on append', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/main/line`, { win: 'new', X: [0, 1], Y: [1, 2], update: 'append', name: 'train' });
    await post(`${srv.url}/api/env/main/line`, { win: 'new', X: [0], Y: [9], update: 'append', name: 'val' });
    const traces = await data(srv.url, 'main', 'new');
    expect(traces.map((t) => [t.name, t.y])).toEqual([
      ['train', [1, 2]],
      ['val', [9]],
    ]);
  });

  it('continues the step count when an append has no X', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/main/line`, { win: 'w', Y: [5, 6], update: 'append', name: 'loss' });
    await post(`${srv.url}/api/env/main/line`, { win: 'w', Y: [7], update: 'append', name: 'loss' });
    expect((await data(srv.url, 'main', 'w'))[0]!.x).toEqual([0, 1, 2]);
  });

  it('replaces the data of a window, and removes a named trace', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/main/line`, { win: 'w', X: [0, 1], Y: [[1, 2], [3, 4]], opts: { legend: ['a', 'b'] } });
    await post(`${srv.url}/api/env/main/line`, { win: 'w', X: [5], Y: [9], name: 'a', update: 'replace' });
    let traces = await data(srv.url, 'main', 'w');
    expect(traces.map((t) => [t.name, t.x, t.y])).toEqual([
      ['a', [5], [9]],
      ['b', [0, 1], [2, 4]],
    ]);
    await post(`${srv.url}/api/env/main/line`, { win: 'w', name: 'a', update: 'remove' });
    traces = await data(srv.url, 'main', 'w');
    expect(traces.map((t) => t.name)).toEqual(['b']);
  });

  it('re-creating a window replaces it in place', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/main/line`, { win: 'first', X: [0], Y: [1] });
    await post(`${srv.url}/api/env/main/line`, { win: 'w', X: [0, 1], Y: [1, 2] });
    await post(`${srv.url}/api/env/main/line`, { win: 'w', X: [0], Y: [7], opts: { title: 'again' } });
    const env = await get(`${srv.url}/api/env/main`);
    expect(env.body.windows.map((w: any) => [w.id, w.order, w.opts.title ?? null])).toEqual([
      ['first', 0, null],
      ['w', 1, 'again'],
    ]);
    expect((await data(srv.url, 'main', 'w'))[0]!.y).toEqual([7]);
  });

  it('stores null, NaN and ±Infinity in Y as gaps', async () => {
    const srv = await startServer();
    const res = await post(`${srv.url}/api/env/main/line`, '{"win":"g","X":[0,1,2,3,4],"Y":[1,null,NaN,Infinity,-Infinity]}');
    expect(res.status).toBe(200);
    expect((await data(srv.url, 'main', 'g'))[0]!.y).toEqual([1, null, null, null, null]);
  });

  it('stores and merges opts; legend renames traces', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/main/line`, { win: 'w', X: [0], Y: [[1, 2]], opts: { title: 'Loss', ytype: 'log' } });
    await post(`${srv.url}/api/env/main/line`, { win: 'w', X: [1], Y: [[1, 2]], update: 'append', opts: { xlabel: 'step', legend: ['G', 'D'] } });
    const win = await get(`${srv.url}/api/env/main/win/w`);
    expect(win.body.opts).toEqual({ title: 'Loss', ytype: 'log', xlabel: 'step', legend: ['G', 'D'] });
    expect(win.body.traces.map((t: any) => [t.name, t.points])).toEqual([
      ['G', 2],
      ['D', 2],
    ]);
  });

  it('records the receive time of every point', async () => {
    const srv = await startServer();
    const before = Date.now();
    await post(`${srv.url}/api/env/main/line`, { win: 'w', X: [0, 1], Y: [1, 2] });
    const t = (await data(srv.url, 'main', 'w'))[0]!.t;
    expect(t).toHaveLength(2);
    for (const v of t) expect(v).toBeGreaterThanOrEqual(before);
  });
});

describe('read API', () => {
  it('lists envs with window count, point count and last activity', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/a/line`, { win: 'w1', X: [0, 1], Y: [[1, 2], [3, 4]] });
    await post(`${srv.url}/api/env/a/line`, { win: 'w2', X: [0], Y: [1] });
    await post(`${srv.url}/api/env/b/line`, { win: 'w1', X: [0], Y: [1] });
    const res = await get(`${srv.url}/api/envs`);
    expect(res.body.envs.map((e: any) => [e.id, e.windows, e.points])).toEqual([
      ['a', 2, 5],
      ['b', 1, 1],
    ]);
    expect(res.body.envs[0].lastActivity).toBeGreaterThan(0);
  });

  it('describes windows with traces, point counts and ranges', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/a/line`, { win: 'w', X: [3, 1, 2], Y: [5, null, -1], name: 'n' });
    const res = await get(`${srv.url}/api/env/a`);
    expect(res.body.windows[0]).toMatchObject({
      id: 'w',
      type: 'line',
      traces: [{ name: 'n', points: 3, xmin: 1, xmax: 3, ymin: -1, ymax: 5 }],
    });
  });

  it('decimates a large range with min/max buckets so a one-point spike survives', async () => {
    const srv = await startServer();
    const n = 100_000;
    const X = Array.from({ length: n }, (_, i) => i);
    const Y = X.map((i) => (i === 54_321 ? 1000 : Math.sin(i / 100)));
    await post(`${srv.url}/api/env/a/line`, { win: 'w', X, Y });
    const [trace] = await data(srv.url, 'a', 'w', '?buckets=200');
    expect(trace!.decimated).toBe(true);
    expect(trace!.x.length).toBeLessThanOrEqual(200 * 4);
    expect(trace!.x.length).toBeGreaterThan(200);
    expect(Math.max(...(trace!.y as number[]))).toBe(1000);
    expect(trace!.x[trace!.y.indexOf(1000)]).toBe(54_321);
    expect(trace!.x[0]).toBe(0);
    expect(trace!.x[trace!.x.length - 1]).toBe(n - 1);
  });

  it('returns exact points for a zoomed range that holds fewer points than buckets', async () => {
    const srv = await startServer();
    const X = Array.from({ length: 10_000 }, (_, i) => i);
    await post(`${srv.url}/api/env/a/line`, { win: 'w', X, Y: X.map((i) => i * 2) });
    const [trace] = await data(srv.url, 'a', 'w', '?x0=100&x1=199&buckets=500');
    expect(trace!.decimated).toBe(false);
    expect(trace!.x).toEqual(X.slice(100, 200));
    expect(trace!.y).toEqual(X.slice(100, 200).map((i) => i * 2));
  });

  it('treats infinite x bounds as open ends, so x0=0&x1=Infinity returns the decimated window', async () => {
    const srv = await startServer();
    const X = Array.from({ length: 10_000 }, (_, i) => i);
    await post(`${srv.url}/api/env/a/line`, { win: 'w', X, Y: X });
    for (const q of ['?x0=0&x1=Infinity&buckets=100', '?x0=-Infinity&x1=Infinity&buckets=100', '?x0=-Infinity&buckets=100']) {
      const [trace] = await data(srv.url, 'a', 'w', q);
      expect(trace!.decimated, q).toBe(true);
      expect(trace!.x[0], q).toBe(0);
      expect(trace!.x[trace!.x.length - 1], q).toBe(9_999);
      expect(trace!.x.length, q).toBeGreaterThan(100);
    }
  });

  it('exports every point as CSV and JSON', async () => {
    const srv = await startServer();
    const X = Array.from({ length: 70_000 }, (_, i) => i);
    await post(`${srv.url}/api/env/a/line`, { win: 'w', X, Y: X.map((i) => (i === 5 ? null : i / 2)), name: 'x,"y"' });
    const csv = await get(`${srv.url}/api/env/a/win/w/data?format=csv`);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('trace,seq,x,y,t');
    expect(lines).toHaveLength(70_001);
    expect(lines[6]!.startsWith('"x,""y""",5,5,,')).toBe(true);
    const json = await get(`${srv.url}/api/env/a/win/w/data?format=json`);
    const points = json.body.traces[0].points as [number, number | null, number][];
    expect(points).toHaveLength(70_000);
    expect(points[5]![1]).toBeNull();
    expect(points[69_999]!.slice(0, 2)).toEqual([69_999, 69_999 / 2]);
  });
});

describe('deletes', () => {
  it('deletes a window and an env', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/a/line`, { win: 'w', X: [0], Y: [1] });
    await post(`${srv.url}/api/env/a/line`, { win: 'v', X: [0], Y: [1] });
    expect((await del(`${srv.url}/api/env/a/win/w`)).status).toBe(200);
    expect((await get(`${srv.url}/api/env/a`)).body.windows.map((w: any) => w.id)).toEqual(['v']);
    expect((await del(`${srv.url}/api/env/a/win/w`)).body.code).toBe('RB_ERR_UNKNOWN_WINDOW');
    expect((await del(`${srv.url}/api/env/a`)).status).toBe(200);
    expect((await get(`${srv.url}/api/envs`)).body.envs).toEqual([]);
    expect((await get(`${srv.url}/api/env/a`)).status).toBe(404);
  });
});

describe('env rename', () => {
  it('moves every window and point to the new name and refuses to overwrite', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/old/line`, { win: 'w', X: [0, 1], Y: [[1, 2], [3, 4]] });
    await post(`${srv.url}/api/env/taken/line`, { win: 'w', X: [0], Y: [1] });
    expect((await post(`${srv.url}/api/env/old/rename`, { to: 'taken' })).body.code).toBe('RB_ERR_ENV_EXISTS');
    const res = await post(`${srv.url}/api/env/old/rename`, { to: 'new' });
    expect(res.body).toEqual({ env: 'new' });
    expect((await get(`${srv.url}/api/envs`)).body.envs.map((e: any) => [e.id, e.points])).toEqual([
      ['new', 4],
      ['taken', 1],
    ]);
    expect((await data(srv.url, 'new', 'w')).map((t) => t.y)).toEqual([[1, 3], [2, 4]]);
    expect((await get(`${srv.url}/api/env/old`)).status).toBe(404);
    await post(`${srv.url}/api/env/new/line`, { win: 'w', X: [2], Y: [[5, 6]], update: 'append' });
    expect((await data(srv.url, 'new', 'w')).map((t) => t.y)).toEqual([[1, 3, 5], [2, 4, 6]]);
  });
});

describe('env fork', () => {
  it('copies every point, including sealed chunks, into an independent env', async () => {
    const srv = await startServer();
    const X = Array.from({ length: 5000 }, (_, i) => i);
    await post(`${srv.url}/api/env/src/line`, { win: 'w', X, Y: X.map((x) => (x === 4321 ? 99 : x % 7)), name: 'a' });
    expect((await post(`${srv.url}/api/env/src/fork`, { to: 'src' })).status).toBe(409);
    expect((await post(`${srv.url}/api/env/src/fork`, { to: 'copy' })).body).toEqual({ env: 'copy' });
    const [view] = await data(srv.url, 'copy', 'w', '?buckets=100');
    expect(view!.decimated).toBe(true);
    expect(Math.max(...(view!.y as number[]))).toBe(99);
    await post(`${srv.url}/api/env/copy/line`, { win: 'w', X: [5000], Y: [1], name: 'a', update: 'append' });
    const copy = await get(`${srv.url}/api/env/copy/win/w/data?format=json`);
    const src = await get(`${srv.url}/api/env/src/win/w/data?format=json`);
    expect(copy.body.traces[0].points).toHaveLength(5001);
    expect(src.body.traces[0].points).toHaveLength(5000);
    expect(copy.body.traces[0].points.slice(0, 5000).map((p: number[]) => p[1])).toEqual(src.body.traces[0].points.map((p: number[]) => p[1]));
  });
});
