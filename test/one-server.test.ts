/**
 * Real server processes on one SQLite file: a second server refuses to start, naming the
 * file and the first server; a SIGKILLed server leaves no lock behind; `--check` refuses a
 * file whose pages were overwritten.
 */
import { openSync, readSync, statSync, writeSync, closeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { spawnServer, type ServerProcess } from './crash-harness.js';
import { post, startServer, tempDir } from './helpers.js';

function stopAtEnd(srv: ServerProcess): ServerProcess {
  onTestFinished(async () => {
    if (srv.child.exitCode === null && srv.child.signalCode === null) {
      srv.child.kill('SIGTERM');
      await srv.exited;
    }
  });
  return srv;
}

describe('one server per database file', () => {
  it('refuses a second server on the same file, naming the file and the first server; a SIGKILLed one does not block', async () => {
    const db = join(tempDir(), 'shared.db');
    const first = stopAtEnd(await spawnServer(db));
    const second = spawnServer(db);
    second.then(stopAtEnd, () => {});
    const refusal = await second.then(
      () => 'started',
      (e: Error) => e.message,
    );
    expect(refusal).toMatch(/server exited \(1\) before serving/);
    expect(refusal).toContain(`database ${db} is already served by another runboard (pid ${first.child.pid} at ${first.url})`);
    // The first one is unharmed.
    expect((await post(`${first.url}/api/env/main/line`, { win: 'loss', Y: [1] })).status).toBe(200);

    first.child.kill('SIGKILL');
    await first.exited;
    const third = stopAtEnd(await spawnServer(db));
    expect((await post(`${third.url}/api/env/main/line`, { win: 'loss', Y: [2], update: 'append' })).status).toBe(200);
  }, 60_000);
});

describe('--check', () => {
  it('refuses to start on a file whose pages were overwritten, saying what to do; starts on a sound one', async () => {
    const db = join(tempDir(), 'checked.db');
    const srv = await startServer({}, db);
    expect((await post(`${srv.url}/api/env/main/line`, { win: 'loss', Y: Array.from({ length: 200_000 }, (_, i) => Math.sin(i)) })).status).toBe(200);
    await srv.close();

    const sound = stopAtEnd(await spawnServer(db, ['--check']));
    sound.child.kill('SIGTERM');
    await sound.exited;

    // Overwrite random pages past the first (the header and schema stay readable).
    const pageSize = (() => {
      const fd = openSync(db, 'r');
      const head = Buffer.alloc(18);
      readSync(fd, head, 0, 18, 0);
      closeSync(fd);
      return head.readUInt16BE(16);
    })();
    const pages = statSync(db).size / pageSize;
    expect(pages).toBeGreaterThan(20);
    const fd = openSync(db, 'r+');
    for (let i = 0; i < 2; i++) writeSync(fd, randomBytes(pageSize), 0, pageSize, (2 + Math.floor(Math.random() * (pages - 2))) * pageSize);
    closeSync(fd);

    const refusal = await spawnServer(db, ['--check']).then(
      (s) => (stopAtEnd(s), 'started'),
      (e: Error) => e.message,
    );
    expect(refusal).toMatch(/server exited \(1\) before serving/);
    expect(refusal).toMatch(new RegExp(`database ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?: failed its integrity check \\(SQLite quick_check\\)|: The database file is damaged)`));
    // Random pages may hit what opening reads (refused then, with or without --check) or only what the check reads.
    expect(refusal).toMatch(/restore (it|the file) from a backup .*\.recover/);
  }, 60_000);
});
