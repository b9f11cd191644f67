/**
 * Real-process crash trials, shared by test/crash.test.ts and bench/crash.ts: start
 * the server as a child process, have clients append and record what was
 * acknowledged (HTTP 200), kill the server, restart it on the same database and
 * check every acknowledged point is there and the file passes integrity_check.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENV = 'crash';
const BATCH = 10;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Starts `server/main.ts` on a free port and resolves once it prints its URL. */
export function spawnServer(dbPath: string, args: string[] = [], env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--db', dbPath, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUNBOARD_LOG: 'error', ...env },
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /serving (http:\/\/\S+?)\/? /.exec(out);
      if (m) resolve({ url: m[1]!.replace(/\/$/, ''), child, exited, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before serving:\n${out}`)));
  });
}

export interface Ingesters {
  /** Acknowledged x values per window. */
  acked: Map<string, Set<number>>;
  /** Status codes other than 200 (a 5xx here is a failure). */
  statuses: number[];
  /** Requests that ended in a network error (connection reset by the kill). */
  networkErrors: number;
  /** Resolves when every client has stopped (the server went away, or stop() was called). */
  done: Promise<void>;
  stop(): void;
}

/** `clients` loops appending BATCH points per request to their own window, until the server goes away. */
export function startIngest(url: string, clients: number, firstX: number): Ingesters {
  const acked = new Map<string, Set<number>>();
  const statuses: number[] = [];
  let networkErrors = 0;
  let stopped = false;
  const loop = async (k: number) => {
    const win = `c${k}`;
    const set = acked.get(win) ?? new Set<number>();
    acked.set(win, set);
    for (let x = firstX; !stopped; x += BATCH) {
      const X = Array.from({ length: BATCH }, (_, i) => x + i);
      let res: Response;
      try {
        res = await fetch(`${url}/api/env/${ENV}/line`, { method: 'POST', body: JSON.stringify({ win, update: 'append', X, Y: X.map((v) => v / 2) }) });
        await res.arrayBuffer();
      } catch {
        networkErrors++;
        return;
      }
      if (res.status !== 200) {
        statuses.push(res.status);
        return;
      }
      for (const v of X) set.add(v);
    }
  };
  const done = Promise.all(Array.from({ length: clients }, (_, k) => loop(k))).then(() => undefined);
  return { acked, statuses, get networkErrors() { return networkErrors; }, done, stop: () => (stopped = true) };
}

/** Every stored x per window of the crash env, read through the API at full resolution. */
export async function storedPoints(url: string, wins: string[]): Promise<Map<string, Set<number>>> {
  const out = new Map<string, Set<number>>();
  for (const win of wins) {
    const res = await fetch(`${url}/api/env/${ENV}/win/${win}/data?format=json`);
    if (res.status === 404) {
      out.set(win, new Set());
      continue;
    }
    const body = (await res.json()) as { traces: { points: [number, number | null, number][] }[] };
    out.set(win, new Set(body.traces.flatMap((t) => t.points.map((p) => p[0]))));
  }
  return out;
}

export function integrityCheck(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

export interface TrialResult {
  acked: number;
  lost: number;
  statuses: number[];
  integrity: string;
  exit: { code: number | null; signal: NodeJS.Signals | null };
}

/**
 * One trial on `dbPath` (which may hold earlier trials' points): ingest for
 * `killAfterMs`, send `signal`, restart, compare. `firstX` keeps trials' x values apart.
 */
export async function crashTrial(
  dbPath: string,
  opts: {
    killAfterMs: number; signal: NodeJS.Signals; clients?: number; firstX: number; args?: string[];
    /** Other traffic running beside the appends until the kill (an export, closes, imports); its errors are expected. */
    beside?: (url: string) => Promise<unknown>;
  },
): Promise<TrialResult> {
  const srv = await spawnServer(dbPath, opts.args);
  const ingest = startIngest(srv.url, opts.clients ?? 4, opts.firstX);
  const beside = opts.beside?.(srv.url).catch(() => undefined);
  await new Promise((r) => setTimeout(r, opts.killAfterMs));
  srv.child.kill(opts.signal);
  const exit = await srv.exited;
  ingest.stop();
  await ingest.done;
  await beside;

  const again = await spawnServer(dbPath, opts.args);
  let stored: Map<string, Set<number>>;
  try {
    stored = await storedPoints(again.url, [...ingest.acked.keys()]);
  } finally {
    again.child.kill('SIGTERM');
    await again.exited;
  }
  let acked = 0;
  let lost = 0;
  for (const [win, xs] of ingest.acked) {
    const have = stored.get(win)!;
    acked += xs.size;
    for (const x of xs) if (!have.has(x)) lost++;
  }
  return { acked, lost, statuses: ingest.statuses, integrity: integrityCheck(dbPath), exit };
}
