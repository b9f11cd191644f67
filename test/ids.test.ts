/**
 * Env and window ids: every id the stock Visdom client can send is stored and comes
 * back unchanged, through the Visdom endpoints and the native API (ids percent-encoded
 * in URLs); only what cannot be stored is refused, with a 400 that says why.
 */
import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH } from '../protocol/index.js';
import { get, post, startServer } from './helpers.js';
import { fixture, send, winData } from './visdom-helpers.js';

/** Window ids as users name them: TensorBoard/W&B paths, dots, spaces, backslashes, emoji, the longest allowed. */
const WINDOW_IDS = ['train/loss', 'a/b/c', '/leading', 'loss.v2', 'val loss', 'C:\\runs\\1', '📉 loss', 'é'.repeat(MAX_NAME_LENGTH), '😀'.repeat(MAX_NAME_LENGTH)];

/** The client's line body (test/fixtures/visdom/line_create.json) aimed at another window and env. */
function lineCreate(win: string, eid: string): string {
  return JSON.stringify({ ...JSON.parse(fixture('line_create')), win, eid });
}

const u = encodeURIComponent;

describe('ids', () => {
  it('keeps every window id the Visdom client sends, through /events, /update, /win_exists and /win_data', async () => {
    const srv = await startServer();
    for (const win of WINDOW_IDS) {
      expect((await send(srv.url, 'events', lineCreate(win, 'main'))).text, win.slice(0, 20)).toBe(win);
      const append = { ...JSON.parse(fixture('line_append')), win, eid: 'main' };
      expect((await send(srv.url, 'update', append)).text).toBe(win);
      expect((await send(srv.url, 'win_exists', { win, eid: 'main' })).text).toBe('true');
      const w = await winData(srv.url, win);
      expect(w.id).toBe(win);
      expect(w.content.data[0]).toMatchObject({ x: [0, 1, 2, 3], y: [1, 2, 3, 4] });
    }
    const listed = await get(`${srv.url}/api/env/main`);
    expect(listed.body.windows.map((w: { id: string }) => w.id).sort()).toEqual([...WINDOW_IDS].sort());
  });

  it('stores a Visdom env id with "/" as Visdom does ("_"), and keeps dots, spaces and emoji', async () => {
    const srv = await startServer();
    expect((await send(srv.url, 'events', lineCreate('train/loss', 'runs/a'))).text).toBe('train/loss');
    expect((await send(srv.url, 'events', lineCreate('train/loss', '🚀 run 1.5'))).text).toBe('train/loss');
    expect((await send(srv.url, 'env_state', {})).body).toEqual(['runs_a', '🚀 run 1.5']);
    expect((await winData(srv.url, 'train/loss', 'runs/a')).id).toBe('train/loss');
    expect((await winData(srv.url, 'train/loss', '🚀 run 1.5')).id).toBe('train/loss');
  });

  it('serves a window id with "/" on the native routes when it is sent as %2F', async () => {
    const srv = await startServer();
    const env = '🚀 run 1.5';
    const win = 'train/loss';
    expect((await post(`${srv.url}/api/env/${u(env)}/line`, { win, X: [1, 2], Y: [3, 4] })).body).toEqual({ win });
    expect((await post(`${srv.url}/api/env/${u(env)}/line`, { win, X: [3], Y: [5], update: 'append' })).status).toBe(200);
    const data = await get(`${srv.url}/api/env/${u(env)}/win/${u(win)}/data`);
    expect(data.status, data.text).toBe(200);
    expect(data.body.traces[0]).toMatchObject({ x: [1, 2, 3], y: [3, 4, 5] });
    const csv = await fetch(`${srv.url}/api/env/${u(env)}/win/${u(win)}/data?format=csv`);
    expect(csv.status).toBe(200);
    expect(decodeURIComponent(csv.headers.get('content-disposition')!.split("UTF-8''")[1]!)).toBe(`${env}-${win}.csv`);
    // Unencoded, the "/" splits the path: that names no route, never another window.
    expect((await get(`${srv.url}/api/env/${u(env)}/win/train/loss/data`)).status).toBe(404);
    expect((await fetch(`${srv.url}/api/env/${u(env)}/win/${u(win)}`, { method: 'DELETE' })).status).toBe(200);
    expect((await get(`${srv.url}/api/env/${u(env)}/win/${u(win)}`)).status).toBe(404);
  });

  it('serves the longest ids in a real URL, env and window both percent-encoded', async () => {
    const srv = await startServer();
    const env = '😀'.repeat(MAX_NAME_LENGTH);
    const win = `${'😀'.repeat(MAX_NAME_LENGTH - 2)}/x`;
    expect((await post(`${srv.url}/api/env/${u(env)}/line`, { win, Y: [1] })).status).toBe(200);
    const res = await get(`${srv.url}/api/env/${u(env)}/win/${u(win)}/data?format=json`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ env, win, traces: [{ points: [[0, 1, expect.any(Number)]] }] });
  });

  it('refuses only ids that cannot be stored, with a 400 saying what an id may hold', async () => {
    const srv = await startServer();
    for (const win of ['', 'a\u0000b', 'tab\there', 'line\n', '.', '..', 'x'.repeat(MAX_NAME_LENGTH + 1), 'lone \ud800']) {
      const res = await post(`${srv.url}/api/env/main/line`, { win, Y: [1] });
      expect(res.status, JSON.stringify(win).slice(0, 20)).toBe(400);
      expect(res.body.message).toBe(
        `body.win must be 1–${MAX_NAME_LENGTH} characters with no control characters (tab, newline, U+0000–U+001F, U+007F), and not '.' or '..'`,
      );
      const visdom = await send(srv.url, 'events', lineCreate(win, 'main'));
      expect(visdom.status).toBe(400);
      expect(visdom.text).toMatch(/^window id .* is not usable; use 1–1000 characters without control characters/);
    }
    const env = await send(srv.url, 'events', lineCreate('w', 'a\u0007b'));
    expect(env.status).toBe(400);
    expect(env.text).toMatch(/^env "a\\u0007b" is not a usable env id; use 1–1000 characters without control characters/);
    expect((await get(`${srv.url}/api/envs`)).body).toEqual({ envs: [] });
  });
});
