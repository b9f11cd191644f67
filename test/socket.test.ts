import { describe, expect, it } from 'vitest';
import type { AppendMessage } from '../protocol/index.js';
import { post, SocketClient, startServer } from './helpers.js';

describe('/api/ws', () => {
  it('says hello with the env list, then sends a snapshot of each subscribed env', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/a/line`, { win: 'w', X: [0, 1], Y: [1, 2], name: 'loss' });
    const ws = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    const hello = await ws.next('hello');
    expect(hello.envs.map((e) => e.id)).toEqual(['a']);
    ws.send({ type: 'subscribe', envs: ['a'] });
    const snap = await ws.next('snapshot');
    expect(snap.env).toBe('a');
    expect(snap.windows[0]!.data[0]).toMatchObject({ name: 'loss', x: [0, 1], y: [1, 2], start: 0, end: 2 });
  });

  it('pushes just the new points of an append to subscribers of that env only', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/a/line`, { win: 'w', X: [0], Y: [1] });
    const a = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    const b = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    a.send({ type: 'subscribe', envs: ['a'] });
    b.send({ type: 'subscribe', envs: ['b'] });
    await a.next('snapshot');
    await b.next('snapshot');
    await post(`${srv.url}/api/env/a/line`, { win: 'w', X: [1, 2], Y: [5, 6], update: 'append' });
    const msg = await a.next('append');
    expect(msg).toMatchObject({ env: 'a', win: 'w', traces: [{ start: 1, x: [1, 2], y: [5, 6] }] });
    await post(`${srv.url}/api/env/b/line`, { win: 'other', X: [0], Y: [0] });
    await b.next('window', (m) => m.window.id === 'other');
    expect(b.messages.some((m) => m.type === 'append')).toBe(false);
    expect(a.messages.some((m) => m.type === 'window' && m.window.id === 'other')).toBe(false);
  });

  it('sends window messages on create and close messages on delete', async () => {
    const srv = await startServer();
    const ws = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    ws.send({ type: 'subscribe', envs: ['a'] });
    await ws.next('snapshot');
    await post(`${srv.url}/api/env/a/line`, { win: 'w', X: [0], Y: [3], opts: { title: 'T' } });
    const created = await ws.next('window');
    expect(created.window).toMatchObject({ id: 'w', opts: { title: 'T' } });
    expect(created.window.data?.[0]).toMatchObject({ x: [0], y: [3] });
    await fetch(`${srv.url}/api/env/a/win/w`, { method: 'DELETE' });
    expect(await ws.next('close')).toMatchObject({ env: 'a', win: 'w' });
  });

  it('announces a new env in the env list', async () => {
    const srv = await startServer();
    const ws = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    await ws.next('hello');
    await post(`${srv.url}/api/env/fresh/line`, { win: 'w', X: [0], Y: [3] });
    const delta = await ws.next('envs_delta');
    expect(delta.changed.map((e) => e.id)).toEqual(['fresh']);
  });

  it('sends only the env that changed, not the whole list, and the whole list again on reconnect', async () => {
    const srv = await startServer();
    for (let i = 0; i < 50; i++) await srv.ingest.createEnv(`old${i}`);
    const ws = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    expect((await ws.next('hello')).envs).toHaveLength(50);
    await post(`${srv.url}/api/env/fresh/line`, { win: 'w', X: [0], Y: [3] });
    const added = await ws.next('envs_delta');
    expect(added).toEqual({ type: 'envs_delta', changed: [expect.objectContaining({ id: 'fresh', windows: 1, points: 1 })], removed: [] });
    await fetch(`${srv.url}/api/env/old7`, { method: 'DELETE' });
    expect(await ws.next('envs_delta')).toEqual({ type: 'envs_delta', changed: [], removed: ['old7'] });
    await post(`${srv.url}/api/env/fresh/rename`, { to: 'renamed' });
    const renamed = await ws.next('envs_delta');
    expect([renamed.changed.map((e) => e.id), renamed.removed]).toEqual([['renamed'], ['fresh']]);
    expect(ws.messages.filter((m) => m.type === 'envs')).toEqual([]);
    const again = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    expect((await again.next('hello')).envs.map((e) => e.id)).toContain('renamed');
  });

  it('coalesces a burst of appends into contiguous deltas with no gap or duplicate', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/a/line`, { win: 'w', X: [0], Y: [0], name: 's' });
    const ws = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    ws.send({ type: 'subscribe', envs: ['a'] });
    await ws.next('snapshot');
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(`${srv.url}/api/env/a/line`, { win: 'w', X: [i + 1], Y: [i + 1], name: 's', update: 'append' })),
    );
    const ys: number[] = [];
    let next = 1;
    while (ys.length < 50) {
      const m = (await ws.next('append')) as AppendMessage;
      expect(m.traces[0]!.start).toBe(next);
      next += m.traces[0]!.x.length;
      ys.push(...(m.traces[0]!.y as number[]));
    }
    expect([...ys].sort((p, q) => p - q)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('resumes from cursors after a reconnect with exactly the missed points', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/a/line`, { win: 'w', X: [0, 1], Y: [0, 1], name: 's' });
    const first = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    first.send({ type: 'subscribe', envs: ['a'] });
    const snap = await first.next('snapshot');
    const trace = snap.windows[0]!.data[0]!;
    first.close();
    // Points arrive while the client is away.
    await post(`${srv.url}/api/env/a/line`, { win: 'w', X: [2, 3, 4], Y: [2, 3, 4], name: 's', update: 'append' });
    const again = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    again.send({ type: 'subscribe', envs: ['a'], cursors: { [trace.id]: trace.end } });
    const resumed = await again.next('snapshot');
    expect(resumed.windows[0]!.data[0]).toMatchObject({ start: 2, end: 5, x: [2, 3, 4], decimated: false });
    await post(`${srv.url}/api/env/a/line`, { win: 'w', X: [5], Y: [5], name: 's', update: 'append' });
    expect((await again.next('append')).traces[0]).toMatchObject({ start: 5, x: [5] });
  });

  it('answers a malformed subscribe with an error message and keeps the connection', async () => {
    const srv = await startServer();
    const ws = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    ws.ws.send('not json');
    expect((await ws.next('error')).message).toMatch(/not JSON/);
    ws.send({ type: 'subscribe', envs: ['a\u0000b'] });
    expect((await ws.next('error')).message).toMatch(/envs must be/);
    ws.send({ type: 'subscribe', envs: ['ok'] });
    expect((await ws.next('snapshot')).env).toBe('ok');
  });

  it('sends a big env’s first windows in the snapshot and the rest, in layout order, as window messages before any delta', async () => {
    const srv = await startServer();
    const X = Array.from({ length: 9000 }, (_, i) => i);
    const wins = Array.from({ length: 10 }, (_, w) => `w${w}`);
    for (const win of wins) await post(`${srv.url}/api/env/big/line`, { win, X, Y: X.map((x) => x % 7) });
    const ws = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    ws.send({ type: 'subscribe', envs: ['big'], buckets: 10_000 });
    const snap = await ws.next('snapshot');
    // Every window is listed; 9,000 points each fill the 20,000-point budget after 3 windows.
    expect(snap.windows.map((w) => w.id)).toEqual(wins);
    expect(snap.windows.map((w) => w.data.length)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(snap.pending).toEqual(wins.slice(3));
    await post(`${srv.url}/api/env/big/line`, { win: 'w9', X: [9000], Y: [1], update: 'append' });
    let w9 = 0;
    for (const win of wins.slice(3)) {
      const m = await ws.next('window');
      expect(m.window.id).toBe(win);
      expect(m.window.data![0]).toMatchObject({ start: 0, decimated: false });
      // w9's data is built after the append was published, or before it (then the held append follows).
      expect(win === 'w9' ? [9000, 9001] : [9000]).toContain(m.window.data![0]!.x.length);
      if (win === 'w9') w9 = m.window.data![0]!.x.length;
    }
    // The held append is sent only for the points w9's message did not carry: never twice.
    await post(`${srv.url}/api/env/big/line`, { win: 'w9', X: [9001], Y: [2], update: 'append' });
    if (w9 === 9000) expect((await ws.next('append')).traces[0]).toMatchObject({ start: 9000, x: [9000] });
    expect((await ws.next('append')).traces[0]).toMatchObject({ start: 9001, x: [9001] });
  });
});
