import { createHash } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import Fastify from 'fastify';
import { accessControl } from '../server/auth.js';
import { exposureWarning, loadConfig, UsageError } from '../server/config.js';
import { startServer } from './helpers.js';

const line = { win: 'loss', X: [1, 2], Y: [0.5, 0.4] };

async function request(url: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const res = await fetch(url, init);
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, text, headers: res.headers, body: json && text ? (JSON.parse(text) as any) : undefined };
}

function postLine(url: string, headers: Record<string, string> = {}) {
  return request(`${url}/api/env/main/line`, { method: 'POST', body: JSON.stringify(line), headers });
}

/** Resolves 'open' or the HTTP status the upgrade was refused with. */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    onTestFinished(() => ws.terminate());
    ws.once('open', () => resolve('open'));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
}

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');

describe('access control', () => {
  it('leaves everything open when no credential is configured', async () => {
    const srv = await startServer();
    expect((await postLine(srv.url)).status).toBe(200);
    expect((await request(`${srv.url}/api/envs`)).status).toBe(200);
    expect(await upgrade(`${srv.wsUrl}/api/ws`)).toBe('open');
  });

  it('with a token refuses requests without it and accepts it as a header, a query parameter or a cookie', async () => {
    const srv = await startServer({ access: { token: 's3cret' } });
    const refused = await request(`${srv.url}/api/envs`);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ statusCode: 401, code: 'RB_ERR_UNAUTHORIZED' });
    expect(refused.body.message).toMatch(/token/);
    expect((await postLine(srv.url)).status).toBe(401);
    expect((await postLine(srv.url, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await postLine(srv.url, { authorization: 'Bearer s3cret' })).status).toBe(200);
    expect((await request(`${srv.url}/api/envs?token=s3cret`)).status).toBe(200);
    // The token parameter is taken out before the route's own query schema sees it.
    const data = await request(`${srv.url}/api/env/main/win/loss/data?format=json&token=s3cret`);
    expect(data.status).toBe(200);
    expect(data.body.traces[0].points).toHaveLength(2);
    expect(await upgrade(`${srv.wsUrl}/api/ws`)).toBe(401);
    expect(await upgrade(`${srv.wsUrl}/api/ws?token=wrong`)).toBe(401);
    expect(await upgrade(`${srv.wsUrl}/api/ws?token=s3cret`)).toBe('open');
  });

  it('sets a session cookie when a browser opens a page with ?token=, and the cookie then opens the API and the socket', async () => {
    const srv = await startServer({ access: { token: 's3cret' } });
    const page = await request(`${srv.url}/?token=s3cret`);
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^runboard_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/);
    const session = cookie.split(';')[0]!;
    expect(session).not.toContain('s3cret');
    expect((await request(`${srv.url}/api/envs`, { headers: { cookie: session } })).status).toBe(200);
    expect((await postLine(srv.url, { cookie: session })).status).toBe(200);
    expect(await upgrade(`${srv.wsUrl}/api/ws`, { cookie: session })).toBe('open');
    expect((await request(`${srv.url}/api/envs`, { headers: { cookie: `${session}x` } })).status).toBe(401);
    expect((await request(`${srv.url}/api/envs`, { headers: { cookie: 'runboard_session=s3cret' } })).status).toBe(401);
  });

  it('keeps session cookies valid across a restart when RUNBOARD_COOKIE_SECRET is set', async () => {
    const access = { token: 's3cret', cookieSecret: 'fixed' };
    const srv = await startServer({ access });
    const session = ((await request(`${srv.url}/?token=s3cret`)).headers.get('set-cookie') ?? '').split(';')[0]!;
    const again = await srv.restart();
    expect((await request(`${again.url}/api/envs`, { headers: { cookie: session } })).status).toBe(200);
  });

  it('with only a write token keeps reads open and refuses writes without it', async () => {
    const srv = await startServer({ access: { writeToken: 'w' } });
    expect((await request(`${srv.url}/api/envs`)).status).toBe(200);
    expect(await upgrade(`${srv.wsUrl}/api/ws`)).toBe('open');
    const refused = await postLine(srv.url);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/write token/);
    expect((await request(`${srv.url}/api/env/main`, { method: 'DELETE' })).status).toBe(401);
    expect((await postLine(srv.url, { authorization: 'Bearer w' })).status).toBe(200);
  });

  it('with --token R and --write-token W lets R only read (fork, delete and import get 403) and W read and write', async () => {
    const srv = await startServer({ access: { token: 'R', writeToken: 'W' } });
    const R = { authorization: 'Bearer R' };
    const W = { authorization: 'Bearer W' };
    expect((await postLine(srv.url, W)).status).toBe(200);
    const writes: [string, string, unknown][] = [
      ['POST', '/api/env/main/line', line],
      ['POST', '/api/env/main/fork', { to: 'copy' }],
      ['POST', '/api/env/main/rename', { to: 'other' }],
      ['DELETE', '/api/env/main/win/loss', undefined],
      ['DELETE', '/api/env/main', undefined],
      ['POST', '/api/import?name=main.json', {}],
      ['POST', '/fork_env', { prev_eid: 'main', eid: 'copy' }],
      ['POST', '/delete_env', { eid: 'main' }],
      ['POST', '/win_data', { eid: 'main', win: 'loss', data: '{}' }],
    ];
    for (const [method, path, body] of writes) {
      const res = await request(`${srv.url}${path}`, { method, headers: R, body: body === undefined ? undefined : JSON.stringify(body) });
      expect(res.status, `${method} ${path}`).toBe(403);
      // Visdom routes answer errors as plain text, as Visdom does; the native API in the coded JSON shape.
      if (path.startsWith('/api/')) expect(res.body).toMatchObject({ code: 'RB_ERR_READ_ONLY', message: expect.stringMatching(/write token/) });
      else expect(res.text).toMatch(/may only read.*write token/);
    }
    for (const headers of [R, W]) {
      expect((await request(`${srv.url}/api/env/main/win/loss/data?format=json`, { headers })).body.traces[0].points).toHaveLength(2);
      const winData = await request(`${srv.url}/win_data`, { method: 'POST', headers, body: JSON.stringify({ eid: 'main', win: 'loss' }) });
      expect(winData.status).toBe(200);
    }
    expect(await upgrade(`${srv.wsUrl}/api/ws?token=R`)).toBe('open');
    // A browser session made from ?token=R reads and no more.
    const session = ((await request(`${srv.url}/?token=R`)).headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await request(`${srv.url}/api/envs`, { headers: { cookie: session } })).status).toBe(200);
    expect((await postLine(srv.url, { cookie: session })).status).toBe(403);
    // Nothing without a credential; W does everything.
    expect((await request(`${srv.url}/api/envs`)).status).toBe(401);
    expect((await request(`${srv.url}/api/env/main/fork`, { method: 'POST', headers: W, body: JSON.stringify({ to: 'copy' }) })).status).toBe(200);
    expect((await request(`${srv.url}/api/env/main`, { method: 'DELETE', headers: W })).status).toBe(200);
  });

  it('in Visdom login mode accepts the sha256 login POST to / and refuses the API without its cookie', async () => {
    const srv = await startServer({ access: { login: { username: 'ada', password: 'pw' } } });
    expect((await postLine(srv.url)).status).toBe(401);
    // Visdom routes (any non-/api path) answer 400 with an empty body, as Visdom does.
    const visdom = await request(`${srv.url}/events`, { method: 'POST', body: '{}' });
    expect(visdom).toMatchObject({ status: 400, text: '' });
    expect(await upgrade(`${srv.wsUrl}/api/ws`)).toBe(401);

    const wrong = await request(`${srv.url}/`, { method: 'POST', body: JSON.stringify({ username: 'ada', password: sha256hex('nope') }) });
    expect(wrong).toMatchObject({ status: 400, text: '' });
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const plain = await request(`${srv.url}/`, { method: 'POST', body: JSON.stringify({ username: 'ada', password: 'pw' }) });
    expect(plain.status).toBe(400);

    const ok = await request(`${srv.url}/`, { method: 'POST', body: JSON.stringify({ username: 'ada', password: sha256hex('pw') }) });
    expect(ok.status).toBe(200);
    // Named as Visdom names it: the Python client sends it back as `Cookie: user_password=…` on its socket.
    const session = (ok.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(session).toMatch(/^user_password=[\w-]+$/);
    expect((await postLine(srv.url, { cookie: session })).status).toBe(200);
    const host = new URL(srv.url).host;
    expect(await upgrade(`${srv.wsUrl}/api/ws`, { cookie: session, origin: `http://${host}` })).toBe('open');
    expect(await upgrade(`${srv.wsUrl}/api/ws`, { cookie: 'user_password=' })).toBe(401);
  });

  it('in login mode takes the login POST at the Visdom base URL, with or without its trailing slash', async () => {
    const app = Fastify();
    onTestFinished(() => app.close());
    await app.register(accessControl, { login: { username: 'ada', password: 'pw' }, baseUrl: '/vis/' });
    const login = { username: 'ada', password: sha256hex('pw') };
    for (const url of ['/vis', '/vis/']) {
      const res = await app.inject({ method: 'POST', url, payload: login });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['set-cookie']).toMatch(/^user_password=/);
    }
    // `/` is no route here: it needs a credential like any unmatched request.
    expect((await app.inject({ method: 'POST', url: '/', payload: login })).statusCode).toBe(401);
  });

  it('refuses writes and socket upgrades from pages on another origin unless they carry the token', async () => {
    const srv = await startServer();
    const host = new URL(srv.url).host;
    const cross = await postLine(srv.url, { origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    expect(cross.body.code).toBe('RB_ERR_FORBIDDEN_ORIGIN');
    expect((await request(`${srv.url}/api/envs`)).status).toBe(200);
    expect(await upgrade(`${srv.wsUrl}/api/ws`, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade(`${srv.wsUrl}/api/ws`, { origin: 'null' })).toBe(403);
    expect(await upgrade(`${srv.wsUrl}/api/ws`, { origin: `http://${host}` })).toBe('open');
    expect((await postLine(srv.url, { origin: `http://${host}` })).status).toBe(200);
    expect((await request(`${srv.url}/api/envs`)).status).toBe(200);

    const locked = await startServer({ access: { token: 't' } });
    expect(await upgrade(`${locked.wsUrl}/api/ws?token=t`, { origin: 'http://other.example' })).toBe('open');
  });

  it('accepts the Origin of a reverse proxy that forwards its public host name', async () => {
    const srv = await startServer();
    const res = await postLine(srv.url, { origin: 'https://board.example', 'x-forwarded-host': 'board.example' });
    expect(res.status).toBe(200);
  });

  it('on loopback with reads open serves only loopback Host names, so DNS rebinding gets nowhere', async () => {
    const srv = await startServer({ loopbackHosts: true });
    const inject = (host: string, method: 'GET' | 'POST' = 'GET') =>
      srv.app.inject({ method, url: method === 'GET' ? '/api/envs' : '/api/env/main/line', headers: { host }, payload: method === 'POST' ? JSON.stringify(line) : undefined });
    const rebound = await inject('attacker.example:8097');
    expect(rebound.statusCode).toBe(403);
    expect(rebound.json()).toMatchObject({ code: 'RB_ERR_FORBIDDEN_HOST' });
    expect((await inject('attacker.example:8097', 'POST')).statusCode).toBe(403);
    for (const host of ['localhost:8097', '127.0.0.1:8097', '[::1]:8097', 'localhost']) expect((await inject(host)).statusCode, host).toBe(200);
    expect(loadConfig([], {}).loopbackHosts).toBe(true);
    expect(loadConfig(['--host', '0.0.0.0'], {}).loopbackHosts).toBe(false);

  });

  it('on loopback keeps the Host check with a token and in login mode too, and serves the names given with --allow-host', async () => {
    const login = { username: 'ada', password: 'pw' };
    for (const access of [{ token: 't' }, { login }, { writeToken: 'w' }, { token: 'r', writeToken: 't' }]) {
      const srv = await startServer({ loopbackHosts: true, access });
      const name = JSON.stringify(access);
      // The login POST and the public page are refused to a rebound name as well.
      expect((await srv.app.inject({ method: 'POST', url: '/', headers: { host: 'attacker.example' }, payload: { username: 'ada', password: sha256hex('pw') } })).statusCode, name).toBe(403);
      expect((await srv.app.inject({ url: '/', headers: { host: 'attacker.example:8097' } })).statusCode, name).toBe(403);
      const res = await srv.app.inject({ url: '/api/envs', headers: { host: 'attacker.example:8097', authorization: 'Bearer t' } });
      expect(res.statusCode, name).toBe(403);
      expect(res.json().message).toMatch(/--allow-host/);
    }
    const proxied = await startServer({ loopbackHosts: true, access: { token: 't', allowHosts: ['board.example'] } });
    const ok = await proxied.app.inject({ url: '/api/envs', headers: { host: 'Board.example:443', authorization: 'Bearer t' } });
    expect(ok.statusCode).toBe(200);
    expect((await proxied.app.inject({ url: '/api/envs', headers: { host: 'other.example', authorization: 'Bearer t' } })).statusCode).toBe(403);
    expect(loadConfig(['--allow-host', 'a.example, b.example'], {}).access.allowHosts).toEqual(['a.example', 'b.example']);
    expect(loadConfig([], { RUNBOARD_ALLOW_HOSTS: 'c.example' }).access.allowHosts).toEqual(['c.example']);
  });

  it('sends no CORS headers and sets nosniff on every response, errors included', async () => {
    const srv = await startServer();
    for (const res of [await request(`${srv.url}/api/envs`, { headers: { origin: 'http://evil.example' } }), await request(`${srv.url}/api/env/nope`)]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('access configuration', () => {
  it('reads tokens and login credentials from flags and the environment', () => {
    expect(loadConfig(['--token', 'a'], {}).access.token).toBe('a');
    expect(loadConfig([], { RUNBOARD_WRITE_TOKEN: 'w' }).access.writeToken).toBe('w');
    expect(loadConfig(['--enable-login'], { VISDOM_USERNAME: 'u', VISDOM_PASSWORD: 'p' }).access.login).toEqual({ username: 'u', password: 'p' });
    expect(() => loadConfig(['--enable-login'], {})).toThrow(UsageError);
    expect(loadConfig(['--max-sockets', '5'], {}).maxSockets).toBe(5);
  });

  it('warns when listening beyond loopback without a token', () => {
    expect(exposureWarning('127.0.0.1', {})).toBeNull();
    expect(exposureWarning('0.0.0.0', { token: 't' })).toBeNull();
    expect(exposureWarning('0.0.0.0', {})).toMatch(/WARNING.*without a token.*RUNBOARD_TOKEN/);
    expect(exposureWarning('192.168.1.2', { writeToken: 'w' })).toMatch(/read every env/);
  });
});
