/**
 * Request bodies captured from the stock visdom Python client (0.2.4) while it ran
 * against runboard, for the cases where runboard answered differently from Visdom.
 */
import { describe, expect, it } from 'vitest';
import { get, SocketClient, startServer } from './helpers.js';
import { fixture, send, sendFixture, winData } from './visdom-helpers.js';

describe('bodies from the stock visdom client', () => {
  it('keeps the null x and y between stem segments where they were sent, and returns them as null', async () => {
    const srv = await startServer();
    // vis.stem(X=np.array([0.5, 0.25]), win='stem'): one trace, segments split by NaN x and y.
    expect(await sendFixture(srv.url, 'events', 'stem_create')).toBe('stem');
    const trace = (await winData(srv.url, 'stem')).content.data[0];
    expect(trace.x).toEqual([1, 1, null, 2, 2, null]);
    expect(trace.y).toEqual([0, 0.5, null, 0, 0.25, null]);
    const native = (await get(`${srv.url}/api/env/main/win/stem/data`)).body;
    expect(native.traces[0]).toMatchObject({ x: [1, 1, null, 2, 2, null], y: [0, 0.5, null, 0, 0.25, null] });
    const csv = await (await fetch(`${srv.url}/api/env/main/win/stem/data?format=csv`)).text();
    expect(csv.split('\n')[3]).toMatch(/^1,2,,,\d+$/);
  });

  it('round-trips a quiver body (one lines trace, arrows and heads split by null x and y) through /win_data and the socket', async () => {
    const srv = await startServer();
    const ws = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    ws.send({ type: 'subscribe', envs: ['main'] });
    const sent = JSON.parse(fixture('quiver_create')).data[0];
    expect(await sendFixture(srv.url, 'events', 'quiver_create')).toBe('quiver');
    const trace = (await winData(srv.url, 'quiver')).content.data[0];
    expect(trace.x).toEqual(sent.x);
    expect(trace.y).toEqual(sent.y);
    // The dashboard's store gets the same columns: null x marks each break.
    const created = await ws.next('window', (m) => m.window.id === 'quiver' && m.window.data !== undefined);
    expect(created.window.data![0]).toMatchObject({ x: sent.x, y: sent.y });
    // An append (the client's update=append) keeps its separators too.
    const append = { data: [{ x: [2, 3, null], y: [0, 0, null], type: 'scatter', mode: 'lines' }], win: 'quiver', eid: 'main', append: true };
    expect((await send(srv.url, 'update', append)).text).toBe('quiver');
    expect((await ws.next('append')).traces[0]).toMatchObject({ x: [2, 3, null], y: [0, 0, null] });
    const after = (await winData(srv.url, 'quiver')).content.data[0];
    expect(after.x).toEqual([...sent.x, 2, 3, null]);
    expect(after.y).toEqual([...sent.y, 0, 0, null]);
  });

  it('drops the breaks of an x zoom only where no kept point precedes them', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'stem_create');
    const zoom = (await get(`${srv.url}/api/env/main/win/stem/data?x0=1.5&x1=3`)).body;
    expect(zoom.traces[0]).toMatchObject({ x: [2, 2, null], y: [0, 0.25, null] });
  });
});
