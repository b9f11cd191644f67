/**
 * Durability with real processes: the server is killed while clients append, then
 * restarted on the same file. Every point it acknowledged must be there.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashTrial } from './crash-harness.js';
import { tempDir } from './helpers.js';

describe('crash durability', () => {
  it('keeps every acknowledged point through SIGKILLs at random moments, and the file stays intact', async () => {
    const dbPath = join(tempDir(), 'runboard.db');
    let acked = 0;
    for (let trial = 0; trial < 4; trial++) {
      const killAfterMs = 200 + Math.floor(Math.random() * 1200);
      const r = await crashTrial(dbPath, { killAfterMs, signal: 'SIGKILL', firstX: trial * 1_000_000 });
      expect(r.exit.signal).toBe('SIGKILL');
      expect(r.statuses, `trial ${trial}`).toEqual([]);
      expect(r.lost, `trial ${trial}: killed after ${killAfterMs} ms`).toBe(0);
      expect(r.integrity).toBe('ok');
      acked += r.acked;
    }
    // The trials did ingest: otherwise "nothing lost" would say nothing.
    expect(acked).toBeGreaterThan(0);
  }, 120_000);

  it('on SIGTERM during ingest finishes or cleanly fails what is in flight, exits 0 and loses nothing acknowledged', async () => {
    const dbPath = join(tempDir(), 'runboard.db');
    const r = await crashTrial(dbPath, { killAfterMs: 800, signal: 'SIGTERM', firstX: 0 });
    expect(r.exit).toEqual({ code: 0, signal: null });
    expect(r.statuses).toEqual([]);
    expect(r.acked).toBeGreaterThan(0);
    expect(r.lost).toBe(0);
    expect(r.integrity).toBe('ok');
  }, 60_000);

  it('keeps every acknowledged point when killed while an export streams and windows are closed and reopened', async () => {
    const dbPath = join(tempDir(), 'runboard.db');
    const beside = async (url: string) => {
      // A window big enough that its CSV export is still streaming (in slices) at the kill.
      const X = Array.from({ length: 200_000 }, (_, i) => i);
      await fetch(`${url}/api/env/side/line`, { method: 'POST', body: JSON.stringify({ win: 'big', X, Y: X }) });
      await fetch(`${url}/api/env/side/line`, { method: 'POST', body: JSON.stringify({ win: 'tmp', Y: [1, 2, 3] }) });
      for (;;) {
        const exported = fetch(`${url}/api/env/side/win/big/data?format=csv`).then((r) => r.text());
        // The kill may land while the close below is in flight: the loop then ends there, and this
        // export's failure must not surface as an unhandled rejection.
        exported.catch(() => undefined);
        await fetch(`${url}/api/env/side/win/tmp`, { method: 'DELETE' });
        await fetch(`${url}/api/env/side/win/tmp/reopen`, { method: 'POST' });
        await exported;
      }
    };
    let acked = 0;
    for (let trial = 0; trial < 2; trial++) {
      const r = await crashTrial(dbPath, { killAfterMs: 600 + Math.floor(Math.random() * 900), signal: 'SIGKILL', firstX: trial * 1_000_000, beside });
      expect(r.statuses, `trial ${trial}`).toEqual([]);
      expect(r.lost, `trial ${trial}`).toBe(0);
      expect(r.integrity).toBe('ok');
      acked += r.acked;
    }
    expect(acked).toBeGreaterThan(0);
  }, 120_000);

  it('keeps every acknowledged point when killed while the checkpoint worker checkpoints the WAL every 2 ms', async () => {
    const dbPath = join(tempDir(), 'runboard.db');
    // Checkpoints every 2 ms and a 1 MB WAL bound: the kill lands amid checkpoints.
    const args = ['--checkpoint-ms', '2', '--wal-limit-mb', '1'];
    let mainWritten = false;
    let walMax = 0;
    const beside = async (url: string) => {
      const start = existsSync(dbPath) ? statSync(dbPath).mtimeMs : 0;
      for (;;) {
        // Throws once the server is killed, which ends this loop.
        await (await fetch(`${url}/api/envs`)).arrayBuffer();
        if (existsSync(dbPath) && statSync(dbPath).mtimeMs > start) mainWritten = true;
        if (existsSync(`${dbPath}-wal`)) walMax = Math.max(walMax, statSync(`${dbPath}-wal`).size);
      }
    };
    let acked = 0;
    for (let trial = 0; trial < 2; trial++) {
      const r = await crashTrial(dbPath, { killAfterMs: 400 + Math.floor(Math.random() * 1000), signal: 'SIGKILL', firstX: trial * 1_000_000, args, beside });
      expect(r.statuses, `trial ${trial}`).toEqual([]);
      expect(r.lost, `trial ${trial}`).toBe(0);
      expect(r.integrity).toBe('ok');
      acked += r.acked;
    }
    expect(acked).toBeGreaterThan(0);
    // The writer's own automatic checkpoint is off: only the worker writes pages into the main file.
    expect(mainWritten).toBe(true);
    expect(walMax).toBeLessThan(16 * 2 ** 20);
  }, 180_000);
});
