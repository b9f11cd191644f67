import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDb } from '../server/backup.js';
import { createRuntime } from '../server/runtime.js';
import { integrityCheck } from './crash-harness.js';
import { post, startServer, tempDir } from './helpers.js';

describe('backup', () => {
  it('copies the database while the server is running and writing, into a file that opens with every point', async () => {
    const srv = await startServer();
    const X = Array.from({ length: 5000 }, (_, i) => i);
    expect((await post(`${srv.url}/api/env/main/line`, { win: 'w', X, Y: X })).status).toBe(200);
    const out = join(tempDir(), 'copy.db');
    const writing = (async () => {
      for (let i = 1; i <= 20; i++) await post(`${srv.url}/api/env/main/line`, { win: 'w', update: 'append', X: [5000 + i], Y: [i] });
    })();
    expect(await backupDb(srv.dbPath, out)).toBeGreaterThan(0);
    await writing;
    expect(integrityCheck(out)).toBe('ok');
    const copy = await createRuntime({ dbPath: out });
    try {
      const n = (await copy.store.traces('main', 'w'))[0]!.n;
      expect(n).toBeGreaterThanOrEqual(5000);
      expect(n).toBeLessThanOrEqual(5020);
    } finally {
      await copy.close();
    }
    await expect(backupDb(srv.dbPath, out)).rejects.toThrow(/already exists/);
  });
});
