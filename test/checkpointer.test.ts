/** The WAL checkpoint worker: checkpoints happen off the request path, and the WAL stays bounded. */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SqliteStore } from '../server/store/sqlite-store.js';
import { eventually } from './browser.js';
import { post, startServer, tempDir } from './helpers.js';

async function appendMany(url: string, n: number): Promise<void> {
  await post(`${url}/api/env/e/line`, { win: 'w', Y: [0] });
  for (let i = 0; i < n; i++) expect((await post(`${url}/api/env/e/line`, { win: 'w', Y: [i], update: 'append' })).status).toBe(200);
}

describe('WAL checkpoints in a worker', () => {
  it('turns off the writer’s automatic checkpoint and checkpoints (PASSIVE) from the worker', async () => {
    const srv = await startServer({ checkpoint: { intervalMs: 5, walLimit: 64 * 2 ** 20 } });
    expect((srv.store as SqliteStore).db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(srv.dbPath).size;
    await appendMany(srv.url, 400);
    await eventually(() => srv.checkpointer!.stats.passive).toBeGreaterThan(0);
    // Pages reached the main file while the writer's own checkpoint was off.
    await eventually(() => statSync(srv.dbPath).size).toBeGreaterThan(before);
    expect(srv.checkpointer!.stats.restart).toBe(0);
    expect(srv.checkpointer!.stats.lastError).toBeNull();
    expect((await (await srv.restart()).store.traces('e', 'w'))[0]!.n).toBe(401);
  });

  it('forces a RESTART checkpoint when the WAL passes its bound, and the WAL file is cut back', async () => {
    // A bound of 0: every checkpoint is a RESTART.
    const srv = await startServer({ checkpoint: { intervalMs: 5, walLimit: 0 } });
    await appendMany(srv.url, 300);
    await eventually(() => srv.checkpointer!.stats.restart).toBeGreaterThan(0);
    expect(srv.checkpointer!.stats.passive).toBe(0);
    expect(srv.checkpointer!.stats.lastError).toBeNull();
    // The next write after a RESTART starts the WAL over and truncates its file to journal_size_limit.
    await eventually(async () => {
      await post(`${srv.url}/api/env/e/line`, { win: 'w', Y: [1], update: 'append' });
      return statSync(`${srv.dbPath}-wal`).size;
    }).toBeLessThan(64 * 1024);
    expect((await srv.store.traces('e', 'w'))[0]!.n).toBeGreaterThan(301);
  });

  it('does nothing while the WAL is unchanged since a checkpoint that moved all of it, and checkpoints again after a write', async () => {
    const srv = await startServer({ checkpoint: { intervalMs: 5, walLimit: 64 * 2 ** 20 } });
    const c = srv.checkpointer!;
    await appendMany(srv.url, 50);
    // At most one tick was under way when the last commit returned: two idle ticks later the WAL is settled.
    const settled = c.stats.idle + 2;
    await eventually(() => c.stats.idle, 15_000).toBeGreaterThanOrEqual(settled);
    const passive = c.stats.passive;
    const idle = c.stats.idle;
    // Idle ticks back off (doubling, at most IDLE_MAX_MS apart), and still no checkpoint runs.
    await eventually(() => c.stats.idle, 15_000).toBeGreaterThan(idle + 5);
    expect(c.stats.passive).toBe(passive);
    expect((await post(`${srv.url}/api/env/e/line`, { win: 'w', Y: [7], update: 'append' })).status).toBe(200);
    await eventually(() => c.stats.passive, 15_000).toBeGreaterThan(passive);
    expect(c.stats.lastError).toBeNull();
  });

  it('stops cleanly when nothing else keeps the process alive (its worker is unref\'d)', () => {
    const path = join(tempDir(), 'stop.db');
    const script = `
      import { openDb, closeDb } from './server/store/db.ts';
      import { Checkpointer } from './server/store/checkpointer.ts';
      const db = openDb(${JSON.stringify(path)});
      const c = new Checkpointer(db, { intervalMs: 5 });
      await c.stop();
      closeDb(db);
      console.log('stopped');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '..'), encoding: 'utf8' });
    expect({ status: r.status, stdout: r.stdout.trim() }).toEqual({ status: 0, stdout: 'stopped' });
  });
});
