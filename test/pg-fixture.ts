/**
 * Postgres for tests of several servers: a database of its own per test on the
 * RUNBOARD_TEST_PG cluster (dropped afterwards), and, for the restart drill, a whole
 * throwaway cluster initdb'd into a temp dir on a loopback port (as the `postgres`
 * user when run as root, as .ci/run does).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { PG_URL } from './cluster-helpers.js';

export const PG_BIN = process.env.RUNBOARD_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A fresh database on the test cluster; its URL. Dropped when the test finishes. */
export async function freshDatabase(base = PG_URL!): Promise<string> {
  const name = `rb_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  onTestFinished(async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await c.end();
  });
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs a Postgres binary, as the postgres user when this process is root. */
function runPg(bin: string, args: string[]): void {
  const cmd = join(PG_BIN, bin);
  if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' });
  else execFileSync(cmd, args, { stdio: 'pipe' });
}

/** A loopback port free at the time of asking. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface OwnPostgres {
  url: string;
  stop(): void;
  start(): void;
}

/** Whether this machine can run a throwaway cluster (the binaries, and a postgres user when root). */
export function canRunOwnPostgres(): boolean {
  if (!existsSync(join(PG_BIN, 'initdb'))) return false;
  return process.getuid?.() !== 0 || spawnSync('id', ['postgres']).status === 0;
}

/** A Postgres cluster of this test's own; stopped and removed when the test finishes. */
export async function ownPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'runboard-pg-'));
  chmodSync(dir, 0o700);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  const data = join(dir, 'data');
  runPg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => runPg('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = () => runPg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  onTestFinished(() => {
    try {
      stop();
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, start, stop };
}
