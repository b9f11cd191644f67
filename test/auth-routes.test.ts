/**
 * Every registered route under every access mode: the routes are read from the app
 * itself (`app.accessTable`), so a route added later is checked without editing this
 * file, and each is requested as written, with its path percent-encoded the ways a
 * router decodes, and with HEAD.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { AccessOptions, RouteAccess } from '../server/auth.js';
import { buildTestApp } from './auth-helpers.js';

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');
const LOGIN = { username: 'ada', password: 'pw' };

/**
 * The only routes that need less than their method's default (read for GET/HEAD, write
 * otherwise). A route declared more open than this list says fails the first test.
 */
const DECLARED: Record<string, RouteAccess> = {
  'POST /': 'public',
  'GET /': 'page',
  'HEAD /': 'page',
  'GET /env/:env': 'page',
  'HEAD /env/:env': 'page',
  'GET /assets/:file': 'page',
  'HEAD /assets/:file': 'page',
  'POST /win_exists': 'read',
  'POST /env_state': 'read',
  'POST /win_hash': 'read',
  // Grouped lines of runs: a read with a body.
  'POST /api/runs/group': 'read',
  // Both also write (set data, send an event), and then check for the write credential themselves.
  'POST /win_data': 'read',
  'POST /vis_socket_wrap': 'read',
};

type Cred = 'none' | 'read' | 'write';
interface Mode {
  name: string;
  access: AccessOptions;
  /** Headers of each credential this mode has. */
  creds: (app: FastifyInstance) => Promise<Partial<Record<Cred, Record<string, string>>>>;
  readsLocked: boolean;
  writesLocked: boolean;
  login?: boolean;
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const MODES: Mode[] = [
  { name: 'open', access: {}, creds: async () => ({ none: {} }), readsLocked: false, writesLocked: false },
  { name: '--token', access: { token: 'T' }, creds: async () => ({ none: {}, write: bearer('T') }), readsLocked: true, writesLocked: true },
  { name: '--write-token', access: { writeToken: 'W' }, creds: async () => ({ none: {}, write: bearer('W') }), readsLocked: false, writesLocked: true },
  {
    name: '--token and --write-token',
    access: { token: 'R', writeToken: 'W' },
    creds: async () => ({ none: {}, read: bearer('R'), write: bearer('W') }),
    readsLocked: true,
    writesLocked: true,
  },
  {
    name: '--enable-login',
    access: { login: LOGIN },
    creds: async (app) => ({ none: {}, write: { cookie: await loginCookie(app) } }),
    readsLocked: true,
    writesLocked: true,
    login: true,
  },
];

async function loginCookie(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/', payload: { username: LOGIN.username, password: sha256hex(LOGIN.password) } });
  expect(res.statusCode).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

function allowed(mode: Mode, access: RouteAccess, cred: Cred): boolean {
  if (access === 'public') return true;
  if (access === 'page' && mode.login) return true;
  if (access === 'write') return !mode.writesLocked || cred === 'write';
  return !mode.readsLocked || cred !== 'none';
}

/** A URL for a route pattern, with its parameters filled. */
function fill(pattern: string): string {
  return pattern.replace(':env', 'main').replace(':win', 'loss').replace(':file', 'index.js').replace('*', 'main');
}

const hex = (c: string, upper: boolean) => {
  const h = c.charCodeAt(0).toString(16);
  return `%${upper ? h.toUpperCase() : h}`;
};

/** The path as written, then with letters of its fixed segments percent-encoded (which the router decodes). */
function variants(pattern: string): string[] {
  const segments = pattern.split('/');
  const fixed = segments.map((s, i) => (s !== '' && !s.startsWith(':') && s !== '*' ? i : -1)).filter((i) => i >= 0);
  const out = new Set([fill(pattern)]);
  const encode = (pick: (seg: string, i: number) => string) =>
    out.add(fill(segments.map((s, i) => (fixed.includes(i) ? pick(s, i) : s)).join('/')));
  if (fixed.length > 0) {
    const first = fixed[0]!;
    const letterAt = (n: number) => (s: string, i: number) => (i === first ? s.replace(new RegExp(`(?<=^.{${n}})[a-z]`), (c) => hex(c, false)) : s);
    encode(letterAt(0));
    encode(letterAt(1));
    encode((s) => s.replace(/[a-z]/g, (c) => hex(c, true)));
  }
  return [...out];
}

/** Whether the access hook turned the request away (as opposed to the route answering, whatever it answered). */
function refused(mode: Mode, method: string, res: { statusCode: number; body: string }): boolean {
  if (res.statusCode === 401 || res.statusCode === 403) return true;
  // Visdom's own refusal in login mode: 400 with an empty body (a route's own 400s carry a coded body).
  return mode.login === true && res.statusCode === 400 && (res.body === '' || method === 'HEAD');
}

function requestFor(method: string, url: string, headers: Record<string, string>): InjectOptions {
  const login = method === 'POST' && (url === '/' || url === '');
  const payload = method === 'GET' || method === 'HEAD' ? undefined : login ? { username: LOGIN.username, password: sha256hex(LOGIN.password) } : {};
  return { method: method as InjectOptions['method'], url, headers, payload };
}

describe('access to every route', () => {
  it('declares less than the method default only for the pages, the login POST and the Visdom POSTs that only read', async () => {
    const app = await buildTestApp({ login: LOGIN });
    await app.ready();
    const methodDefault = (m: string): RouteAccess => (m === 'GET' || m === 'HEAD' ? 'read' : 'write');
    const lowered = Object.fromEntries(app.accessTable.filter((r) => r.access !== methodDefault(r.method)).map((r) => [`${r.method} ${r.url}`, r.access]));
    expect(lowered).toEqual(DECLARED);
    expect(app.accessTable.length).toBeGreaterThan(30);
  });

  for (const mode of MODES) {
    it(`under ${mode.name} answers each route, as written, percent-encoded and with HEAD, only with the credential it needs`, async () => {
      const app = await buildTestApp(mode.access);
      await app.ready();
      const creds = await mode.creds(app);
      const wrong: string[] = [];
      let checked = 0;
      for (const route of app.accessTable) {
        for (const url of variants(route.url)) {
          for (const [cred, headers] of Object.entries(creds) as [Cred, Record<string, string>][]) {
            const res = await app.inject(requestFor(route.method, url, headers));
            const expected = allowed(mode, route.access, cred);
            if (refused(mode, route.method, res) === expected) {
              wrong.push(`${route.method} ${url} (${route.access}) with ${cred}: ${res.statusCode} ${res.body.slice(0, 80)}`);
            }
            checked++;
          }
        }
      }
      expect(wrong).toEqual([]);
      expect(checked).toBeGreaterThan(100);
    });
  }

  it('refuses requests that match no route in every locked mode, however the path is written', async () => {
    for (const mode of MODES.filter((m) => m.readsLocked)) {
      const app = await buildTestApp(mode.access);
      for (const url of ['/nope', '//api/envs', '/api/envs/', '/%2e%2e/api/envs', '/api%2fenvs']) {
        for (const method of ['GET', 'HEAD', 'POST', 'DELETE'] as const) {
          const res = await app.inject({ method, url });
          expect(res.statusCode, `${mode.name} ${method} ${url}`).toBe(401);
        }
      }
    }
  });

  it('in login mode keeps env data behind the login however the path is encoded (issue 12 item 1)', async () => {
    const app = await buildTestApp({ login: LOGIN });
    const cookie = await loginCookie(app);
    const line = { win: 'loss', X: [1, 2], Y: [0.5, 0.4] };
    expect((await app.inject({ method: 'POST', url: '/api/env/secret/line', headers: { cookie }, payload: line })).statusCode).toBe(200);
    for (const path of ['/api', '/%61pi', '/a%70i', '/ap%69', '/%61%70%69']) {
      for (const method of ['GET', 'HEAD'] as const) {
        const url = `${path}/env/secret/win/loss/data?format=csv`;
        const res = await app.inject({ method, url });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.body).not.toContain('0.4');
        expect((await app.inject({ method, url, headers: { cookie } })).statusCode, `${method} ${url} with the cookie`).toBe(200);
      }
    }
    const data = await app.inject({ url: '/%61pi/env/secret/win/loss/data?format=csv', headers: { cookie } });
    expect(data.body).toContain('0.4');
  });
});
