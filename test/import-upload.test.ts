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

describe('POST /api/import over an env that exists', () => {
  async function twoEnvs() {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create');
    const file = (await get(`${srv.url}/api/env/main/visdom.json`)).text;
    await sendFixture(srv.url, 'update', 'line_append');
    return { srv, file };
  }

  it('refuses with 409 naming the env, and changes nothing', async () => {
    const { srv, file } = await twoEnvs();
    const res = await post(`${srv.url}/api/import?name=main.json`, file);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'RB_ERR_ENV_EXISTS', message: expect.stringMatching(/env named main already exists.*onExists=replace.*onExists=rename/) });
    expect((await winData(srv.url, 'loss')).content.data[0].y).toEqual([1, 2, 3, 4]);
  });

  it('replaces it when told onExists=replace, and open pages get the new windows', async () => {
    const { srv, file } = await twoEnvs();
    const viewer = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    viewer.send({ type: 'subscribe', envs: ['main'] });
    await viewer.next('snapshot');
    const res = await post(`${srv.url}/api/import?name=main.json&onExists=replace`, file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ env: 'main', records: 1 });
    expect((await winData(srv.url, 'loss')).content.data[0].y).toEqual([1, 2, 3]);
    const w = await viewer.next('window', (m) => m.window.id === 'loss');
    expect(w.window.data?.[0]?.y).toEqual([1, 2, 3]);
  });

  it('imports under the first free name when told onExists=rename, leaving the env as it was', async () => {
    const { srv, file } = await twoEnvs();
    await post(`${srv.url}/api/env/main/fork`, { to: 'main_2' });
    const res = await post(`${srv.url}/api/import?name=main.json&onExists=rename`, file);
    expect(res.body).toMatchObject({ env: 'main_3', records: 1 });
    expect((await winData(srv.url, 'loss', 'main_3')).content.data[0].y).toEqual([1, 2, 3]);
    expect((await winData(srv.url, 'loss')).content.data[0].y).toEqual([1, 2, 3, 4]);
  });
});

describe('POST /api/import of runboard\'s own export', () => {
  it('round-trips an env: windows, opts, trace props, gaps, text and image lists', async () => {
    const srv = await startServer();
    for (const f of ['line_create_two', 'text_create', 'image_history_create', 'bar_create', 'scatter_create']) await sendFixture(srv.url, 'events', f);
    await sendFixture(srv.url, 'update', 'image_history_update');
    await post(`${srv.url}/api/env/main/line`, { win: 'gappy', Y: [1, null, 3], X: [10, 20, 30] });
    const exported = await fetch(`${srv.url}/api/env/main/export`);
    expect(exported.headers.get('content-disposition')).toMatch(/filename="main\.runboard\.json"/);
    const res = await post(`${srv.url}/api/import?name=main.runboard.json&onExists=rename`, await exported.text());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ env: 'main_2', errors: 0 });
    const strip = (env: any) =>
      env.windows.map((w: any) => ({ ...w, createdAt: 0, updatedAt: 0, version: 0, traces: w.traces.map((t: any) => ({ ...t, id: 0 })) }));
    const [a, b] = [(await get(`${srv.url}/api/env/main`)).body, (await get(`${srv.url}/api/env/main_2`)).body];
    expect(b.windows.length).toBe(6);
    expect(b.windows.map((w: any) => w.id)).toEqual(a.windows.map((w: any) => w.id));
    expect(strip(b)).toEqual(strip(a));
    expect((await get(`${srv.url}/api/env/main_2/win/gappy/data`)).body.traces[0]).toMatchObject({ x: [10, 20, 30], y: [1, null, 3] });
  });

  it('answers any other file with a 400 saying what it expected, and stores nothing', async () => {
    const srv = await startServer();
    for (const body of ['{"foo": 1}', '{"jsons": 5}', '{"env": "x", "windows": [{"window": {"id": "w"}}]}']) {
      const res = await post(`${srv.url}/api/import?name=other.json`, body);
      expect(res.status, body).toBe(400);
      expect(res.body.message).toMatch(/expected|send a Visdom saved env .*runboard's own export/);
    }
    expect((await get(`${srv.url}/api/envs`)).body.envs).toEqual([]);
  });

  it('names the two downloads apart: <env>.runboard.json and the Visdom file <env>.json', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create');
    const names = await Promise.all(['export', 'visdom.json'].map(async (p) => (await fetch(`${srv.url}/api/env/main/${p}`)).headers.get('content-disposition')));
    expect(names[0]).toMatch(/filename="main\.runboard\.json"/);
    expect(names[1]).toMatch(/filename="main\.json"/);
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

  it('asks before replacing an env: cancel, import under a new name, or replace (and the open page redraws)', async () => {
    const { launchChromium } = await import('./browser.js');
    const chromium = await launchChromium();
    const srv = await startServer();
    try {
      await sendFixture(srv.url, 'events', 'line_create');
      const file = Buffer.from((await get(`${srv.url}/api/env/main/visdom.json`)).text);
      await sendFixture(srv.url, 'update', 'line_append');
      const page = await chromium.browser.newPage();
      await page.goto(`${srv.url}/env/main`);
      const drawn = () =>
        page.locator('rb-plot[data-win="loss"]').evaluate((el: any) => (el.uplot ? Array.from(el.uplot.data[1]) : null)).catch(() => null);
      await expect.poll(drawn).toEqual([1, 2, 3, 4]);
      const pick = () => page.locator('rb-import input[type="file"]').setInputFiles({ name: 'main.json', mimeType: 'application/json', buffer: file });
      const dialog = page.locator('rb-import [role="alertdialog"]');

      await pick();
      await expect.poll(() => dialog.textContent()).toMatch(/main\.json: An env named main already exists/);
      await dialog.locator('button.cancel').click();
      await expect.poll(() => dialog.count()).toBe(0);

      await pick();
      await dialog.locator('button.rename').click();
      await expect.poll(() => page.locator('rb-import .status.done').textContent()).toBe('main.json: 1 imported as main_2');
      await expect.poll(() => page.locator('rb-env-list li[data-env="main_2"]').count()).toBe(1);
      expect(await drawn()).toEqual([1, 2, 3, 4]);

      await pick();
      await dialog.locator('button.replace').click();
      await expect.poll(() => page.locator('rb-import .status.done').textContent()).toBe('main.json: 1 imported');
      await expect.poll(drawn).toEqual([1, 2, 3]);
    } finally {
      await chromium.close();
    }
  }, 60_000);
});
