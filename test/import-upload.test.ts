import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { get, post, SocketClient, startServer } from './helpers.js';
import { sendFixture, winData } from './visdom-helpers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'visdom');

describe('POST /api/import', () => {
  it('imports an uploaded Visdom env file as the env its file name names, live to viewers', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create');
    await sendFixture(srv.url, 'update', 'line_append');
    const file = (await get(`${srv.url}/api/env/main/visdom.json`)).text;
    const viewer = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    viewer.send({ type: 'subscribe', envs: ['uploaded'] });
    await viewer.next('snapshot');
    // Sent in small chunks, as a browser upload arrives.
    const chunks = file.match(/[\s\S]{1,7}/g)!;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        const next = chunks.shift();
        if (next === undefined) c.close();
        else c.enqueue(new TextEncoder().encode(next));
      },
    });
    const res = await fetch(`${srv.url}/api/import?name=uploaded.json`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ records: 1, errors: 0, bytes: Buffer.byteLength(file) });
    expect((await winData(srv.url, 'loss', 'uploaded')).content.data[0].y).toEqual([1, 2, 3, 4]);
    expect((await viewer.next('window')).window.id).toBe('loss');
  });

  it('replays an uploaded offline log and reports the lines it skipped', async () => {
    const srv = await startServer();
    const res = await post(`${srv.url}/api/import?name=offline.log`, readFileSync(join(FIXTURES, 'offline.log'), 'utf8'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ records: 5, errors: 1, problems: ['line 6: win does not exist'] });
    expect((await winData(srv.url, 'loss')).content.data[0].y).toEqual([1, 2, 3, 4]);
  });

  it('answers a body that is neither with a 400 that says what to send, and stores nothing', async () => {
    const srv = await startServer();
    const res = await post(`${srv.url}/api/import?name=junk.json`, '{"jsons": {"w": not json}}');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/nothing was imported: window w: .*send a Visdom saved env/);
    expect((await get(`${srv.url}/api/envs`)).body.envs).toEqual([]);
    expect((await post(`${srv.url}/api/import`, '')).status).toBe(400);
    expect((await post(`${srv.url}/api/import?name=a%2Fb`, '[]')).status).toBe(400);
  });
});

describe('importing from the dashboard', () => {
  it('uploads a chosen Visdom env file with progress, reports it, and the env appears live', async () => {
    const { launchChromium } = await import('./browser.js');
    const chromium = await launchChromium();
    const srv = await startServer();
    try {
      await sendFixture(srv.url, 'events', 'line_create');
      const file = Buffer.from((await get(`${srv.url}/api/env/main/visdom.json`)).text);
      const page = await chromium.browser.newPage();
      await page.goto(`${srv.url}/env/main`);
      await expect.poll(() => page.locator('rb-env-list li').count()).toBe(1);
      await page.locator('rb-import input[type="file"]').setInputFiles({ name: 'from-visdom.json', mimeType: 'application/json', buffer: file });
      await expect.poll(() => page.locator('rb-import .status').textContent()).toBe('from-visdom.json: 1 imported');
      await expect.poll(() => page.locator('rb-env-list li[data-env="from-visdom"]').count()).toBe(1);
      await page.locator('rb-import input[type="file"]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"jsons":{"w":nope}}') });
      await expect.poll(() => page.locator('rb-import .status.failed').textContent()).toMatch(/bad\.json: nothing was imported/);
    } finally {
      await chromium.close();
    }
  }, 60_000);
});
