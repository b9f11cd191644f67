import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { post, startServer } from './helpers.js';
import { fixture, send, sendFixture, winData } from './visdom-helpers.js';

describe('Visdom env calls and read-back', () => {
  it('creates envs with /env/:env and lists them with /env_state in creation order', async () => {
    const srv = await startServer();
    expect(await sendFixture(srv.url, 'env/main', 'env_main')).toBe('');
    await send(srv.url, 'env/zeta', { eid: 'zeta' });
    await send(srv.url, 'env/a/b', { eid: 'a/b' });
    const res = await send(srv.url, 'env_state', fixture('env_state'));
    expect(JSON.parse(res.text)).toEqual(['main', 'zeta', 'a_b']);
  });

  it('answers text/html and accepts bodies with no Content-Type, with a Content-Type, and with NaN tokens', async () => {
    const srv = await startServer();
    const r = await fetch(`${srv.url}/events`, { method: 'POST', body: fixture('bar_create') });
    expect(r.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(await r.text()).toBe('bar');
    const withType = await post(`${srv.url}/events`, fixture('line_create'), { 'content-type': 'application/json' });
    expect(withType.text).toBe('loss');
  });

  it('maps "/" in env ids to "_" and a missing eid to main', async () => {
    const srv = await startServer();
    const body = JSON.parse(fixture('line_create'));
    await send(srv.url, 'events', { ...body, eid: 'runs/1' });
    delete body.eid;
    body.win = 'noenv';
    await send(srv.url, 'events', body);
    expect(await send(srv.url, 'win_exists', { win: 'loss', eid: 'runs_1' }).then((r) => r.text)).toBe('true');
    expect(await send(srv.url, 'win_exists', { win: 'loss', eid: 'runs/1' }).then((r) => r.text)).toBe('true');
    expect(await send(srv.url, 'win_exists', { win: 'noenv' }).then((r) => r.text)).toBe('true');
  });

  it('closes one window, then all, and refuses to close in a missing env', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create');
    await sendFixture(srv.url, 'events', 'text_create');
    expect(await sendFixture(srv.url, 'close', 'close_loss')).toBe('');
    expect(await sendFixture(srv.url, 'win_exists', 'win_exists_loss')).toBe('false');
    expect(await sendFixture(srv.url, 'close', 'close_loss')).toBe('');
    expect(await sendFixture(srv.url, 'close', 'close_all')).toBe('');
    expect(await winData(srv.url, null)).toEqual({});
    const missing = await send(srv.url, 'close', { win: 'x', eid: 'nope' });
    expect(missing.status).toBe(404);
    expect(missing.text).toMatch(/No env nope/);
  });

  it('returns every window of an env from /win_data with win null, and errors for a missing window', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create');
    await sendFixture(srv.url, 'events', 'text_create');
    const env = await winData(srv.url, null);
    expect(Object.keys(env)).toEqual(['loss', 'log']);
    expect(env.log).toMatchObject({ type: 'text', i: 1 });
    expect(env.loss.content.data[0].y).toEqual([1, 2, 3]);
    const missing = await send(srv.url, 'win_data', { win: 'nope', eid: 'main' });
    expect(missing.status).toBe(404);
    expect(missing.text).toMatch(/No window nope in env main/);
  });

  it('writes a window and a whole env back with set_window_data', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create');
    await sendFixture(srv.url, 'events', 'image_history_create');
    await sendFixture(srv.url, 'update', 'image_history_update');
    const env = await winData(srv.url, null);
    const loss = env.loss;
    loss.content.data[0].y = [9, 9, 9];
    expect((await send(srv.url, 'win_data', { win: 'copy', eid: 'main', data: JSON.stringify(loss) })).text).toBe('');
    expect((await winData(srv.url, 'copy')).content.data[0]).toMatchObject({ x: [0, 1, 2], y: [9, 9, 9], name: '1', mode: 'lines' });
    expect((await send(srv.url, 'win_data', { win: null, eid: 'other', data: JSON.stringify(env) })).text).toBe('');
    const other = await winData(srv.url, null, 'other');
    expect(Object.keys(other)).toEqual(['loss', 'hist']);
    expect(other.loss.content).toEqual(env.loss.content);
    expect(other.hist.content).toEqual(env.hist.content);
    const bad = await send(srv.url, 'win_data', { win: 'x', eid: 'main', data: '{"oops' });
    expect(bad.status).toBe(400);
  });

  it('deletes an env, and refuses to delete one that does not exist', async () => {
    const srv = await startServer();
    await send(srv.url, 'events', { ...JSON.parse(fixture('line_create')), eid: 'other' });
    expect(await sendFixture(srv.url, 'delete_env', 'delete_env_other')).toBe('');
    expect(JSON.parse(await sendFixture(srv.url, 'env_state', 'env_state'))).toEqual([]);
    const again = await send(srv.url, 'delete_env', fixture('delete_env_other'));
    expect(again.status).toBe(404);
  });

  it('answers /save with the envs that exist, and forks an env with all its points', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create');
    await sendFixture(srv.url, 'events', 'image_history_create');
    await sendFixture(srv.url, 'update', 'image_history_update');
    expect(JSON.parse(await sendFixture(srv.url, 'save', 'save'))).toEqual(['main']);
    expect(await sendFixture(srv.url, 'fork_env', 'fork_env')).toBe('copy');
    const copy = await winData(srv.url, null, 'copy');
    const main = await winData(srv.url, null, 'main');
    expect(copy.loss.content).toEqual(main.loss.content);
    expect(copy.hist.content).toHaveLength(2);
    // The copy is independent: appending to it leaves the original alone.
    await send(srv.url, 'update', { ...JSON.parse(fixture('line_append')), eid: 'copy' });
    expect((await winData(srv.url, 'loss', 'copy')).content.data[0].y).toEqual([1, 2, 3, 4]);
    expect((await winData(srv.url, 'loss', 'main')).content.data[0].y).toEqual([1, 2, 3]);
    const missing = await send(srv.url, 'fork_env', { prev_eid: 'nope', eid: 'x' });
    expect(missing.status).toBe(404);
  });

  it('answers /win_hash with a hash that changes when the window changes, or false', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create');
    const h1 = await sendFixture(srv.url, 'win_hash', 'win_hash_loss');
    expect(h1).toMatch(/^[0-9a-f]{32}$/);
    expect(await sendFixture(srv.url, 'win_hash', 'win_hash_loss')).toBe(h1);
    await sendFixture(srv.url, 'update', 'line_append');
    expect(await sendFixture(srv.url, 'win_hash', 'win_hash_loss')).not.toBe(h1);
    expect(await send(srv.url, 'win_hash', { win: 'nope', eid: 'main' }).then((r) => r.text)).toBe('false');
  });

  it('answers bad bodies with a 400 sentence and stores nothing', async () => {
    const srv = await startServer();
    for (const [endpoint, body] of [['events', ''], ['events', '{"data": [], "win": "w"}'], ['events', '{"data": [1'], ['update', '{"win": null}']]) {
      const res = await send(srv.url, endpoint!, body!);
      expect(res.status).toBe(400);
      expect(res.text.length).toBeGreaterThan(5);
    }
    expect(await srv.store.listEnvs()).toEqual([]);
  });

  it('serves every Visdom route under --base-url', async () => {
    const srv = await startServer({ baseUrl: '/visdom' });
    expect(await sendFixture(`${srv.url}/visdom`, 'events', 'line_create')).toBe('loss');
    expect(await sendFixture(`${srv.url}/visdom`, 'win_exists', 'win_exists_loss')).toBe('true');
    expect((await send(srv.url, 'win_exists', fixture('win_exists_loss'))).status).toBe(404);
    const ws = new WebSocket(`${srv.wsUrl}/visdom/vis_socket`);
    onTestFinished(() => ws.close());
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (d) => resolve(d.toString()));
      ws.once('error', reject);
    });
    expect(JSON.parse(first)).toEqual({ command: 'alive', data: 'vis_alive' });
  });

  it("creates the env named in the URL when the body has no eid (the browser's {sid} form)", async () => {
    const srv = await startServer();
    expect((await send(srv.url, 'env/from_url', { sid: 'abc' })).text).toBe('');
    expect(JSON.parse(await sendFixture(srv.url, 'env_state', 'env_state'))).toEqual(['from_url']);
  });
});
