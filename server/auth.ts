/**
 * Access control, one onRequest hook in front of every route (native, Visdom,
 * sockets, static). Everything is open unless a credential is configured:
 *
 * - `token` alone is needed to read and to write. Beside a `writeToken` it only reads.
 * - `writeToken` is needed to write (and reads too); reads stay open unless `token`
 *   or `login` is set as well.
 * - `login` is Visdom's login mode: the client POSTs its username and sha256-hex
 *   password to the base URL and gets a session cookie that reads and writes.
 * Tokens are sent as `Authorization: Bearer <t>`, as `?token=<t>` (browsers,
 * WebSockets), or as the session cookie a browser gets when it opens a page with
 * `?token=` (see sessions.ts).
 *
 * What a request needs is decided on the route the router matched and the access it
 * declares (`config.access`, see RouteAccess), never on the raw URL, and a request
 * that matches no route needs a credential too.
 *
 * Independently of credentials, a browser page on another origin can neither write
 * (a form or no-cors fetch needs no CORS headers to POST) nor open a socket: requests
 * whose Origin does not match Host (or X-Forwarded-Host, which a cross-origin page
 * cannot send without a preflight) are refused unless they carry a token itself. And
 * when bound to loopback (`loopbackHosts`), only loopback Host names and `allowHosts`
 * are served in every mode, so a page that rebinds its own DNS name to 127.0.0.1 gets
 * nowhere.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessConfig } from './config.js';
import { ForbiddenHostError, ForbiddenOriginError, ReadOnlyError, TooManyLoginsError, UnauthorizedError } from './errors.js';
import { LoginThrottle } from './login-throttle.js';
import { DEFAULT_SESSION_SECONDS, readCookie, SESSION_COOKIE, Sessions, setSessionCookie, VISDOM_LOGIN_COOKIE, type SessionKind } from './sessions.js';

export { SESSION_COOKIE, VISDOM_LOGIN_COOKIE };

export interface AccessOptions extends AccessConfig {
  /** Prefix of the Visdom routes (its `--base-url`); the login form posts to `${baseUrl}/`. */
  baseUrl?: string;
  /** Serve only Host names localhost, 127.x and [::1] and `allowHosts`, in every mode (set when bound to loopback). */
  loopbackHosts?: boolean;
  /** The clock in ms, for session expiry and login backoff (tests pass a fake one). */
  now?: () => number;
}

/**
 * What a request may do: `write` includes reading. The token grants `write` when it is
 * the only token and `read` when a write token is set too; the write token and a login
 * grant `write`. Where a kind of access is not locked, every request has it.
 */
export type Grant = 'none' | 'read' | 'write';
/** Which credential a request carries: the token, the write token, or a Visdom login. */
type Kind = SessionKind;

/**
 * What a route needs, declared with the route as `config: { access }`:
 * - `public`: nothing (the login POST);
 * - `page`: the dashboard's HTML and bundle, which hold no data: public in login mode
 *   so that the page can load before a login, otherwise a read;
 * - `read`: the read credential (the default for GET and HEAD; set it on POSTs that only read);
 * - `write`: the write credential (the default for every other method).
 * A request that matches no route gets the default for its method.
 */
export type RouteAccess = 'public' | 'page' | 'read' | 'write';
const ROUTE_ACCESS: readonly RouteAccess[] = ['public', 'page', 'read', 'write'];

/** One row of `app.accessTable`: what each registered route needs. */
export interface RouteAccessEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** What this request's credential (or the open mode) allows; set by the access hook. */
    grant: Grant;
  }
  interface FastifyInstance {
    /** Every registered route and what it needs, in registration order (for tests and audits). */
    accessTable: readonly RouteAccessEntry[];
    /** How to get the read and the write credential in this mode, for refusal messages. */
    accessHints: Hints;
  }
}

/** Registers the access hook and, in login mode, the login route. Register before every route. */
export async function accessControl(app: FastifyInstance, opts: AccessOptions): Promise<void> {
  const secret = opts.cookieSecret ?? randomBytes(32).toString('hex');
  const token = opts.token === undefined ? null : secretOf(opts.token);
  const writeToken = opts.writeToken === undefined ? null : secretOf(opts.writeToken);
  // The Visdom client sends sha256hex(password), never the password itself.
  const login = opts.login ? { username: secretOf(opts.login.username), hash: secretOf(sha256hex(opts.login.password)) } : null;
  const base = (opts.baseUrl ?? '').replace(/\/+$/, '');
  // The client posts to its base_url as given: with or without the trailing slash.
  const loginPaths = [...new Set([`${base}/`, base || '/'])];
  const readsLocked = token !== null || login !== null;
  const writesLocked = readsLocked || writeToken !== null;
  // Kept in every mode: a credential protects the data, and the Host check also keeps a
  // rebinding page from probing the login or reading what is public.
  const hostCheck = opts.loopbackHosts === true;
  const allowHosts = new Set((opts.allowHosts ?? []).map((h) => h.toLowerCase()));
  // With a write token beside it, the token only reads.
  const tokenGrants: Grant = writeToken !== null ? 'read' : 'write';
  const grantOf = (kind: Kind | null): Grant => (kind === null ? 'none' : kind === 't' ? tokenGrants : 'write');
  const now = opts.now ?? Date.now;
  const sessions = new Sessions(
    secret,
    { t: opts.token, w: opts.writeToken, l: opts.login && `${opts.login.username}:${sha256hex(opts.login.password)}` },
    opts.sessionMaxAge ?? DEFAULT_SESSION_SECONDS,
    now,
  );
  const throttle = new LoginThrottle(now);

  /** Which token was sent with the request (header or query), if any. */
  const tokenKind = (sent: string | null): Kind | null => {
    if (sent === null) return null;
    const s = secretOf(sent);
    if (token && safeEqual(s, token)) return 't';
    if (writeToken && safeEqual(s, writeToken)) return 'w';
    return null;
  };
  const cookieKind = (req: FastifyRequest): Kind | null => {
    for (const name of [SESSION_COOKIE, VISDOM_LOGIN_COOKIE]) {
      const sent = readCookie(req.headers.cookie, name);
      const kind = sent === null ? null : sessions.verify(sent);
      if (kind !== null) return kind;
    }
    return null;
  };

  // Access is decided on the route the router matched (its pattern and config), never on
  // the raw URL: `/%61pi/...` is matched as `/api/...`, and so it is checked as `/api/...`.
  const table: RouteAccessEntry[] = [];
  app.decorate('accessTable', table);
  app.decorateRequest('grant', 'none');
  const send = 'send Authorization: Bearer <token> or add ?token=<token>';
  const loginHint = `log in as the Visdom client does (POST {username, password: sha256 hex} to ${base || '/'})`;
  const hints: Hints = {
    read: login !== null ? `a login: ${loginHint}, or the token: ${send}` : `the token: ${send}, or open /?token=<token> once in the browser`,
    write:
      writeToken !== null ? `the write token (--write-token): ${send.replaceAll('<token>', '<write token>')}`
      : login !== null ? `a login: ${loginHint}, or the token: ${send}`
      : `the token: ${send}`,
  };
  app.decorate('accessHints', hints);
  app.addHook('onRoute', (route) => {
    const declared = route.config?.access;
    if (declared !== undefined && !ROUTE_ACCESS.includes(declared)) {
      throw new Error(`route ${String(route.method)} ${route.url}: config.access must be one of ${ROUTE_ACCESS.join(', ')}, not ${String(declared)}`);
    }
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access: routeAccess(declared, method) });
  });

  app.addHook('onRequest', async (req, reply) => {
    const route = req.routeOptions.url;
    const fromQuery = queryToken(req);
    const sentToken = bearer(req.headers.authorization) ?? fromQuery;
    const byToken = tokenKind(sentToken);
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    const isUpgrade = req.headers.upgrade !== undefined;

    if (hostCheck && !isLoopbackHost(req.headers.host) && !allowHosts.has(hostName(req.headers.host))) throw new ForbiddenHostError(String(req.headers.host).slice(0, 100));
    const origin = req.headers.origin;
    const forwarded = req.headers['x-forwarded-host'];
    const hosts = [req.headers.host, ...(typeof forwarded === 'string' ? forwarded.split(',').map((h) => h.trim()) : [])];
    if ((!isRead || isUpgrade) && origin !== undefined && !hosts.some((h) => sameOrigin(origin, h)) && byToken === null) {
      throw new ForbiddenOriginError(origin);
    }

    // An unmatched request (a 404) has no route: it gets the default for its method, never less.
    const access = routeAccess(route === undefined ? undefined : req.routeOptions.config.access, req.method);
    const needs: Grant = access === 'public' || (access === 'page' && login !== null) ? 'none' : access === 'write' ? 'write' : 'read';
    const sent = grantOf(byToken ?? cookieKind(req));
    // Routes that do more than their access says (a trainer event, /win_data's set) check req.grant again.
    req.grant = !writesLocked ? 'write' : !readsLocked && sent === 'none' ? 'read' : sent;
    credentials.set(req, sent);
    if (RANK[req.grant] >= RANK[needs]) {
      if (fromQuery !== null && byToken !== null && access === 'page' && !isUpgrade) {
        // A browser opened a page with ?token=: remember it so the page's own requests pass.
        setSessionCookie(req, reply, sessions.issue(byToken), sessions.maxAgeSeconds);
      }
      return;
    }
    if (login !== null && req.grant === 'none' && route !== undefined && isVisdomRoute(route)) {
      // Visdom's own API answers 400 with an empty body when the login cookie is missing.
      return reply.code(400).send('');
    }
    throw refusal(sent, needs === 'write' ? 'writing' : 'reading', hints);
  });

  if (login) {
    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      const wait = throttle.wait(req.ip);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        reply.header('retry-after', String(seconds));
        throw new TooManyLoginsError(seconds);
      }
      const body = req.body as { username?: unknown; password?: unknown } | undefined;
      const ok =
        typeof body?.username === 'string' &&
        typeof body.password === 'string' &&
        safeEqual(secretOf(body.username), login.username) &&
        safeEqual(secretOf(body.password), login.hash);
      // As Visdom: 400 with an empty body on bad credentials, an empty 200 with the cookie on success.
      if (!ok) {
        throttle.failed(req.ip);
        return reply.code(400).send('');
      }
      throttle.succeeded(req.ip);
      // A new session at every login: a cookie planted or seen before the login is not the one that works after it.
      setSessionCookie(req, reply, sessions.issue('l'), sessions.maxAgeSeconds, VISDOM_LOGIN_COOKIE);
      return reply.code(200).send('');
    };
    for (const p of loginPaths) app.post(p, { config: { access: 'public' } }, handler);
  }
}
// Like fastify-plugin: the hook applies to every route, not only to this plugin's own.
(accessControl as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

const RANK: Record<Grant, number> = { none: 0, read: 1, write: 2 };
/** What the credential sent with each request grants (req.grant also counts what is open to all). */
const credentials = new WeakMap<FastifyRequest, Grant>();

/** How to get each credential, for refusal messages. */
interface Hints {
  read: string;
  write: string;
}

/** The error for a request whose credential (`sent`) does not allow `what`: 401 without one, 403 with a read-only one. */
function refusal(sent: Grant, what: string, hints: Hints): Error {
  if (sent === 'read') return new ReadOnlyError(what, hints.write);
  return new UnauthorizedError(`${what} needs ${what === 'reading' ? hints.read : hints.write}`);
}

/**
 * Throws unless the request may write. For routes that take a read but can do more:
 * sending an event to trainers, or /win_data with data to set.
 */
export function requireWrite(req: FastifyRequest, what: string): void {
  if (req.grant !== 'write') throw refusal(credentials.get(req) ?? 'none', what, req.server.accessHints);
}

/** Routes of Visdom's API (not the native API, not the polling endpoint whose client expects JSON). */
function isVisdomRoute(route: string): boolean {
  return !route.startsWith('/api/') && !route.endsWith('_wrap');
}

/** What a route needs when its config does not say: reads need the read credential, anything else the write one. */
function routeAccess(declared: RouteAccess | undefined, method: string): RouteAccess {
  return declared ?? (method === 'GET' || method === 'HEAD' ? 'read' : 'write');
}

/** Hash of a secret, so comparisons take the same time whatever the lengths. */
function secretOf(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return timingSafeEqual(a, b);
}

function sha256hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

function bearer(header: string | undefined): string | null {
  const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

/** Takes `token` out of the query so route schemas never see it. */
function queryToken(req: FastifyRequest): string | null {
  const q = req.query as Record<string, unknown> | undefined;
  if (!q || !('token' in q)) return null;
  const t = q.token;
  delete q.token;
  return typeof t === 'string' ? t : null;
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/** The Host header's name, lower-case, without the port. */
function hostName(host: string | undefined): string {
  return (host ?? '').toLowerCase().replace(/:\d+$/, '');
}

function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = hostName(host);
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(name);
}
