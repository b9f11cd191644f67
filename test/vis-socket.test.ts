import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { Hub } from '../server/hub.js';
import { MAX_EVENT_CHARS, POLL_IDLE_MS, POLL_QUEUE_CHARS, VisSources } from '../server/visdom/sources.js';
import { del, startServer, SocketClient } from './helpers.js';
import { fixture, send, sendFixture } from './visdom-helpers.js';

/** A /vis_socket client like the Python client's websocket thread: collects every frame as parsed JSON. */
async function openVisSocket(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; frames: unknown[]; next: () => Promise<any> }> {
  const ws = new WebSocket(url, { headers: { Cookie: 'user_password=', ...headers } });
  onTestFinished(() => ws.close());
  const frames: unknown[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    frames,
    async next() {
      while (frames.length === 0) await new Promise<void>((r) => waiters.push(r));
      return frames.shift();
    },
  };
}

describe('/vis_socket and live pushes of Visdom writes', () => {
  it('sends the alive handshake on connect', async () => {
    const srv = await startServer();
    const vis = await openVisSocket(`${srv.wsUrl}/vis_socket`);
    expect(await vis.next()).toEqual({ command: 'alive', data: 'vis_alive' });
  });

  it('caps trainer sockets and polling sessions at --max-sockets', async () => {
    const srv = await startServer({ maxSockets: 2 });
    await openVisSocket(`${srv.wsUrl}/vis_socket`);
    await openVisSocket(`${srv.wsUrl}/vis_socket`);
    const third = new WebSocket(`${srv.wsUrl}/vis_socket`);
    onTestFinished(() => third.close());
    const code = await new Promise<number>((resolve) => third.once('close', (c) => resolve(c)));
    expect(code).toBe(1013);
    const init = async () => JSON.parse((await send(srv.url, 'vis_socket_wrap', { message_type: 'init' })).text);
    expect((await init()).success).toBe(true);
    expect((await init()).success).toBe(true);
    expect(await init()).toEqual({ success: false, reason: 'too many polling sessions; try again later' });
  });

  it('forwards window closes from /close and from the native DELETE as Visdom close events', async () => {
    const srv = await startServer();
    const vis = await openVisSocket(`${srv.wsUrl}/vis_socket`);
    await vis.next();
    await sendFixture(srv.url, 'events', 'line_create');
    await sendFixture(srv.url, 'events', 'text_create');
    await sendFixture(srv.url, 'close', 'close_loss');
    expect(await vis.next()).toEqual({ event_type: 'close', target: 'loss', eid: 'main', pane_data: false });
    expect((await del(`${srv.url}/api/env/main/win/log`)).status).toBe(200);
    expect(await vis.next()).toEqual({ event_type: 'close', target: 'log', eid: 'main', pane_data: false });
  });

  it('answers /vis_socket_wrap init, query (alive, then close events) and an unknown sid', async () => {
    const srv = await startServer();
    const init = JSON.parse((await send(srv.url, 'vis_socket_wrap', fixture('vis_socket_wrap_init'))).text);
    expect(init).toMatchObject({ success: true, sid: expect.any(String) });
    const query = async () => JSON.parse((await send(srv.url, 'vis_socket_wrap', { message_type: 'query', sid: init.sid })).text);
    expect(await query()).toEqual({ success: true, messages: [JSON.stringify({ command: 'alive', data: 'vis_alive' })] });
    await sendFixture(srv.url, 'events', 'line_create');
    await sendFixture(srv.url, 'close', 'close_loss');
    // The hub delivers a moment after the reply (it coalesces for a few ms): poll as the client does.
    let q = await query();
    for (let i = 0; i < 100 && q.messages.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      q = await query();
    }
    expect(q.messages.map((m: string) => JSON.parse(m))).toEqual([{ event_type: 'close', target: 'loss', eid: 'main', pane_data: false }]);
    expect(await query()).toEqual({ success: true, messages: [] });
    const unknown = JSON.parse((await send(srv.url, 'vis_socket_wrap', { message_type: 'query', sid: 'nope' })).text);
    expect(unknown).toEqual({ success: false, reason: 'closed' });
  });

  it('shows Visdom appends to a native /api/ws subscriber as append deltas', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create');
    const ws = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    ws.send({ type: 'subscribe', envs: ['main'] });
    await ws.next('snapshot');
    expect(await sendFixture(srv.url, 'win_exists', 'win_exists_loss')).toBe('true');
    await sendFixture(srv.url, 'update', 'line_append');
    const append = await ws.next('append');
    expect(append).toMatchObject({ env: 'main', win: 'loss', traces: [{ name: '1', start: 3, x: [3], y: [4] }] });
  });

  it('stores and pushes only the new suffix when a whole history is re-sent with /events', async () => {
    const srv = await startServer();
    const body = JSON.parse(fixture('line_create_two'));
    await send(srv.url, 'events', body);
    const ws = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    ws.send({ type: 'subscribe', envs: ['main'] });
    await ws.next('snapshot');
    const traces = await srv.store.traces('main', 'gan');
    body.data[0].x.push(2, 3);
    body.data[0].y.push(3, 4);
    body.data[1].x.push(2, 3);
    body.data[1].y.push(30, 40);
    expect((await send(srv.url, 'events', body)).text).toBe('gan');
    const append = await ws.next('append');
    expect(append.traces.map((t) => [t.id, t.start, t.x, t.y])).toEqual([
      [traces[0]!.id, 2, [2, 3], [3, 4]],
      [traces[1]!.id, 2, [2, 3], [30, 40]],
    ]);
    expect(ws.messages.filter((m) => m.type === 'window')).toEqual([]);
    // Same trace ids: nothing was rewritten.
    expect((await srv.store.traces('main', 'gan')).map((t) => [t.id, t.n])).toEqual([[traces[0]!.id, 4], [traces[1]!.id, 4]]);
    // A re-send that does not extend the history (a changed first point) replaces the window.
    body.data[0].y[0] = 99;
    await send(srv.url, 'events', body);
    const win = await ws.next('window');
    expect(win.window.traces.map((t) => t.points)).toEqual([4, 4]);
    expect(win.window.data?.[0]?.y).toEqual([99, 2, 3, 4]);
  });

  it('with --write-token lets any reader listen, but only the write credential send frames that reach trainers', async () => {
    const srv = await startServer({ access: { writeToken: 'W' } });
    const trainer = await openVisSocket(`${srv.wsUrl}/vis_socket`);
    expect(await trainer.next()).toEqual({ command: 'alive', data: 'vis_alive' });
    // A forged PropertyUpdate, echoed: the Python client would call the trainer's handler with it.
    const forged = { cmd: 'echo', event_type: 'PropertyUpdate', target: 'cfg', eid: 'main', propertyId: 0, value: 'rm -rf' };
    const reader = await openVisSocket(`${srv.wsUrl}/vis_socket`);
    await reader.next();
    const closed = new Promise<[number, string]>((resolve) => reader.ws.once('close', (code, reason) => resolve([code, reason.toString()])));
    reader.ws.send(JSON.stringify(forged));
    expect(await closed).toEqual([1008, 'sending events to trainers needs the write credential']);
    // The next frame the trainer gets is the writer's, sent after the forged one was refused.
    const writer = await openVisSocket(`${srv.wsUrl}/vis_socket`, { authorization: 'Bearer W' });
    await writer.next();
    writer.ws.send(JSON.stringify({ cmd: 'echo', event_type: 'close', target: 'loss', eid: 'main' }));
    expect(await trainer.next()).toMatchObject({ event_type: 'close', target: 'loss' });

    // The polling variant: init and query are reads, send is a write.
    const init = JSON.parse((await send(srv.url, 'vis_socket_wrap', { message_type: 'init' })).text);
    expect(init.success).toBe(true);
    const sendFrame = { message_type: 'send', sid: init.sid, message: forged };
    const refused = await send(srv.url, 'vis_socket_wrap', sendFrame);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/sending events to trainers needs the write token/);
    const accepted = await fetch(`${srv.url}/vis_socket_wrap`, { method: 'POST', body: JSON.stringify(sendFrame), headers: { authorization: 'Bearer W' } });
    expect(await accepted.json()).toEqual({ success: true });
    expect(await trainer.next()).toMatchObject({ event_type: 'PropertyUpdate', value: 'rm -rf' });
  });

  it('with --token R and --write-token W lets an R socket receive close events but not send', async () => {
    const srv = await startServer({ access: { token: 'R', writeToken: 'W' } });
    const reader = await openVisSocket(`${srv.wsUrl}/vis_socket?token=R`);
    await reader.next();
    await fetch(`${srv.url}/api/env/main/line`, { method: 'POST', body: JSON.stringify({ win: 'loss', X: [1], Y: [1] }), headers: { authorization: 'Bearer W' } });
    expect((await fetch(`${srv.url}/api/env/main/win/loss`, { method: 'DELETE', headers: { authorization: 'Bearer W' } })).status).toBe(200);
    expect(await reader.next()).toEqual({ event_type: 'close', target: 'loss', eid: 'main', pane_data: false });
    const closed = new Promise<number>((resolve) => reader.ws.once('close', (code) => resolve(code)));
    reader.ws.send(JSON.stringify({ cmd: 'echo' }));
    expect(await closed).toBe(1008);
  });
});

describe('VisSources polling sessions', () => {
  function sources(clock: { t: number }) {
    const hub = new Hub(0);
    const s = new VisSources(hub, { now: () => clock.t });
    onTestFinished(() => s.close());
    return s;
  }

  it('holds at most a megabyte of events for a session that stops polling, keeping the newest', () => {
    const s = sources({ t: 0 });
    const sid = s.openPoll();
    for (let i = 0; i < 100; i++) s.receive({ cmd: 'echo', i, pad: 'x'.repeat(100_000) });
    expect(s.queued(sid)).toBeLessThanOrEqual(POLL_QUEUE_CHARS);
    const messages = s.poll(sid)!;
    expect(messages.length).toBeLessThan(12);
    expect(JSON.parse(messages[0]!).i).toBe(99);
  });

  it('drops echoes longer than a /vis_socket frame may be', () => {
    const s = sources({ t: 0 });
    const sid = s.openPoll();
    s.poll(sid);
    s.receive({ cmd: 'echo', pad: 'x'.repeat(MAX_EVENT_CHARS) });
    expect(s.poll(sid)).toEqual([]);
  });

  it('expires a session idle for longer than a minute, freeing its queue, and keeps one that polls', () => {
    const clock = { t: 0 };
    const s = sources(clock);
    const idle = s.openPoll();
    const busy = s.openPoll();
    s.receive({ cmd: 'echo', pad: 'x'.repeat(1000) });
    clock.t = POLL_IDLE_MS - 1;
    expect(s.poll(busy)).toHaveLength(2);
    clock.t = POLL_IDLE_MS + 1;
    s.receive({ cmd: 'echo' });
    expect(s.hasPoll(idle)).toBe(false);
    expect(s.queued(idle)).toBe(0);
    expect(s.hasPoll(busy)).toBe(true);
    expect(s.pollCount).toBe(1);
  });
});
