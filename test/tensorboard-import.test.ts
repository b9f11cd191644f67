/** `npm run import -- --tensorboard DIR`: the real CLI on real event files; a second run adds nothing. */
import { execFile } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../server/store/db.js';
import { SqliteStore } from '../server/store/sqlite-store.js';
import { tempDir } from './helpers.js';

const run = promisify(execFile);

describe('npm run import -- --tensorboard', () => {
  it('imports a logdir with a progress bar, and importing it again adds no duplicates', async () => {
    const logdir = join(tempDir(), 'runs');
    cpSync('test/fixtures/tensorboard', logdir, { recursive: true });
    const db = join(tempDir(), 'x.db');
    const args = ['--import', 'tsx', 'server/import.ts', '--db', db, '--tensorboard', logdir];
    const first = await run(process.execPath, args);
    expect(first.stdout).toContain(`${logdir}: 563 records, 560 values from 3 event files (3 envs in the database)`);
    expect(first.stderr).toMatch(/\[#+\] 100%/);
    const second = await run(process.execPath, args);
    expect(second.stdout).toContain(`${logdir}: 0 records, 0 values from 3 event files`);
    const store = new SqliteStore(openDb(db));
    try {
      expect(store.listEnvs().map((e) => [e.id, e.points])).toEqual([
        ['pytorch-simple/run_1', 100],
        ['pytorch-simple/run_2', 360],
        ['tf2-tensor', 100],
      ]);
    } finally {
      closeDb(store.db);
    }
    await expect(run(process.execPath, ['--import', 'tsx', 'server/import.ts', '--db', db, '--tensorboard', join(logdir, 'missing')])).rejects.toMatchObject({
      stderr: expect.stringContaining('no such file or directory'),
    });
  }, 180_000);
});
