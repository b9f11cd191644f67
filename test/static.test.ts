import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../server/runtime.js';
import { buildApp } from '../server/app.js';
import { tempDir } from './helpers.js';

async function appWith(clientDir: string) {
  const rt = await createRuntime({ dbPath: ':memory:' });
  const app = await buildApp({ store: rt.store, hub: rt.hub, ingest: rt.ingest, bodyLimit: 1e6, clientDir });
  return { app, close: async () => (await app.close(), await rt.close()) };
}

describe('static routes', () => {
  it('serves index.html at / and /env/:env, and assets by exact name', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'assets', 'main.js'), 'export {}');
    const { app, close } = await appWith(dir);
    try {
      for (const url of ['/', '/env/main', '/env/a%20b']) {
        const res = await app.inject({ url });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/text\/html/);
      }
      const js = await app.inject({ url: '/assets/main.js' });
      expect(js.statusCode).toBe(200);
      expect(js.headers['content-type']).toMatch(/javascript/);
      for (const url of ['/assets/..%2Findex.html', '/assets/missing.js', '/assets/main.exe']) {
        const res = await app.inject({ url });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ code: 'RB_ERR_NOT_FOUND' });
      }
    } finally {
      await close();
    }
  });

  it('says how to build the dashboard when it is missing', async () => {
    const { app, close } = await appWith(join(tempDir(), 'nothing-here'));
    try {
      const res = await app.inject({ url: '/' });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build');
    } finally {
      await close();
    }
  });
});
