import { describe, expect, it } from 'vitest';
import { get, post, startServer } from './helpers.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('replay reads', () => {
  it('answers an env as of time t with exactly the points received by then', async () => {
    const srv = await startServer();
    // 600 points in three batches (crossing chunk boundaries), a few ms apart.
    for (let batch = 0; batch < 3; batch++) {
      const X = Array.from({ length: 200 }, (_, i) => batch * 200 + i);
      await post(`${srv.url}/api/env/r/line`, { win: 'loss', X, Y: X.map((x) => x * 2), name: 'g', update: 'append' });
      await pause(15);
    }
    await post(`${srv.url}/api/env/r/line`, { win: 'late', X: [0], Y: [1] });
    const all = await get(`${srv.url}/api/env/r/win/loss/data?format=json`);
    const times = (all.body.traces[0].points as number[][]).map((p) => p[2]!);
    const cut = times[399]!; // end of the second batch
    expect(times[400]).toBeGreaterThan(cut);

    const snap = await get(`${srv.url}/api/env/r/snapshot?until=${cut}&buckets=5000`);
    expect(snap.status).toBe(200);
    expect(snap.body.windows.map((w: any) => w.id)).toEqual(['loss']);
    const data = snap.body.windows[0].data[0];
    expect(data).toMatchObject({ end: 400, decimated: false });
    expect(data.x).toEqual(Array.from({ length: 400 }, (_, i) => i));
    expect(Math.max(...data.t)).toBeLessThanOrEqual(cut);

    // A time range (a zoom on a wall-time axis): exactly the points received in it.
    const middle = await get(`${srv.url}/api/env/r/win/loss/data?since=${times[200]}&until=${cut}&buckets=5000`);
    expect(middle.body.traces[0]).toMatchObject({ decimated: false, end: 200 });
    expect(middle.body.traces[0].x).toEqual(Array.from({ length: 200 }, (_, i) => 200 + i));
    const middleDecimated = await get(`${srv.url}/api/env/r/win/loss/data?since=${times[200]}&until=${cut}&buckets=20`);
    const md = middleDecimated.body.traces[0];
    expect(md.decimated).toBe(true);
    expect([md.x[0], md.x[md.x.length - 1]]).toEqual([200, 399]);
    expect(Math.min(...md.t)).toBeGreaterThanOrEqual(times[200]!);

    const before = await get(`${srv.url}/api/env/r/snapshot?until=${times[0]! - 1}`);
    expect(before.body.windows).toEqual([]);
    const decimated = await get(`${srv.url}/api/env/r/win/loss/data?until=${cut}&buckets=50`);
    const tr = decimated.body.traces[0];
    expect(tr.decimated).toBe(true);
    expect(tr.x[0]).toBe(0);
    expect(tr.x[tr.x.length - 1]).toBe(399);
    expect(Math.max(...tr.y)).toBe(798);
  });

  it('reports when points arrived as an activity histogram', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/r/line`, { win: 'w', X: [0, 1, 2], Y: [1, 2, 3] });
    await pause(30);
    await post(`${srv.url}/api/env/r/line`, { win: 'w', X: [3], Y: [1], update: 'append' });
    const res = await get(`${srv.url}/api/env/r/activity?buckets=10`);
    expect(res.status).toBe(200);
    const { start, end, counts, width } = res.body;
    expect(end - start).toBeGreaterThanOrEqual(30);
    expect(counts.length).toBeLessThanOrEqual(10);
    expect(counts[0]).toBe(4); // three points and the window's creation
    expect(counts[counts.length - 1]).toBe(1);
    expect(counts.slice(1, -1).every((c: number) => c === 0)).toBe(true);
    expect(width).toBeGreaterThan(0);
    expect((await get(`${srv.url}/api/env/none/activity`)).status).toBe(404);
  });
});

describe('replay of content windows', () => {
  it('shows text and image_history as they were at each moment', async () => {
    const srv = await startServer();
    const stamp = async () => {
      await pause(15);
      const t = Date.now();
      await pause(15);
      return t;
    };
    await post(`${srv.url}/events`, { data: [{ content: 'epoch 1', type: 'text' }], win: 'log', eid: 'r', opts: { title: 'Log' } });
    const img = (n: number) => ({ data: [{ content: { src: `data:image/png;base64,${n}`, caption: `step ${n}` }, type: 'image_history' }], win: 'samples', eid: 'r', opts: { store_history: true } });
    await post(`${srv.url}/events`, img(1));
    const t1 = await stamp();
    await post(`${srv.url}/update`, { data: [{ content: 'epoch 2', type: 'text' }], win: 'log', eid: 'r', opts: {} });
    await post(`${srv.url}/update`, img(2));
    const t2 = await stamp();
    await post(`${srv.url}/update`, { data: [{ content: 'epoch 3', type: 'text' }], win: 'log', eid: 'r', opts: {} });
    await post(`${srv.url}/update`, img(3));

    const at = async (t: number) => {
      const res = await get(`${srv.url}/api/env/r/snapshot?until=${t}`);
      expect(res.status).toBe(200);
      return Object.fromEntries(res.body.windows.map((w: any) => [w.id, w]));
    };
    const s1 = await at(t1);
    expect(s1.log.content).toBe('epoch 1');
    expect(s1.samples.content.map((i: any) => i.caption)).toEqual(['step 1']);
    const s2 = await at(t2);
    expect(s2.log.content).toBe('epoch 1<br>epoch 2');
    expect(s2.samples.content.map((i: any) => i.caption)).toEqual(['step 1', 'step 2']);
    const now = await at(Date.now() + 1000);
    expect(now.log.content).toBe('epoch 1<br>epoch 2<br>epoch 3');
    expect(now.samples.content).toHaveLength(3);

    // A fork and a rename keep the history.
    await post(`${srv.url}/api/env/r/fork`, { to: 'f' });
    await post(`${srv.url}/api/env/f/rename`, { to: 'g' });
    const g = await get(`${srv.url}/api/env/g/snapshot?until=${t2}`);
    const byId = Object.fromEntries(g.body.windows.map((w: any) => [w.id, w]));
    expect(byId.log.content).toBe('epoch 1<br>epoch 2');
    expect(byId.samples.content).toHaveLength(2);
  });
});
