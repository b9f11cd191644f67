/**
 * One server per database file. The server holds an exclusive SQLite lock on a small
 * companion file (`<db>.lock`) for as long as it runs: the operating system drops that
 * lock when the process ends, however it ends (SIGKILL included), so a crashed server
 * never leaves a stale lock behind and no pid has to be trusted. Beside it,
 * `<db>.lock.json` says who holds it (pid, address), for the refusal message.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class DbInUseError extends Error {}

export interface DbLock {
  /** Records the address this server listens on, for a second server's refusal message. */
  serving(address: string): void;
  release(): void;
}

interface Holder {
  pid: number;
  address: string | null;
  since: number;
}

/** Takes the lock on `dbPath` or throws DbInUseError naming the file and the server that holds it. */
export function lockDatabase(dbPath: string): DbLock {
  mkdirSync(dirname(dbPath), { recursive: true });
  const lockPath = `${dbPath}.lock`;
  const infoPath = `${lockPath}.json`;
  const lock = new Database(lockPath, { timeout: 0 });
  try {
    // In exclusive locking mode the first write's lock is kept until the connection closes.
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (since INTEGER); DELETE FROM held; INSERT INTO held VALUES (0); COMMIT');
  } catch (e) {
    lock.close();
    if (!(e instanceof Database.SqliteError && e.code.startsWith('SQLITE_BUSY'))) throw e;
    throw new DbInUseError(
      `database ${dbPath} is already served by another runboard (${describe(infoPath)}); ` +
        'open that one, stop it first, or start this one with another --db',
    );
  }
  const write = (address: string | null) => writeFileSync(infoPath, JSON.stringify({ pid: process.pid, address, since: Date.now() } satisfies Holder));
  write(null);
  return {
    serving: (address) => write(address),
    release() {
      if (!lock.open) return;
      rmSync(infoPath, { force: true });
      lock.close();
    },
  };
}

function describe(infoPath: string): string {
  try {
    const h = JSON.parse(readFileSync(infoPath, 'utf8')) as Holder;
    return `pid ${h.pid}${h.address ? ` at ${h.address}` : ', starting'}`;
  } catch {
    return 'its pid and address are unknown';
  }
}
