/**
 * The live socket under hostile or slow clients: bad frames get an error and change
 * nothing, a client that stops reading is bounded then dropped, others keep up, and
 * the number of sockets is capped.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import type { Config } from '../server/config.js';
import type { SocketLimits } from '../server/routes/socket.js';
import { createRuntime, type Runtime } from '../server/runtime.js';
import { badId, dumpApi, dumpDb } from './fuzz.js';
import { post, SocketClient, tempDir } from './helpers.js';

async function serve(config: Partial<Config> = {}, sockets: SocketLimits = {}): Promise<Runtime & { url: string; wsUrl: string }> {
  const rt = await createRuntime({ ...config, dbPath: join(tempDir(), 'runboard.db') }, false, sockets);
  const url = await rt.app.listen({ host: '127.0.0.1', port: 0 });
  onTestFinished(() => rt.close());
  return { ...rt, url, wsUrl: url.replace(/^http/, 'ws') };
}

/** Unsent bytes the server holds for each of its sockets. */
function serverBuffers(rt: Runtime): number[] {
  return [...rt.app.websocketServer.clients].map((c) => c.bufferedAmount);
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

const POINTS = 2000;

function appendBody(i: number) {
  return { win: 'w', update: 'append', X: Array.from({ length: POINTS }, (_, j) => i * POINTS + j), Y: Array.from({ length: POINTS }, (_, j) => Math.sin(j) * 1e6) };
}

/** Waits until `check` passes, polling; fails with the last error after `ms`. */
async function eventually(check: () => void | Promise<void>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('socket bad input', () => {
  it('answers every malformed client frame with an error message, keeps the socket and changes nothing', async () => {
    const srv = await serve();
    expect((await post(`${srv.url}/api/env/main/line`, { win: 'w', Y: [1, 2] })).status).toBe(200);
    const client = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    await client.next('hello');
    const before = dumpDb(srv);
    const apiBefore = await dumpApi(srv.app);
    const frame = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.jsonValue({ maxDepth: 4 }).filter((v) => (v as { type?: unknown } | null)?.type !== 'subscribe').map((v) => JSON.stringify(v)),
      fc.record({ type: fc.constant('subscribe'), envs: fc.array(badId, { minLength: 1, maxLength: 3 }) }).map((m) => JSON.stringify(m)),
      fc.record({ type: fc.constant('subscribe'), envs: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.integer(), { minLength: 1 })) }).map((m) => JSON.stringify(m)),
      fc.integer({ min: 101, max: 2000 }).map((n) => JSON.stringify({ type: 'subscribe', envs: Array.from({ length: n }, (_, i) => `e${i}`) })),
      fc.oneof(fc.constantFrom(0, -1, 1.5, 10_001, 100_001, '10', null, 1e309), fc.integer({ min: 10_001 })).map((b) => JSON.stringify({ type: 'subscribe', envs: ['main'], buckets: b })),
      fc.oneof(fc.constantFrom<unknown>([], 'x', 3, { a: 1 }, { 1: -1 }, { 1: 1.5 }, { 1: 'x' })).map((c) => JSON.stringify({ type: 'subscribe', envs: ['main'], cursors: c })),
      fc.integer({ min: 10, max: 50_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
      fc.uint8Array({ maxLength: 100 }),
    );
    await fc.assert(
      fc.asyncProperty(frame, async (f) => {
        client.ws.send(f);
        const err = await client.next('error');
        expect(err.message.length).toBeGreaterThan(5);
      }),
      { numRuns: 600 },
    );
    expect(dumpDb(srv)).toBe(before);
    expect(await dumpApi(srv.app)).toBe(apiBefore);
    // Still the same, working socket.
    client.send({ type: 'subscribe', envs: ['main'] });
    expect((await client.next('snapshot')).windows.map((w) => w.id)).toEqual(['w']);
  });

  it('refuses buckets over 10000 in a subscribe and takes 10000', async () => {
    const srv = await serve();
    await post(`${srv.url}/api/env/main/line`, { win: 'w', Y: [1, 2] });
    const client = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    client.send({ type: 'subscribe', envs: ['main'], buckets: 10_001 });
    expect((await client.next('error')).message).toBe('buckets must be a whole number from 1 to 10000');
    client.send({ type: 'subscribe', envs: ['main'], buckets: 10_000 });
    expect((await client.next('snapshot')).windows.map((w) => w.id)).toEqual(['w']);
  });

  it('builds a large snapshot a window at a time, answering other requests in between, and misses no delta', async () => {
    const srv = await serve();
    const WINDOWS = 300;
    for (let i = 0; i < WINDOWS; i++) {
      await srv.ingest.series({ env: 'big', win: `w${i}`, mode: 'create', type: 'line', traces: [{ name: 'a', x: null, y: new Float64Array(100).fill(i) }] });
    }
    const events: string[] = [];
    const traces = srv.store.traces.bind(srv.store);
    let other: Promise<Response> | undefined;
    srv.store.traces = (env, win) => {
      // The first window read for the snapshot: another client asks for the env list.
      other ??= fetch(`${srv.url}/api/envs`);
      events.push('snapshot work');
      return traces(env, win);
    };
    const listEnvs = srv.store.listEnvs.bind(srv.store);
    srv.store.listEnvs = () => {
      events.push('other request');
      return listEnvs();
    };
    const client = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    await client.next('hello');
    events.length = 0;
    client.send({ type: 'subscribe', envs: ['big'] });
    const snapshot = await client.next('snapshot');
    expect(snapshot.windows).toHaveLength(WINDOWS);
    expect((await other!).status).toBe(200);
    expect(events.indexOf('other request')).toBeGreaterThan(0);
    expect(events.lastIndexOf('snapshot work')).toBeGreaterThan(events.indexOf('other request'));
    // An append after the snapshot still arrives, once.
    await post(`${srv.url}/api/env/big/line`, { win: 'w0', Y: [7], update: 'append' });
    const append = await client.next('append');
    expect(append.traces[0]).toMatchObject({ start: 100, y: [7] });
  });

  it('sends deltas published while a snapshot is built after that snapshot, so the client holds every point once', async () => {
    const srv = await serve();
    for (let i = 0; i < 50; i++) {
      await srv.ingest.series({ env: 'big', win: `w${i}`, mode: 'create', type: 'line', traces: [{ name: 'a', x: null, y: new Float64Array(10).fill(i) }] });
    }
    const traces = srv.store.traces.bind(srv.store);
    let appended = false;
    srv.store.traces = (env, win) => {
      // Part way through the snapshot, a trainer appends to the last window.
      if (!appended && win === 'w25') {
        appended = true;
        srv.ingest.series({ env: 'big', win: 'w49', mode: 'append', type: 'line', traces: [{ name: 'a', x: null, y: new Float64Array([99]) }] });
      }
      return traces(env, win);
    };
    const client = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    client.send({ type: 'subscribe', envs: ['big'] });
    const snapshot = await client.next('snapshot');
    expect(snapshot.windows.find((w) => w.id === 'w49')!.data[0]!.y.slice(-1)).toEqual([99]);
    // The held delta's point is in the snapshot already: it is not sent again, and the next append follows on.
    await srv.ingest.series({ env: 'big', win: 'w49', mode: 'append', type: 'line', traces: [{ name: 'a', x: null, y: new Float64Array([100]) }] });
    expect((await client.next('append')).traces[0]).toMatchObject({ start: 11, y: [100] });
  });

  it('closes a socket that sends a frame over the size limit, and keeps serving the others', async () => {
    const srv = await serve();
    const other = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    await other.next('hello');
    const big = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    const done = closed(big.ws);
    big.ws.send('x'.repeat(2 * 1024 * 1024));
    expect((await done).code).toBe(1009);
    other.send({ type: 'subscribe', envs: ['main'] });
    await other.next('snapshot');
  });
});

describe('socket backpressure', () => {
  it('bounds what it holds for a client that stops reading, drops it, and keeps the others and ingest flowing', async () => {
    const maxBuffered = 256 * 1024;
    const srv = await serve({}, { maxBuffered, maxLagMs: 1000 });
    expect((await post(`${srv.url}/api/env/main/line`, appendBody(0))).status).toBe(200);
    const slow = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    const fast = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    for (const c of [slow, fast]) {
      c.send({ type: 'subscribe', envs: ['main'] });
      await c.next('snapshot');
    }
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    let largestFrame = 0;
    let peak = 0;
    const requests = 300;
    for (let i = 1; i <= requests; i++) {
      const body = appendBody(i);
      largestFrame = Math.max(largestFrame, JSON.stringify(body).length * 2);
      const res = await post(`${srv.url}/api/env/main/line`, body);
      expect(res.status).toBe(200);
      peak = Math.max(peak, ...serverBuffers(srv));
    }
    // ~35 MB were published; the server never held more than the limit plus one frame for the slow client.
    expect(peak).toBeLessThanOrEqual(maxBuffered + largestFrame);
    // The fast client got every point, in order.
    await eventually(async () => {
      const last = fast.messages.filter((m) => m.type === 'append').at(-1);
      expect(last?.type === 'append' && last.traces[0]!.start + last.traces[0]!.x.length).toBe((requests + 1) * POINTS);
    });
    // The slow one was let go, and its memory with it (it cannot see that: it reads nothing).
    await eventually(() => expect(srv.app.websocketServer.clients.size).toBe(1));
  }, 60_000);

  it('sends a client that fell behind and caught up a resync and a fresh snapshot', async () => {
    const srv = await serve({}, { maxBuffered: 128 * 1024, maxLagMs: 600_000 });
    expect((await post(`${srv.url}/api/env/main/line`, appendBody(0))).status).toBe(200);
    const lagging = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    lagging.send({ type: 'subscribe', envs: ['main'] });
    await lagging.next('snapshot');
    const socket = (lagging.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const requests = 200;
    for (let i = 1; i <= requests; i++) expect((await post(`${srv.url}/api/env/main/line`, appendBody(i))).status).toBe(200);
    socket.resume();
    await lagging.next('resync', undefined, 15_000);
    const snap = await lagging.next('snapshot', undefined, 15_000);
    expect(snap.windows[0]!.data[0]!.end).toBe((requests + 1) * POINTS);
  });
});

describe('socket cap', () => {
  it('closes connections past --max-sockets with 1013 and admits new ones once others leave', async () => {
    const srv = await serve({ maxSockets: 3 });
    const clients = await Promise.all([1, 2, 3].map(() => SocketClient.open(`${srv.wsUrl}/api/ws`)));
    for (const c of clients) await c.next('hello');
    const extra = new WebSocket(`${srv.wsUrl}/api/ws`);
    onTestFinished(() => extra.terminate());
    expect(await closed(extra)).toEqual({ code: 1013, reason: 'too many connections' });
    const gone = closed(clients[0]!.ws);
    clients[0]!.close();
    await gone;
    await eventually(async () => {
      const again = await SocketClient.open(`${srv.wsUrl}/api/ws`);
      await again.next('hello', undefined, 1000);
    });
  });
});
