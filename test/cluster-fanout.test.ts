/**
 * Fan-out between servers (server/cluster/): servers in this process share one store
 * and hear each other over a real Postgres LISTEN/NOTIFY channel. Real HTTP writes,
 * real sockets; what a viewer on another server receives is checked point by point.
 */
import { expect, it } from 'vitest';
import pg from 'pg';
import { MAX_HINT_BYTES } from '../protocol/cluster.js';
import { pack } from '../server/cluster/batcher.js';
import { terminateListeners } from '../server/store/pg-channel.js';
import { clusterWarning } from '../server/cluster/warnings.js';
import { eventually } from './browser.js';
import { describePg, PG_URL, receivedExactly, startPeers, testChannel, upTo, watch } from './cluster-helpers.js';
import { post } from './helpers.js';
import { trainerFrames } from './visdom-helpers.js';

const line = (url: string, env: string, body: unknown) => post(`${url}/api/env/${env}/line`, body);

it('packs hints under the NOTIFY limit, splitting and dropping what cannot fit', () => {
  const entries: ['t', [number, number]][] = Array.from({ length: 2000 }, (_, i) => ['t', [1_000_000 + i, 123_456 + i]]);
  const payloads = pack('srv1', entries);
  expect(payloads.length).toBeGreaterThan(1);
  let total = 0;
  for (const p of payloads) {
    expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_HINT_BYTES);
    total += JSON.parse(p).t.length;
  }
  expect(total).toBe(2000);
  let dropped = 0;
  expect(pack('srv1', [['f', 'x'.repeat(9000)]], () => dropped++)).toEqual([]);
  expect(dropped).toBe(1);
});

describePg('servers sharing a store', () => {
  it('points POSTed to A reach viewers on B and C in order, exactly once', async () => {
    const [a, b, c] = await startPeers(3);
    await line(a!.url, 'run', { win: 'loss', X: [0], Y: [0] });
    const vb = await watch(b!, ['run']);
    const vc = await watch(c!, ['run']);
    for (let i = 1; i <= 200; i++) expect((await line(a!.url, 'run', { win: 'loss', X: [i], Y: [i], update: 'append' })).status).toBe(200);
    const id = (await a!.store.traces('run', 'loss'))[0]!.id;
    const want = Array.from({ length: 201 }, (_, i) => i);
    for (const v of [vb, vc]) {
      await eventually(() => v.ledger.points(id).length).toBe(201);
      expect(v.ledger.points(id)).toEqual(want);
      expect(v.ledger.duplicates).toBe(0);
      expect(v.ledger.gaps).toBe(0);
    }
  });

  it('a window created, changed and closed on A is created, changed and closed on B', async () => {
    const [a, b] = await startPeers(2);
    await post(`${a!.url}/env/fresh`, {});
    const vb = await watch(b!, ['run']);
    const envs = await watch(b!, []);
    await line(a!.url, 'run', { win: 'acc', X: [0, 1], Y: [0.5, 0.6], opts: { title: 'acc' } });
    const created = await vb.sock.next('window', (m) => m.window.id === 'acc');
    expect(created.window.data?.[0]?.y).toEqual([0.5, 0.6]);
    expect((await line(a!.url, 'run', { win: 'acc', X: [2], Y: [0.7], opts: { title: 'accuracy' }, update: 'append' })).status).toBe(200);
    const changed = await vb.sock.next('window', (m) => m.window.id === 'acc');
    expect(changed.window.opts.title).toBe('accuracy');
    expect((await fetch(`${a!.url}/api/env/run/win/acc`, { method: 'DELETE' })).status).toBe(200);
    await vb.sock.next('close', (m) => m.win === 'acc');
    // The env list: a new env on A appears in B's list.
    await line(a!.url, 'other', { win: 'w', X: [0], Y: [1] });
    await envs.sock.next('envs_delta', (m) => m.changed.some((e) => e.id === 'other'));
  });

  it('two writers appending to one trace through A and B get contiguous sequence numbers', async () => {
    const [a, b, c] = await startPeers(3);
    await line(a!.url, 'run', { win: 'w', X: [0], Y: [0], opts: { legend: ['t'] } });
    const vc = await watch(c!, ['run']);
    const writes = [];
    for (let i = 1; i <= 100; i++) {
      writes.push(line(a!.url, 'run', { win: 'w', Y: [1000 + i], name: 't', update: 'append' }));
      writes.push(line(b!.url, 'run', { win: 'w', Y: [2000 + i], name: 't', update: 'append' }));
    }
    for (const r of await Promise.all(writes)) expect(r.status).toBe(200);
    const id = (await a!.store.traces('run', 'w'))[0]!.id;
    await eventually(() => vc.ledger.points(id).length).toBe(201);
    const got = vc.ledger.points(id).slice(1) as number[];
    expect(got.filter((v) => v < 2000)).toEqual(Array.from({ length: 100 }, (_, i) => 1001 + i));
    expect(got.filter((v) => v > 2000)).toEqual(Array.from({ length: 100 }, (_, i) => 2001 + i));
    expect(vc.ledger.duplicates + vc.ledger.gaps).toBe(0);
  });

  it('a viewer moving from B to C with its cursors gets no gap and no duplicate', async () => {
    const [a, b, c] = await startPeers(3);
    await line(a!.url, 'run', { win: 'w', X: [0], Y: [0] });
    const vb = await watch(b!, ['run']);
    for (let i = 1; i <= 50; i++) await line(a!.url, 'run', { win: 'w', X: [i], Y: [i], update: 'append' });
    const id = (await a!.store.traces('run', 'w'))[0]!.id;
    await eventually(() => vb.ledger.points(id).length).toBe(51);
    vb.sock.close();
    for (let i = 51; i <= 80; i++) await line(a!.url, 'run', { win: 'w', X: [i], Y: [i], update: 'append' });
    const vc = await watch(c!, ['run'], vb.ledger);
    for (let i = 81; i <= 100; i++) await line(a!.url, 'run', { win: 'w', X: [i], Y: [i], update: 'append' });
    await receivedExactly(vc.ledger, id, Array.from({ length: 101 }, (_, i) => i));
  });

  it('a server reads the points of another server only for envs its viewers watch; a viewer who comes later misses nothing', async () => {
    const [a, b] = await startPeers(2);
    await line(a!.url, 'watched', { win: 'w', X: [0], Y: [0] });
    await line(a!.url, 'quiet', { win: 'w', X: [0], Y: [0] });
    const vb = await watch(b!, ['watched']);
    const watchedId = (await a!.store.traces('watched', 'w'))[0]!.id;
    const quietId = (await a!.store.traces('quiet', 'w'))[0]!.id;
    for (let i = 1; i <= 40; i++) {
      await line(a!.url, 'watched', { win: 'w', X: [i], Y: [i], update: 'append' });
      await line(a!.url, 'quiet', { win: 'w', X: [i, i + 0.5], Y: [i, i + 0.5], update: 'append' });
    }
    await receivedExactly(vb.ledger, watchedId, upTo(41));
    // B has heard of every quiet point (hint or poll) without reading one.
    const feed = b!.cluster!.feed;
    await eventually(() => feed.known(quietId)).toBe(81);
    await feed.settled();
    expect(feed.stats.skipped).toBeGreaterThanOrEqual(80);
    expect(feed.stats.fetched).toBeLessThanOrEqual(40);
    // A viewer of the quiet env on B now: the snapshot, then live points, each once.
    const late = await watch(b!, ['quiet']);
    for (let i = 41; i <= 60; i++) await line(a!.url, 'quiet', { win: 'w', X: [i], Y: [i], update: 'append' });
    const want = [0, ...Array.from({ length: 40 }, (_, k) => [k + 1, k + 1.5]).flat(), ...Array.from({ length: 20 }, (_, k) => 41 + k)];
    await receivedExactly(late.ledger, quietId, want);
  });

  it('a lost hint: the poll delivers within about a second', async () => {
    // A sends its hints on a channel B does not listen to: only B's poll of the counts can deliver.
    const [a, b] = await startPeers(2, {}, () => ({ channel: testChannel() }));
    await line(a!.url, 'run', { win: 'w', X: [0], Y: [0] });
    const vb = await watch(b!, ['run']);
    const id = (await a!.store.traces('run', 'w'))[0]!.id;
    // The poll runs every second: one append and a wait of at most about a second, then the next.
    for (let i = 1; i <= 3; i++) {
      expect((await line(a!.url, 'run', { win: 'w', X: [i], Y: [i], update: 'append' })).status).toBe(200);
      await eventually(() => vb.ledger.points(id).length, 1600).toBe(i + 1);
    }
    expect(vb.ledger.points(id)).toEqual([0, 1, 2, 3]);
    expect(vb.ledger.duplicates + vb.ledger.gaps).toBe(0);
    expect(b!.cluster!.fanout.stats.hints).toBe(0);
  });

  it('a PropertyUpdate on B reaches a trainer connected to A, with the pane', async () => {
    const [a, b] = await startPeers(2);
    await post(`${a!.url}/events`, { data: [{ content: [{ type: 'number', name: 'lr', value: '0.1' }], type: 'properties' }], win: 'props', eid: 'main', opts: {} });
    const frames = await trainerFrames(a!.wsUrl);
    const res = await post(`${b!.url}/api/env/main/win/props/property`, { propertyId: 0, value: '0.05' }, { 'Content-Type': 'application/json' });
    expect(res.status).toBe(200);
    await eventually(() => frames.length).toBe(1);
    expect(frames[0]).toMatchObject({ event_type: 'PropertyUpdate', target: 'props', eid: 'main', propertyId: 0, value: '0.05' });
    expect(frames[0].pane_data).toMatchObject({ command: 'window', id: 'props', type: 'properties' });
  });

  it('pg_terminate_backend on the LISTEN connections: servers listen again and catch up', async () => {
    const [a, b] = await startPeers(2, { heartbeatMs: 200 });
    await line(a!.url, 'run', { win: 'w', X: [0], Y: [0] });
    const vb = await watch(b!, ['run']);
    const id = (await a!.store.traces('run', 'w'))[0]!.id;
    const admin = new pg.Pool({ connectionString: PG_URL, max: 1 });
    try {
      const before = b!.cluster!.channel.listens;
      expect(await terminateListeners(admin, b!.cluster!.channel.pid!)).toBe(1);
      for (let i = 1; i <= 30; i++) await line(a!.url, 'run', { win: 'w', X: [i], Y: [i], update: 'append' });
      await eventually(() => b!.cluster!.channel.listens).toBeGreaterThan(before);
      await receivedExactly(vb.ledger, id, Array.from({ length: 31 }, (_, i) => i));
    } finally {
      await admin.end();
    }
  });

  it('a session cookie from one server opens the others when they share RUNBOARD_COOKIE_SECRET, and only then', async () => {
    const [a, b] = await startPeers(2, {}, undefined, { access: { token: 's3cret', cookieSecret: 'shared' } });
    const session = ((await fetch(`${a!.url}/?token=s3cret`)).headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(session).toMatch(/^runboard_session=/);
    expect((await fetch(`${b!.url}/api/envs`, { headers: { cookie: session } })).status).toBe(200);
    const [c] = await startPeers(1, {}, undefined, { access: { token: 's3cret' } });
    expect((await fetch(`${c!.url}/api/envs`, { headers: { cookie: session } })).status).toBe(401);
    expect(clusterWarning({ token: 's3cret' }, true)).toMatch(/RUNBOARD_COOKIE_SECRET/);
    expect(clusterWarning({ token: 's3cret', cookieSecret: 'shared' }, true)).toBeNull();
  });
});
