/** Command-line flags and environment variables → a typed Config. */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { isPostgresUrl } from './store/store.js';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './connections.js';
import { DEFAULT_MAX_POINTS } from './limits.js';
import { DEFAULT_CHECKPOINT_MS, DEFAULT_WAL_LIMIT } from './store/checkpointer.js';

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
  /** Check the database file (SQLite quick_check) before serving, and refuse to start if it is damaged. */
  check: boolean;
  /** On Postgres: the LISTEN/NOTIFY channel the servers of one cluster share (RUNBOARD_HINT_CHANNEL, default runboard_hint). */
  hintChannel?: string;
  /** A TensorBoard logdir to follow: each run directory is an env (--logdir, RUNBOARD_LOGDIR). */
  logdir?: string;
  /** How often the logdir is checked for changes its directory watches missed (ms). */
  logdirPollMs: number;
  /** Watch the logdir's directories with fs.watch; false: poll only (--logdir-poll-only). */
  logdirWatch: boolean;
  /** WAL checkpoints, run by a worker thread off the event loop (see server/store/checkpointer.ts). */
  checkpoint: { intervalMs: number; walLimit: number };
}

export interface AccessConfig {
  /** Grants everything (RUNBOARD_TOKEN, --token). */
  token?: string;
  /** Grants writes; reads stay open unless `token` or `login` is set too (RUNBOARD_WRITE_TOKEN, --write-token). */
  writeToken?: string;
  /** Visdom's login mode (--enable-login): the client POSTs its sha256-hashed password to `/` and gets a cookie. */
  login?: { username: string; password: string };
  /** Host names served besides the loopback ones when bound to loopback: a reverse proxy's public name (RUNBOARD_ALLOW_HOSTS, --allow-host). */
  allowHosts?: string[];
  /** Seconds a session cookie lasts (--session-days, RUNBOARD_SESSION_DAYS; default 7 days). */
  sessionMaxAge?: number;
  /**
   * Addresses of the reverse proxy whose X-Forwarded-For and X-Forwarded-Proto are believed
   * (--trust-proxy, RUNBOARD_TRUST_PROXY): `loopback`, IPs or CIDRs, comma-separated.
   * Then login attempts are counted per real client and cookies get `Secure` over https.
   */
  trustProxy?: string;
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
  check: false,
  logdirPollMs: 1000,
  logdirWatch: true,
  checkpoint: { intervalMs: DEFAULT_CHECKPOINT_MS, walLimit: DEFAULT_WAL_LIMIT },
};

export const USAGE = `usage: npm start -- [options]
  --port N          port to listen on (RUNBOARD_PORT, default 8097)
  --host H          address to bind (RUNBOARD_HOST, default 127.0.0.1)
  --db FILE|URL     SQLite file, or a postgres://user@host:port/db URL to use Postgres
                    (RUNBOARD_DB, default ./data/runboard.db)
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
  --logdir DIR      follow a TensorBoard logdir: every directory under DIR holding event
                    files is an env (its path relative to DIR), every scalar tag a line
                    window, images, text and histograms panes; new records, files and runs
                    appear by themselves and a restart resumes where it stopped (RUNBOARD_LOGDIR)
  --logdir-poll MS  check the logdir every MS for changes its directory watches missed,
                    e.g. on network filesystems (RUNBOARD_LOGDIR_POLL, default 1000)
  --logdir-poll-only  no fs.watch, polling only (RUNBOARD_LOGDIR_POLL_ONLY=1)
  --checkpoint-ms N  a worker thread checkpoints the WAL every N ms, off the event loop
                    (RUNBOARD_CHECKPOINT_MS, default 200)
  --wal-limit-mb N  when the WAL grows past N MB the worker forces a RESTART checkpoint
                    (RUNBOARD_WAL_LIMIT_MB, default 64)
  --check           check the database file first (SQLite quick_check) and refuse to start
                    if it is damaged (RUNBOARD_CHECK=1); one server per file is enforced
                    always: a second one on the same --db refuses to start, naming the first
  Access (see README, "Exposing it safely"). With no credential everything is open to
  whoever can reach the server. A credential is sent as Authorization: Bearer <t>, as
  ?token=<t>, or as the session cookie set by opening /?token=<t> or by a login.
  --token T         alone: T is needed to read and to write (RUNBOARD_TOKEN);
                    with --write-token: T reads only
  --write-token T   T is needed to write (and also reads); reads are open unless --token
                    or --enable-login is set too (RUNBOARD_WRITE_TOKEN)
  --allow-host H,..  when bound to loopback only loopback Host names are served (DNS
                    rebinding gets 403) in every mode; also serve these names, e.g. a
                    reverse proxy's public name (RUNBOARD_ALLOW_HOSTS)
  --enable-login    Visdom login mode; credentials from RUNBOARD_USERNAME/RUNBOARD_PASSWORD
                    or VISDOM_USERNAME/VISDOM_PASSWORD; a login reads and writes; the
                    dashboard page loads without it. Failed logins from one address wait
                    1 s, 2 s, 4 s... (up to 15 min) after the third
  --session-days N  session cookies expire after N days (RUNBOARD_SESSION_DAYS, default 7);
                    each login or ?token= visit gets a new one; signed with
                    RUNBOARD_COOKIE_SECRET (random per start when unset: a restart logs out)
  --trust-proxy A   believe X-Forwarded-For/-Proto from these proxy addresses (loopback,
                    IPs or CIDRs; RUNBOARD_TRUST_PROXY): per-client login limits, and
                    Secure cookies when the proxy says https
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
      check: { type: 'boolean' },
      logdir: { type: 'string' },
      'logdir-poll': { type: 'string' },
      'logdir-poll-only': { type: 'boolean' },
      'checkpoint-ms': { type: 'string' },
      'wal-limit-mb': { type: 'string' },
      token: { type: 'string' },
      'write-token': { type: 'string' },
      'enable-login': { type: 'boolean' },
      'allow-host': { type: 'string' },
      'session-days': { type: 'string' },
      'trust-proxy': { type: 'string' },
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
    dbPath: dbOption(values.db ?? env.RUNBOARD_DB ?? DEFAULTS.dbPath),
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
    hintChannel: nonEmpty(env.RUNBOARD_HINT_CHANNEL),
    loopbackHosts: isLoopback(host),
    check: values.check ?? env.RUNBOARD_CHECK === '1',
    logdir: logdirOption(values.logdir ?? env.RUNBOARD_LOGDIR),
    logdirPollMs: logdirPoll(values['logdir-poll'] ?? env.RUNBOARD_LOGDIR_POLL),
    logdirWatch: !(values['logdir-poll-only'] ?? env.RUNBOARD_LOGDIR_POLL_ONLY === '1'),
    checkpoint: {
      intervalMs: Math.max(1, intOption('--checkpoint-ms', values['checkpoint-ms'] ?? env.RUNBOARD_CHECKPOINT_MS, DEFAULT_CHECKPOINT_MS)),
      walLimit: intOption('--wal-limit-mb', values['wal-limit-mb'] ?? env.RUNBOARD_WAL_LIMIT_MB, DEFAULT_WAL_LIMIT / 2 ** 20) * 2 ** 20,
    },
  };
}

function accessConfig(
  values: { token?: string; 'write-token'?: string; 'enable-login'?: boolean; 'allow-host'?: string; 'session-days'?: string; 'trust-proxy'?: string },
  env: NodeJS.ProcessEnv,
): AccessConfig {
  const allowHosts = (values['allow-host'] ?? env.RUNBOARD_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim()).filter((h) => h !== '');
  const access: AccessConfig = {
    allowHosts,
    sessionMaxAge: sessionDays(values['session-days'] ?? env.RUNBOARD_SESSION_DAYS) * 24 * 3600,
    trustProxy: nonEmpty(values['trust-proxy'] ?? env.RUNBOARD_TRUST_PROXY),
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

function sessionDays(raw: string | undefined): number {
  const days = intOption('--session-days', raw, 7);
  if (days < 1) throw new UsageError('--session-days must be at least 1');
  return days;
}

function logdirOption(raw: string | undefined): string | undefined {
  return raw === undefined || raw === '' ? undefined : resolve(raw);
}

function logdirPoll(raw: string | undefined): number {
  const ms = intOption('--logdir-poll', raw, DEFAULTS.logdirPollMs);
  if (ms < 50) throw new UsageError('--logdir-poll must be at least 50 (ms)');
  return ms;
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

/** A postgres:// URL as given; a file path made absolute. */
function dbOption(v: string): string {
  return isPostgresUrl(v) ? v : resolve(v);
}
