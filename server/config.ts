/** Command-line flags and environment variables → a typed Config. */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './connections.js';
import { DEFAULT_MAX_POINTS } from './limits.js';

export interface Config {
  host: string;
  port: number;
  dbPath: string;
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
  /** Most points one request may carry; more get 413 (send them in several requests). */
  maxPoints: number;
  /** 'normal': acknowledged points survive a process crash; 'full': also a power loss (slower). */
  sync: 'normal' | 'full';
  /** How long the hub gathers messages before sending a frame. */
  coalesceMs: number;
  /** Prefix of the Visdom-compatible routes: '' or '/path' (Visdom's -base_url). */
  baseUrl: string;
  /** Most concurrent live sockets; more are closed with 1013 (try again later). */
  maxSockets: number;
  /** Connection caps and timeouts against floods of idle connections. */
  connections: ConnectionLimits;
  /** Who may read and write; everything is open when no credential is configured. */
  access: AccessConfig;
  /**
   * Serve only loopback Host names while reads are open (on by default when bound to
   * loopback): a web page that rebinds its DNS name to 127.0.0.1 gets 403.
   */
  loopbackHosts: boolean;
}

export interface AccessConfig {
  /** Grants everything (RUNBOARD_TOKEN, --token). */
  token?: string;
  /** Grants writes; reads stay open unless `token` or `login` is set too (RUNBOARD_WRITE_TOKEN, --write-token). */
  writeToken?: string;
  /** Visdom's login mode (--enable-login): the client POSTs its sha256-hashed password to `/` and gets a cookie. */
  login?: { username: string; password: string };
  /** Signs session cookies; random per start when unset, so a restart logs everyone out (RUNBOARD_COOKIE_SECRET). */
  cookieSecret?: string;
}

export const DEFAULTS: Config = {
  host: '127.0.0.1',
  port: 8097,
  dbPath: resolve('data', 'runboard.db'),
  bodyLimit: 256 * 1024 * 1024,
  maxPoints: DEFAULT_MAX_POINTS,
  sync: 'normal',
  coalesceMs: 2,
  baseUrl: '',
  maxSockets: 1000,
  connections: DEFAULT_CONNECTION_LIMITS,
  access: {},
  loopbackHosts: false,
};

export const USAGE = `usage: npm start -- [options]
  --port N          port to listen on (RUNBOARD_PORT, default 8097)
  --host H          address to bind (RUNBOARD_HOST, default 127.0.0.1)
  --db FILE         SQLite file (RUNBOARD_DB, default ./data/runboard.db)
  --body-limit N    largest request body in bytes (RUNBOARD_BODY_LIMIT, default 268435456)
  --max-points N    most points in one request (values of Y and other arrays, not X); more get 413
                    and should be sent in several requests (RUNBOARD_MAX_POINTS, default 1000000)
  --sync MODE       normal | full (RUNBOARD_SYNC, default normal)
  --base-url PATH   prefix of the Visdom routes, as visdom.server's -base_url (RUNBOARD_BASE_URL, default none)
  --max-sockets N   most concurrent live sockets (RUNBOARD_MAX_SOCKETS, default 1000)
  --max-connections N             most open connections in all; more are closed on accept
                                  (RUNBOARD_MAX_CONNECTIONS, default 4096)
  --max-connections-per-client N  most open connections from one address
                                  (RUNBOARD_MAX_CONNECTIONS_PER_CLIENT, default 512)
  --headers-timeout MS  a request's headers must arrive within MS (RUNBOARD_HEADERS_TIMEOUT, default 10000)
  --idle-timeout MS     close connections idle for MS; live sockets exempt (RUNBOARD_IDLE_TIMEOUT, default 60000)
  --token T         require this token for everything (RUNBOARD_TOKEN)
  --write-token T   require this token for writes; reads stay open (RUNBOARD_WRITE_TOKEN)
  --enable-login    Visdom login mode; credentials from RUNBOARD_USERNAME/RUNBOARD_PASSWORD
                    or VISDOM_USERNAME/VISDOM_PASSWORD; cookie secret RUNBOARD_COOKIE_SECRET
  --help            this text`;

export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'body-limit': { type: 'string' },
      'max-points': { type: 'string' },
      sync: { type: 'string' },
      'base-url': { type: 'string' },
      'max-sockets': { type: 'string' },
      'max-connections': { type: 'string' },
      'max-connections-per-client': { type: 'string' },
      'headers-timeout': { type: 'string' },
      'idle-timeout': { type: 'string' },
      token: { type: 'string' },
      'write-token': { type: 'string' },
      'enable-login': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new UsageError('');
  const port = intOption('--port', values.port ?? env.RUNBOARD_PORT, DEFAULTS.port);
  if (port > 65535) throw new UsageError('--port must be between 0 and 65535');
  const sync = values.sync ?? env.RUNBOARD_SYNC ?? DEFAULTS.sync;
  if (sync !== 'normal' && sync !== 'full') throw new UsageError('--sync must be normal or full');
  const host = values.host ?? env.RUNBOARD_HOST ?? DEFAULTS.host;
  return {
    host,
    port,
    dbPath: resolve(values.db ?? env.RUNBOARD_DB ?? DEFAULTS.dbPath),
    bodyLimit: intOption('--body-limit', values['body-limit'] ?? env.RUNBOARD_BODY_LIMIT, DEFAULTS.bodyLimit),
    maxPoints: intOption('--max-points', values['max-points'] ?? env.RUNBOARD_MAX_POINTS, DEFAULTS.maxPoints),
    sync,
    coalesceMs: DEFAULTS.coalesceMs,
    baseUrl: baseUrlOption(values['base-url'] ?? env.RUNBOARD_BASE_URL ?? DEFAULTS.baseUrl),
    maxSockets: intOption('--max-sockets', values['max-sockets'] ?? env.RUNBOARD_MAX_SOCKETS, DEFAULTS.maxSockets),
    connections: {
      maxConnections: intOption('--max-connections', values['max-connections'] ?? env.RUNBOARD_MAX_CONNECTIONS, DEFAULT_CONNECTION_LIMITS.maxConnections),
      maxConnectionsPerClient: intOption(
        '--max-connections-per-client',
        values['max-connections-per-client'] ?? env.RUNBOARD_MAX_CONNECTIONS_PER_CLIENT,
        DEFAULT_CONNECTION_LIMITS.maxConnectionsPerClient,
      ),
      headersTimeoutMs: intOption('--headers-timeout', values['headers-timeout'] ?? env.RUNBOARD_HEADERS_TIMEOUT, DEFAULT_CONNECTION_LIMITS.headersTimeoutMs),
      idleTimeoutMs: intOption('--idle-timeout', values['idle-timeout'] ?? env.RUNBOARD_IDLE_TIMEOUT, DEFAULT_CONNECTION_LIMITS.idleTimeoutMs),
    },
    access: accessConfig(values, env),
    loopbackHosts: isLoopback(host),
  };
}

function accessConfig(values: { token?: string; 'write-token'?: string; 'enable-login'?: boolean }, env: NodeJS.ProcessEnv): AccessConfig {
  const access: AccessConfig = {
    token: nonEmpty(values.token ?? env.RUNBOARD_TOKEN),
    writeToken: nonEmpty(values['write-token'] ?? env.RUNBOARD_WRITE_TOKEN),
    cookieSecret: nonEmpty(env.RUNBOARD_COOKIE_SECRET),
  };
  if (values['enable-login']) {
    const username = nonEmpty(env.RUNBOARD_USERNAME ?? env.VISDOM_USERNAME);
    const password = nonEmpty(env.RUNBOARD_PASSWORD ?? env.VISDOM_PASSWORD);
    if (!username || !password) {
      throw new UsageError('--enable-login needs RUNBOARD_USERNAME and RUNBOARD_PASSWORD (or VISDOM_USERNAME and VISDOM_PASSWORD) in the environment');
    }
    access.login = { username, password };
  }
  return access;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

/** A warning when the server is reachable from other machines with reads or writes open to anyone. */
export function exposureWarning(host: string, access: AccessConfig): string | null {
  if (isLoopback(host) || access.token || access.login) return null;
  const open = access.writeToken ? 'anyone who can reach it can read every env' : 'anyone who can reach it can read, write and delete every env';
  return (
    `runboard: WARNING: listening on ${host} without a token: ${open}. ` +
    'Set RUNBOARD_TOKEN (or --token), or bind to 127.0.0.1 behind a reverse proxy with TLS.'
  );
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export class UsageError extends Error {}

/** '/', '' → ''; 'visdom/' → '/visdom'. */
export function baseUrlOption(raw: string): string {
  const path = `/${raw}`.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  if (!/^(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*$/.test(path)) throw new UsageError(`--base-url must be a URL path like /visdom, got ${JSON.stringify(raw)}`);
  return path;
}

function intOption(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} must be a whole number, got ${JSON.stringify(raw)}`);
  return n;
}
