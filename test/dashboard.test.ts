/**
 * The dashboard end to end: a real server on port 0 with a SQLite file, the real
 * bundle, and real headless Chromium.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { eventually, openPage, useChromium } from './browser.js';
import { del, post, startServer, type TestServer } from './helpers.js';

const chromium = useChromium();

const open = (srv: TestServer, path: string) => openPage(chromium, srv.url + path);

function plot(page: Page, win: string): Locator {
  return page.locator(`rb-plot[data-win="${win}"]`);
}

/** The uPlot data columns of a pane, as the browser holds them. */
function plotted(page: Page, win: string): Promise<(number | null)[][] | null> {
  return plot(page, win).evaluate((el: any) => el.uplot?.data.map((c: ArrayLike<number | null>) => Array.from(c)) ?? null).catch(() => null);
}

/** A cheap fingerprint of the chart canvas pixels. */
function pixels(page: Page, win: string): Promise<number> {
  return plot(page, win).evaluate((el: any) => {
    const c: HTMLCanvasElement = el.uplot.ctx.canvas;
    const d = el.uplot.ctx.getImageData(0, 0, c.width, c.height).data as Uint8ClampedArray;
    let h = 0;
    for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i]! + 7 * d[i + 1]! + 13 * d[i + 2]! + 17 * d[i + 3]!) >>> 0;
    return h;
  });
}

const line = (srv: TestServer, env: string, body: object) => post(`${srv.url}/api/env/${encodeURIComponent(env)}/line`, body);

describe('dashboard', () => {
  it('serves the page at / and /env/:env, and the bundle', async () => {
    const srv = await startServer();
    for (const path of ['/', '/env/main']) {
      const res = await fetch(srv.url + path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('/assets/main.js');
    }
    const js = await fetch(`${srv.url}/assets/main.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${srv.url}/assets/..%2Fpackage.json`)).status).toBe(404);
  });

  it('draws posted points and appends live ones', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'loss', X: [0, 1, 2], Y: [5, 3, 4], opts: { title: 'Loss' } });
    const page = await open(srv, '/env/main');
    // The logged values only: no smoothed copy unless the user asks for one.
    await eventually(() => plotted(page, 'loss')).toEqual([[0, 1, 2], [5, 3, 4]]);
    const before = await pixels(page, 'loss');
    await line(srv, 'main', { win: 'loss', X: [3, 4], Y: [1, 2], update: 'append' });
    await eventually(async () => (await plotted(page, 'loss'))?.slice(0, 2)).toEqual([[0, 1, 2, 3, 4], [5, 3, 4, 1, 2]]);
    await eventually(() => pixels(page, 'loss')).not.toBe(before);
    await expect(page.locator('.conn').textContent()).resolves.toContain('live');
  });

  it('appends live points to a decimated window and keeps them across a reconnect', async () => {
    const srv = await startServer();
    const X = Array.from({ length: 5000 }, (_, i) => i);
    await line(srv, 'main', { win: 'big', X, Y: X });
    const page = await open(srv, '/env/main');
    await eventually(async () => (await plotted(page, 'big'))?.[0]?.length ?? 0).toBeGreaterThan(0);
    const n = (await plotted(page, 'big'))![0]!.length;
    expect(n).toBeLessThan(5000);
    await line(srv, 'main', { win: 'big', X: [5000], Y: [1], update: 'append' });
    await eventually(async () => (await plotted(page, 'big'))![0]!.slice(-2)).toEqual([4999, 5000]);
    for (const ws of (srv.app as any).websocketServer.clients) ws.terminate();
    await line(srv, 'main', { win: 'big', X: [5001], Y: [2], update: 'append' });
    await eventually(async () => (await plotted(page, 'big'))![0]!.slice(-3)).toEqual([4999, 5000, 5001]);
    expect((await plotted(page, 'big'))![0]!.length).toBe(n + 2);
  });

  it('lists envs with their window counts, filters them, and shows the selected ones', async () => {
    const srv = await startServer();
    await line(srv, 'alpha_run', { win: 'a', Y: [1, 2] });
    await line(srv, 'beta_run', { win: 'b1', Y: [1, 2] });
    await line(srv, 'beta_run', { win: 'b2', Y: [1, 2] });
    const page = await open(srv, '/env/alpha_run');
    await eventually(() => page.locator('rb-env-list li').count()).toBe(2);
    await expect(page.locator('li[data-env="beta_run"] .meta').textContent()).resolves.toContain('2 win');
    await page.locator('rb-env-list input[type="search"]').fill('/^b/');
    await eventually(() => page.locator('rb-env-list li').count()).toBe(1);
    await page.locator('li[data-env="beta_run"]').click();
    await eventually(() => page.locator('rb-pane').count()).toBe(2);
    expect(new URL(page.url()).pathname).toBe('/env/beta_run');
    // A new env appears live (with beta_run, under their shared prefix `beta`).
    await line(srv, 'beta_new', { win: 'n', Y: [1] });
    await eventually(() => page.locator('rb-env-list li[data-env]').count()).toBe(2);
    expect(await page.locator('rb-env-list li[data-group="beta"]').count()).toBe(1);
  });

  it('refetches a zoomed range at full resolution, and double-click returns to the live view', async () => {
    const srv = await startServer();
    const X = Array.from({ length: 20000 }, (_, i) => i);
    await line(srv, 'main', { win: 'big', X, Y: X.map((i) => Math.sin(i / 50)) });
    const page = await open(srv, '/env/main');
    await eventually(async () => (await plotted(page, 'big'))?.[0]?.length ?? 0).toBeGreaterThan(0);
    const overview = (await plotted(page, 'big'))![0]!;
    expect(overview.length).toBeLessThan(20000);
    const over = plot(page, 'big').locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.41, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    // ~1% of 20000 x-range is ~200 points: fewer than the pane's buckets, so every point comes back exactly.
    await expect
      .poll(async () => {
        const x = (await plotted(page, 'big'))![0]!;
        return x.length > 50 && x.every((v, i) => i === 0 || v === x[i - 1]! + 1);
      })
      .toBe(true);
    await over.dblclick();
    await eventually(async () => (await plotted(page, 'big'))![0]!.length).toBe(overview.length);
  });

  it('refetches a zoom on a wall-time axis as the points received in that time range', async () => {
    const srv = await startServer();
    for (let b = 0; b < 40; b++) {
      const X = Array.from({ length: 50 }, (_, i) => b * 50 + i);
      await line(srv, 'main', { win: 'timed', X, Y: X.map((i) => Math.sin(i / 30)), name: 'loss', update: 'append' });
      await new Promise((r) => setTimeout(r, 15));
    }
    const page = await open(srv, '/env/main');
    await eventually(async () => (await plotted(page, 'timed'))?.[0]?.length ?? 0).toBeGreaterThan(0);
    await plot(page, 'timed').locator('select').selectOption('wall');
    const over = plot(page, 'timed').locator('.u-over');
    const box = (await over.boundingBox())!;
    const refetch = page.waitForResponse((r) => r.url().includes('/win/timed/data') && r.url().includes('since='));
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    const body = await (await refetch).json();
    const exact = body.traces[0];
    expect(exact.decimated).toBe(false);
    expect(exact.x.length).toBeGreaterThan(0);
    expect(exact.x.length).toBeLessThan(2000);
    // The pane draws exactly those points, at their receive times.
    await eventually(async () => (await plotted(page, 'timed'))![0]!).toEqual(exact.t.map((t: number) => t / 1000));
  });

  it('toggles a trace from the legend', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'w', X: [0, 1], Y: [[1, 2], [3, 4]], opts: { legend: ['a', 'b'] } });
    const page = await open(srv, '/env/main');
    await eventually(() => plotted(page, 'w')).not.toBeNull();
    const shown = () => plot(page, 'w').evaluate((el: any) => el.uplot.series.slice(1).map((s: any) => s.show));
    expect(await shown()).toEqual([true, true]);
    await plot(page, 'w').locator('.item[data-trace="b"]').click();
    expect(await shown()).toEqual([true, false]);
    await plot(page, 'w').locator('.item[data-trace="b"]').click();
    expect(await shown()).toEqual([true, true]);
  });

  it('smooths with the debiased EMA and draws the raw line under it', async () => {
    const srv = await startServer();
    const Y = [1, 5, 2, 8, 3];
    await line(srv, 'main', { win: 'w', Y });
    const page = await open(srv, '/env/main');
    await eventually(() => plotted(page, 'w')).not.toBeNull();
    await plot(page, 'w').locator('input[type="range"]').fill('0.9');
    const ema = (w: number) => {
      let last = 0;
      return Y.map((y, i) => ((last = last * w + (1 - w) * y), last / (1 - w ** (i + 1))));
    };
    await eventually(async () => (await plotted(page, 'w'))![2]!.map((v) => +v!.toFixed(9))).toEqual(ema(0.9).map((v) => +v.toFixed(9)));
    expect((await plotted(page, 'w'))![1]).toEqual(Y);
    await plot(page, 'w').locator('input[type="range"]').fill('0');
    await eventually(async () => (await plotted(page, 'w'))!.length).toBe(2);
  });

  it('resumes after the socket drops with no lost and no doubled points', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'w', X: [0, 1], Y: [0, 1] });
    const page = await open(srv, '/env/main');
    await eventually(async () => (await plotted(page, 'w'))?.[0]).toEqual([0, 1]);
    for (const ws of (srv.app as any).websocketServer.clients) ws.terminate();
    await line(srv, 'main', { win: 'w', X: [2, 3], Y: [2, 3], update: 'append' });
    await line(srv, 'main', { win: 'w', X: [4], Y: [4], update: 'append' });
    await eventually(() => page.locator('.conn').textContent()).toContain('live');
    await line(srv, 'main', { win: 'w', X: [5], Y: [5], update: 'append' });
    await eventually(async () => (await plotted(page, 'w'))?.[0]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('resumes after a server restart on the same database', async () => {
    let srv = await startServer();
    await line(srv, 'main', { win: 'w', X: [0, 1], Y: [0, 1] });
    const page = await open(srv, '/env/main');
    await eventually(async () => (await plotted(page, 'w'))?.[0]).toEqual([0, 1]);
    const port = Number(new URL(srv.url).port);
    await srv.close();
    await eventually(() => page.locator('.conn').textContent()).toContain('reconnecting');
    srv = await startServer({}, srv.dbPath, port);
    await line(srv, 'main', { win: 'w', X: [2, 3], Y: [2, 3], update: 'append' });
    await eventually(async () => (await plotted(page, 'w'))?.[0], 15_000).toEqual([0, 1, 2, 3]);
  });

  it('closes a window through HTTP so every viewer sees it go', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'w1', Y: [1] });
    await line(srv, 'main', { win: 'w2', Y: [1] });
    const a = await open(srv, '/env/main');
    const b = await open(srv, '/env/main');
    await eventually(() => b.locator('rb-pane').count()).toBe(2);
    await a.locator('rb-pane[data-win="w1"] button.close').click();
    await eventually(() => b.locator('rb-pane').count()).toBe(1);
    await eventually(() => a.locator('rb-pane').count()).toBe(1);
  });

  it('keeps the env and the focused pane in the URL', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'w1', Y: [1] });
    await line(srv, 'main', { win: 'w2', Y: [1] });
    const page = await open(srv, '/env/main?focus=w2');
    await eventually(() => page.locator('rb-pane[data-win="w2"]').getAttribute('focused')).toBe('');
    await page.locator('rb-pane[data-win="w1"] button[aria-label="focus"]').click();
    await eventually(() => page.url()).toMatch(/\/env\/main\?focus=w1$/);
  });

  it('never runs script from titles, legends, env names or text panes', async () => {
    const srv = await startServer();
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2<\/script>';
    const env = '<img src=x onerror=window.__xss=3>';
    await line(srv, env, { win: 'w', Y: [[1, 2]], opts: { title: payload, legend: [payload, 'b'], xlabel: payload } });
    await srv.ingest.window({ env: env, win: 't', type: 'text', opts: { title: payload }, content: `hello ${payload}<a id="js" href="javascript:window.__xss=4">x</a><p onclick="window.__xss=5">p</p>` });
    const page = await open(srv, `/env/${encodeURIComponent(env)}`);
    await eventually(() => page.locator('rb-pane').count()).toBe(2);
    await eventually(() => page.locator('rb-pane[data-win="w"] .title').textContent()).toBe(payload);
    await expect(page.locator(`li[data-env="${env.replace(/"/g, '\\"')}"] .name`).textContent()).resolves.toBe(env);
    await expect(plot(page, 'w').locator('.item').first().textContent()).resolves.toContain(payload);
    await eventually(() => page.locator('rb-text').evaluate((el) => el.shadowRoot!.textContent)).toContain('hello');
    await page.locator('rb-text a').click().catch(() => {});
    await page.locator('rb-text p').click();
    expect(await page.locator('rb-text img').getAttribute('onerror')).toBeNull();
    expect(await page.locator('rb-text a').getAttribute('href')).toBeNull();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  });

  it('shows text, images with history, bars, heatmaps, properties, and a body for Plotly windows', async () => {
    const srv = await startServer();
    const png = (c: number) => `data:image/png;base64,${Buffer.from([c]).toString('base64')}`;
    await srv.ingest.window({ env: 'main', win: 'img', type: 'image_history', opts: { title: 'samples' }, items: [
      { src: png(1), caption: 'epoch 1' },
      { src: png(2), caption: 'epoch 2' },
    ] });
    await srv.ingest.window({ env: 'main', win: 'bars', type: 'bar', opts: { title: 'counts' }, content: { data: [{ type: 'bar', x: ['a', 'b'], y: [3, 5], name: 'n' }], layout: {} } });
    await srv.ingest.window({ env: 'main', win: 'hm', type: 'heatmap', opts: {}, content: { data: [{ type: 'heatmap', z: [[1, 2], [3, 4]] }], layout: {} } });
    await srv.ingest.window({ env: 'main', win: 'props', type: 'properties', opts: {}, content: [{ type: 'number', name: 'lr', value: 0.1 }] });
    await srv.ingest.window({ env: 'main', win: 'surf', type: 'plotly', opts: { title: 'my surface' }, content: {} });
    const page = await open(srv, '/env/main');
    await eventually(() => page.locator('rb-image .caption').textContent()).toBe('epoch 2');
    await page.locator('rb-image input[type="range"]').fill('0');
    await eventually(() => page.locator('rb-image .caption').textContent()).toBe('epoch 1');
    // A new image arrives live; the slider grows, and moving it to the end follows the newest again.
    await srv.ingest.appendItem('main', 'img', { src: png(3), caption: 'epoch 3' });
    await eventually(() => page.locator('rb-image .slider span').textContent()).toBe('1 / 3');
    await page.locator('rb-image input[type="range"]').fill('2');
    await eventually(() => page.locator('rb-image .caption').textContent()).toBe('epoch 3');
    await srv.ingest.appendItem('main', 'img', { src: png(4), caption: 'epoch 4' });
    await eventually(() => page.locator('rb-image .caption').textContent()).toBe('epoch 4');
    await eventually(() => page.locator('rb-bars').evaluate((el: any) => el.uplot?.data[1])).toEqual([3, 5]);
    await eventually(() => page.locator('rb-properties td input').inputValue()).toBe('0.1');
    // Plotly windows now have a body (test/plotly-panes.test.ts checks what it draws).
    await eventually(() => page.locator('rb-pane[data-win="surf"] rb-plotly').count()).toBe(1);
    expect(await page.locator('rb-pane[data-win="surf"] .unsupported').count()).toBe(0);
    expect(await page.locator('rb-heatmap canvas').count()).toBe(1);
    expect((page as any).errors).toEqual([]);
  });
});
