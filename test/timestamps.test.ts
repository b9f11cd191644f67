/**
 * Trainer timestamps: the line API's optional `T` (seconds, as Python's time.time())
 * is stored per point and comes back as `t` in ms everywhere points are read; points
 * without T get the receive time; replay and activity select by t.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../examples/client/index.js';
import { CHUNK_POINTS } from '../server/store/chunk.js';
import { get, post, SocketClient, startServer, tempDir, type TestServer } from './helpers.js';
import { join } from 'node:path';

/** A fixed past moment, seconds since the epoch (2024-01-01T00:00:00Z). */
const T0 = 1_704_067_200;

const line = (srv: TestServer, body: object, env = 'run') => post(`${srv.url}/api/env/${encodeURIComponent(env)}/line`, body);
const data = async (srv: TestServer, query = '', win = 'loss') => (await get(`${srv.url}/api/env/run/win/${win}/data${query}`)).body.traces;

describe('trainer timestamps', () => {
  it('returns T as t in ms in data, snapshots, socket appends and both exports; points without T get the receive time', async () => {
    const srv = await startServer();
    const ws = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    ws.send({ type: 'subscribe', envs: ['run'] });
    expect((await line(srv, { win: 'loss', X: [0, 1], Y: [5, 4], T: [T0, T0 + 0.25] })).status).toBe(200);
    await ws.next('window', (m) => m.window.id === 'loss');
    const before = Date.now();
    expect((await line(srv, { win: 'loss', X: [2, 3], Y: [3, 2], T: [T0 + 1.0004, T0 + 1.9996], update: 'append' })).status).toBe(200);
    expect((await line(srv, { win: 'loss', X: [4], Y: [1], update: 'append' })).status).toBe(200);
    const after = Date.now();

    const ms = [T0 * 1000, T0 * 1000 + 250, T0 * 1000 + 1000, T0 * 1000 + 2000];
    const appended = await ws.next('append', (m) => m.traces[0]!.start === 2);
    expect(appended.traces[0]!.t).toEqual(ms.slice(2));
    const live = await ws.next('append', (m) => m.traces[0]!.start === 4);
    expect(live.traces[0]!.t[0]).toBeGreaterThanOrEqual(before);
    expect(live.traces[0]!.t[0]).toBeLessThanOrEqual(after);

    const [trace] = await data(srv);
    expect(trace.t.slice(0, 4)).toEqual(ms);
    expect(trace.t[4]).toBe(live.traces[0]!.t[0]);
    const snap = await get(`${srv.url}/api/env/run/snapshot`);
    expect(snap.body.windows[0].data[0].t).toEqual(trace.t);
    const csv = await (await fetch(`${srv.url}/api/env/run/win/loss/data?format=csv`)).text();
    expect(csv.trim().split('\n').slice(1).map((l) => Number(l.split(',')[4]))).toEqual(trace.t);
    const json = (await get(`${srv.url}/api/env/run/win/loss/data?format=json`)).body;
    expect(json.traces[0].points.map((p: number[]) => p[2])).toEqual(trace.t);
  });

  it('takes T as (N) shared by every trace or (N,K) per trace, like X', async () => {
    const srv = await startServer();
    await line(srv, { win: 'loss', Y: [[1, 2], [3, 4]], T: [T0, T0 + 1], opts: { legend: ['a', 'b'] } });
    expect((await data(srv)).map((t: any) => t.t)).toEqual([[T0 * 1000, T0 * 1000 + 1000], [T0 * 1000, T0 * 1000 + 1000]]);
    await line(srv, { win: 'loss', Y: [[1, 2], [3, 4]], T: [[T0, T0 + 5], [T0 + 1, T0 + 6]], opts: { legend: ['a', 'b'] } });
    expect((await data(srv)).map((t: any) => t.t)).toEqual([[T0 * 1000, T0 * 1000 + 1000], [T0 * 1000 + 5000, T0 * 1000 + 6000]]);
  });

  it('refuses T in milliseconds, T that is not a time, and T of the wrong shape, saying what to send', async () => {
    const srv = await startServer();
    const cases: [object, string][] = [
      [{ Y: [1, 2], T: [T0, T0 * 1000] }, "body.T[1] must be wall time in seconds since the epoch, as Python's time.time() gives it, from 946684800 (2000) to 4102444800 (2100); divide milliseconds by 1000"],
      [{ Y: [1], T: [0] }, "body.T[0] must be wall time in seconds since the epoch, as Python's time.time() gives it, from 946684800 (2000) to 4102444800 (2100); divide milliseconds by 1000"],
      [{ Y: [1, 2], T: [T0, null] }, 'body.T[1] must be a number'],
      [{ Y: [1, 2, 3], T: [T0, T0] }, 'T has 2 points but Y has 3; send one time per row of Y'],
      [{ Y: [[1, 2]], T: [[T0, T0, T0]] }, "T[0] must be a row of 2 values to match Y's 2 columns, or send T as one column"],
    ];
    for (const [body, message] of cases) {
      const res = await line(srv, { win: 'loss', ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.message).toBe(message);
    }
    expect((await get(`${srv.url}/api/envs`)).body.envs).toEqual([]);
  });

  it('keeps step order among points with the same t', async () => {
    const srv = await startServer();
    const n = CHUNK_POINTS + 10;
    const Y = Array.from({ length: n }, (_, i) => n - i);
    await line(srv, { win: 'loss', Y, T: Y.map(() => T0) });
    const [trace] = await data(srv);
    expect(trace.y).toEqual(Y);
    expect(trace.x).toEqual(Y.map((_, i) => i));
    const csv = await (await fetch(`${srv.url}/api/env/run/win/loss/data?format=csv`)).text();
    expect(csv.trim().split('\n').slice(1).map((l) => Number(l.split(',')[3]))).toEqual(Y);
  });

  it('replays by t even when a trainer clock goes back: until and since select exactly the points with t in range', async () => {
    const srv = await startServer();
    // Times go forward, jump back an hour (a clock reset), and forward again, across sealed chunks.
    const n = 3 * CHUNK_POINTS + 17;
    const T = Array.from({ length: n }, (_, i) => (i < 400 ? T0 + 3600 + i : T0 + i));
    const X = T.map((_, i) => i);
    await line(srv, { win: 'loss', X, Y: X, T });
    const tms = T.map((s) => s * 1000);
    for (const [since, until] of [[undefined, T0 * 1000 + 200_000], [T0 * 1000 + 3600_000 + 100_000, undefined], [T0 * 1000 + 450_000, T0 * 1000 + 3600_000 + 50_000]]) {
      const q = `?buckets=100000${since === undefined ? '' : `&since=${since}`}${until === undefined ? '' : `&until=${until}`}`;
      const [trace] = await data(srv, q);
      const want = X.filter((i) => (since === undefined || tms[i]! >= since) && (until === undefined || tms[i]! <= until));
      expect(trace.x, q).toEqual(want);
    }
    const activity = (await get(`${srv.url}/api/env/run/activity?buckets=10`)).body;
    expect(activity.end).toBeGreaterThanOrEqual(T0 * 1000 + 3600_000 + 399_000);
    expect(activity.counts.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThanOrEqual(n);
  });

  it('stamps points in the TypeScript client when they are logged, not when their batch is sent', async () => {
    const srv = await startServer();
    const c = createClient({ url: srv.url, env: 'run', flushIntervalMs: 60_000, spoolPath: join(tempDir(), 'spool.jsonl'), onError: () => {} });
    const first = Date.now();
    c.log(0, { loss: 1 });
    // Let the clock move on (no sleep: wait for the next few milliseconds to begin).
    while (Date.now() < first + 5);
    c.log(1, { loss: 0.5 });
    c.line({ win: 'loss', X: [2], Y: [0.25], name: 'loss', update: 'append', T: [T0] });
    while (Date.now() < first + 10);
    c.line({ win: 'other', X: [0], Y: [0] });
    const flushedAt = Date.now();
    expect(await c.flush()).toBe(true);
    await c.close();
    const [trace] = await data(srv);
    expect(trace.t[0]).toBeGreaterThanOrEqual(first);
    expect(trace.t[1]).toBeGreaterThanOrEqual(first + 5);
    expect(trace.t[1]).toBeLessThan(flushedAt);
    expect(trace.t[2]).toBe(T0 * 1000);
    const [other] = await data(srv, '', 'other');
    expect(other.t[0]).toBeGreaterThanOrEqual(first + 10);
    expect(other.t[0]).toBeLessThanOrEqual(flushedAt);
  });
});
