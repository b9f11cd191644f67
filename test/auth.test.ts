import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import Fastify from 'fastify';
import { accessControl } from '../server/auth.js';
import { exposureWarning, loadConfig, UsageError } from '../server/config.js';
import { buildTestApp } from './auth-helpers.js';
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
    expect(cookie).toMatch(/^runboard_session=[\w.-]+; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/);
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
    expect(session).toMatch(/^user_password=[\w.-]+$/);
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

describe('login sessions', () => {
  const login = { username: 'ada', password: 'pw' };
  const right = { username: 'ada', password: sha256hex('pw') };
  const wrong = { username: 'ada', password: sha256hex('guess') };

  it('backs off failed logins per client address with 429 and Retry-After, doubling the wait, and a success clears it', async () => {
    let now = 1_000_000;
    const app = await buildTestApp({ login, now: () => now });
    const attempt = (payload: object, ip = '10.0.0.1') => app.inject({ method: 'POST', url: '/', payload, remoteAddress: ip });
    for (let i = 0; i < 3; i++) expect((await attempt(wrong)).statusCode).toBe(400);
    // Past the free attempts every failure doubles the wait: 1 s, 2 s, 4 s.
    for (const seconds of [1, 2, 4]) {
      expect((await attempt(wrong)).statusCode).toBe(400);
      const held = await attempt(right);
      expect(held.statusCode, 'even the right password waits').toBe(429);
      expect(held.headers['retry-after']).toBe(String(seconds));
      expect(held.json()).toMatchObject({ code: 'RB_ERR_TOO_MANY_LOGINS', message: expect.stringMatching(new RegExp(`wait ${seconds} s`)) });
      expect(held.headers['set-cookie']).toBeUndefined();
      // Another address is not held back.
      expect((await attempt(right, '10.0.0.2')).statusCode).toBe(200);
      now += seconds * 1000 - 1;
      expect((await attempt(right)).statusCode).toBe(429);
      now += 1;
    }
    expect((await attempt(right)).statusCode).toBe(200);
    // The success cleared the count: three free failures again.
    for (let i = 0; i < 3; i++) expect((await attempt(wrong)).statusCode).toBe(400);
    expect((await attempt(right)).statusCode).toBe(200);
  });

  it('counts attempts per real client behind a --trust-proxy proxy, and ignores X-Forwarded-For from anyone else', async () => {
    const now = 0;
    const app = await buildTestApp({ login, trustProxy: '127.0.0.1', now: () => now });
    const viaProxy = (client: string) =>
      app.inject({ method: 'POST', url: '/', payload: wrong, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } });
    for (let i = 0; i < 4; i++) await viaProxy('203.0.113.7');
    expect((await viaProxy('203.0.113.7')).statusCode).toBe(429);
    expect((await viaProxy('203.0.113.8')).statusCode).toBe(400);
    // A client that is not the proxy cannot pick its address with the header.
    const direct = await buildTestApp({ login, trustProxy: '127.0.0.1', now: () => now });
    for (let i = 0; i < 4; i++) await direct.inject({ method: 'POST', url: '/', payload: wrong, remoteAddress: '198.51.100.1', headers: { 'x-forwarded-for': `192.0.2.${i}` } });
    expect((await direct.inject({ method: 'POST', url: '/', payload: right, remoteAddress: '198.51.100.1', headers: { 'x-forwarded-for': '192.0.2.99' } })).statusCode).toBe(429);
  });

  it('gives a new session at every login, which expires after Max-Age (7 days by default, --session-days)', async () => {
    let now = 5_000_000;
    const app = await buildTestApp({ login, cookieSecret: 'fixed', now: () => now });
    const logIn = async () => {
      const res = await app.inject({ method: 'POST', url: '/', payload: right });
      expect(res.statusCode).toBe(200);
      return String(res.headers['set-cookie']);
    };
    const first = await logIn();
    const second = await logIn();
    expect(first).toMatch(/^user_password=[\w.-]+; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/);
    const [a, b] = [first.split(';')[0]!, second.split(';')[0]!];
    expect(a).not.toBe(b);
    expect(a).not.toContain(sha256hex('pw'));
    const read = (cookie: string) => app.inject({ url: '/api/envs', headers: { cookie } });
    expect((await read(a)).statusCode).toBe(200);
    expect((await read(b)).statusCode).toBe(200);
    now += 7 * 24 * 3600 * 1000 - 1000;
    expect((await read(a)).statusCode).toBe(200);
    now += 1000;
    expect((await read(a)).statusCode).toBe(401);
    // A forged or altered cookie does not pass either.
    const c = (await logIn()).split(';')[0]!;
    expect((await read(c.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')))).statusCode).toBe(401);
    expect((await read(c.replace('user_password=l.', 'user_password=t.'))).statusCode).toBe(401);

    const shorter = await buildTestApp({ login, sessionMaxAge: 3600, now: () => now });
    expect(String((await shorter.inject({ method: 'POST', url: '/', payload: right })).headers['set-cookie'])).toMatch(/Max-Age=3600;/);
    expect(loadConfig(['--session-days', '2'], {}).access.sessionMaxAge).toBe(2 * 24 * 3600);
    expect(loadConfig([], {}).access.sessionMaxAge).toBe(7 * 24 * 3600);
    expect(() => loadConfig(['--session-days', '0'], {})).toThrow(/at least 1/);
  });

  it('ends sessions when the password or token they stand for changes', async () => {
    const before = await buildTestApp({ login, token: 'T', cookieSecret: 'fixed' });
    const loginCookie = String((await before.inject({ method: 'POST', url: '/', payload: right })).headers['set-cookie']).split(';')[0]!;
    const tokenCookie = String((await before.inject({ url: '/?token=T' })).headers['set-cookie']).split(';')[0]!;
    const after = await buildTestApp({ login: { username: 'ada', password: 'new' }, token: 'T2', cookieSecret: 'fixed' });
    expect((await after.inject({ url: '/api/envs', headers: { cookie: loginCookie } })).statusCode).toBe(401);
    expect((await after.inject({ url: '/api/envs', headers: { cookie: tokenCookie } })).statusCode).toBe(401);
    const same = await buildTestApp({ login, token: 'T', cookieSecret: 'fixed' });
    expect((await same.inject({ url: '/api/envs', headers: { cookie: loginCookie } })).statusCode).toBe(200);
    expect((await same.inject({ url: '/api/envs', headers: { cookie: tokenCookie } })).statusCode).toBe(200);
  });

  it('marks the cookie Secure only when a proxy trusted with --trust-proxy says the request came over https', async () => {
    const cookieOf = async (app: Awaited<ReturnType<typeof buildTestApp>>, headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
      String((await app.inject({ method: 'POST', url: '/', payload: right, headers, remoteAddress })).headers['set-cookie']);
    const plain = await buildTestApp({ login });
    expect(await cookieOf(plain, {})).not.toMatch(/Secure/);
    // Without --trust-proxy anyone could send the header: it is ignored.
    expect(await cookieOf(plain, { 'x-forwarded-proto': 'https' })).not.toMatch(/Secure/);
    const proxied = await buildTestApp({ login, trustProxy: 'loopback' });
    expect(await cookieOf(proxied, { 'x-forwarded-proto': 'https' })).toMatch(/; Secure$/);
    expect(await cookieOf(proxied, { 'x-forwarded-proto': 'http' })).not.toMatch(/Secure/);
    expect(await cookieOf(proxied, { 'x-forwarded-proto': 'https' }, '192.0.2.1')).not.toMatch(/Secure/);
    const tokenProxied = await buildTestApp({ token: 'T', trustProxy: 'loopback' });
    expect(String((await tokenProxied.inject({ url: '/?token=T', headers: { 'x-forwarded-proto': 'https' }, remoteAddress: '127.0.0.1' })).headers['set-cookie'])).toMatch(/^runboard_session=.*; Secure$/);
    expect(loadConfig(['--trust-proxy', 'loopback'], {}).access.trustProxy).toBe('loopback');
  });

  it('never writes a ?token= value to the log, however the parameter is spelled', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildTestApp({ token: 'sup3rsecret' }, { logger: { level: 'info', stream } });
    for (const url of ['/api/envs?token=sup3rsecret', '/api/envs?a=1&token=sup3rsecret&b=2', '/api/envs?%74oken=sup3rsecret', '/?token=sup3rsecret', '/api/envs?token=wrong-sup3rsecret']) {
      await app.inject({ url });
    }
    const log = lines.join('');
    // The requests were logged (the URL's path and other parameters), without the token.
    expect(log).toContain('"url":"/api/envs?a=1&token=[redacted]&b=2"');
    expect(log).toContain('"url":"/api/envs?%74oken=[redacted]"');
    expect(log).not.toContain('sup3rsecret');
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
