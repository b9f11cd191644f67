/** Command-line flags and environment variables → a typed Config. */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  dbPath: string;
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
  /** 'normal': acknowledged points survive a process crash; 'full': also a power loss (slower). */
  sync: 'normal' | 'full';
  /** How long the hub gathers messages before sending a frame. */
  coalesceMs: number;
  /** Prefix of the Visdom-compatible routes: '' or '/path' (Visdom's -base_url). */
  baseUrl: string;
}

export const DEFAULTS: Config = {
  host: '127.0.0.1',
  port: 8097,
  dbPath: resolve('data', 'runboard.db'),
  bodyLimit: 256 * 1024 * 1024,
  sync: 'normal',
  coalesceMs: 2,
  baseUrl: '',
};

export const USAGE = `usage: npm start -- [options]
  --port N          port to listen on (RUNBOARD_PORT, default 8097)
  --host H          address to bind (RUNBOARD_HOST, default 127.0.0.1)
  --db FILE         SQLite file (RUNBOARD_DB, default ./data/runboard.db)
  --body-limit N    largest request body in bytes (RUNBOARD_BODY_LIMIT, default 268435456)
  --sync MODE       normal | full (RUNBOARD_SYNC, default normal)
  --base-url PATH   prefix of the Visdom routes, as visdom.server's -base_url (RUNBOARD_BASE_URL, default none)
  --help            this text`;

export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'body-limit': { type: 'string' },
      sync: { type: 'string' },
      'base-url': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new UsageError('');
  const port = intOption('--port', values.port ?? env.RUNBOARD_PORT, DEFAULTS.port);
  if (port > 65535) throw new UsageError('--port must be between 0 and 65535');
  const sync = values.sync ?? env.RUNBOARD_SYNC ?? DEFAULTS.sync;
  if (sync !== 'normal' && sync !== 'full') throw new UsageError('--sync must be normal or full');
  return {
    host: values.host ?? env.RUNBOARD_HOST ?? DEFAULTS.host,
    port,
    dbPath: resolve(values.db ?? env.RUNBOARD_DB ?? DEFAULTS.dbPath),
    bodyLimit: intOption('--body-limit', values['body-limit'] ?? env.RUNBOARD_BODY_LIMIT, DEFAULTS.bodyLimit),
    sync,
    coalesceMs: DEFAULTS.coalesceMs,
    baseUrl: baseUrlOption(values['base-url'] ?? env.RUNBOARD_BASE_URL ?? DEFAULTS.baseUrl),
  };
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
