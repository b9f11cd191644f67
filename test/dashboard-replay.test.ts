/**
 * Replay, compare and env management end to end: a real server with a SQLite
 * file, the real bundle, and real headless Chromium.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useChromium } from './browser.js';
import { get, post, startServer, type TestServer } from './helpers.js';

const chromium = useChromium();

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function open(srv: TestServer, path: string): Promise<Page & { errors: string[] }> {
  const page = (await chromium.browser.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(srv.url + path);
  return page;
}

function plot(page: Page, win: string): Locator {
  return page.locator(`rb-plot[data-win="${win}"]`);
}

/** The uPlot data columns of a pane, as the browser holds them. */
function plotted(page: Page, win: string): Promise<(number | null)[][] | null> {
  return plot(page, win)
    .first()
    .evaluate((el: any) => el.uplot?.data.map((c: ArrayLike<number | null>) => Array.from(c)) ?? null)
    .catch(() => null);
}

const line = (srv: TestServer, env: string, body: object) => post(`${srv.url}/api/env/${encodeURIComponent(env)}/line`, body);
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

/** Receive times of a window's points, from the full export. */
async function times(srv: TestServer, env: string, win: string): Promise<number[]> {
  const res = await get(`${srv.url}/api/env/${env}/win/${win}/data?format=json`);
  return (res.body.traces[0].points as number[][]).map((p) => p[2]!);
}

describe('replay', () => {
  it('opens at the moment in the URL, changes the panes when scrubbed, and returns to live', async () => {
    const srv = await startServer();
    await line(srv, 'r', { win: 'loss', X: range(0, 100), Y: range(0, 100) });
    await pause(40);
    await line(srv, 'r', { win: 'loss', X: range(100, 200), Y: range(100, 200), update: 'append' });
    await srv.ingest.window({ env: 'r', win: 'note', type: 'text', opts: { title: 'note' }, content: 'written late' });
    const t = await times(srv, 'r', 'loss');
    const cut = t[99]!;
    expect(t[100]).toBeGreaterThan(cut);

    const page = await open(srv, `/env/r?t=${cut}`);
    await expect.poll(async () => (await plotted(page, 'loss'))?.[0]?.length).toBe(100);
    expect(await page.locator('rb-pane[data-win="note"]').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('t')).toBe(String(cut));

    // A zoom while replaying refetches the range as of the moment.
    const asked = page.waitForRequest((r) => r.url().includes('/win/loss/data?'));
    const over = plot(page, 'loss').locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    expect(new URL((await asked).url()).searchParams.get('until')).toBe(String(cut));
    await plot(page, 'loss').locator('.unzoom').click();

    // Scrub to the end: every point, and the text window that came later.
    const scrub = page.locator('rb-timeline input.scrub');
    const end = Number(await scrub.getAttribute('max'));
    await scrub.evaluate((el: HTMLInputElement, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, end);
    await expect.poll(async () => (await plotted(page, 'loss'))?.[0]?.length).toBe(300);
    await expect.poll(() => page.locator('rb-pane[data-win="note"] rb-text').count()).toBe(1);
    await expect.poll(() => new URL(page.url()).searchParams.get('t')).toBe(String(end));

    // Back to the cut: back to 100 points; live appends do not show while replaying.
    await scrub.evaluate((el: HTMLInputElement, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, cut);
    await expect.poll(async () => (await plotted(page, 'loss'))?.[0]?.length).toBe(100);
    await line(srv, 'r', { win: 'loss', X: [300], Y: [1], update: 'append' });

    await page.locator('rb-timeline button.live').click();
    await expect.poll(async () => (await plotted(page, 'loss'))?.[0]?.length).toBe(301);
    expect(new URL(page.url()).searchParams.has('t')).toBe(false);
    expect(await page.locator('rb-timeline').count()).toBe(0);
    expect(page.errors).toEqual([]);
  });

  it('plays from the start to the end', async () => {
    const srv = await startServer();
    await line(srv, 'p', { win: 'w', X: [0, 1], Y: [1, 2] });
    await pause(30);
    await line(srv, 'p', { win: 'w', X: [2, 3], Y: [3, 4], update: 'append' });
    const page = await open(srv, '/env/p');
    await page.locator('button.replay').click();
    await expect.poll(() => page.locator('rb-timeline button.play').isEnabled()).toBe(true);
    // Opens at the last moment; scrub to the first.
    const scrub = page.locator('rb-timeline input.scrub');
    await scrub.evaluate((el: HTMLInputElement) => {
      el.value = el.min;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect.poll(async () => (await plotted(page, 'w'))?.[0]).toEqual([0, 1]);
    await page.locator('rb-timeline select').selectOption('1000');
    await page.locator('rb-timeline button.play').click();
    // 30 ms of recorded time at 1000× is over at once: the player stops at the end with every point.
    await expect.poll(async () => (await plotted(page, 'w'))?.[0]).toEqual([0, 1, 2, 3]);
    await expect.poll(() => page.locator('rb-timeline button.play').getAttribute('aria-label')).toBe('play');
    expect(Number(new URL(page.url()).searchParams.get('t'))).toBe(Number(await scrub.getAttribute('max')));
    // Keys: Shift+← steps back 10% of the run; ten of them reach the start.
    await page.locator('.brand').click();
    for (let i = 0; i < 10; i++) await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(async () => (await plotted(page, 'w'))?.[0]).toEqual([0, 1]);
    expect(page.errors).toEqual([]);
  });

  it('shows text and image history as they were at the moment', async () => {
    const srv = await startServer();
    const png = (c: number) => `data:image/png;base64,${Buffer.from([c]).toString('base64')}`;
    await srv.ingest.window({ env: 'c', win: 'note', type: 'text', opts: {}, content: 'first draft' });
    await srv.ingest.window({ env: 'c', win: 'img', type: 'image_history', opts: {}, items: [{ src: png(1), caption: 'epoch 1' }] });
    const snap = await get(`${srv.url}/api/env/c/snapshot`);
    const early = Math.max(...snap.body.windows.map((w: any) => w.updatedAt));
    await pause(30);
    await srv.ingest.updateWindow('c', 'note', { content: 'final text' });
    await srv.ingest.appendItem('c', 'img', { src: png(2), caption: 'epoch 2' });

    const page = await open(srv, `/env/c?t=${early}`);
    await expect.poll(() => page.locator('rb-text').evaluate((el) => el.shadowRoot!.textContent)).toContain('first draft');
    await expect.poll(() => page.locator('rb-image .caption').textContent()).toBe('epoch 1');
    await page.locator('rb-timeline input.scrub').evaluate((el: HTMLInputElement) => {
      el.value = el.max;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect.poll(() => page.locator('rb-text').evaluate((el) => el.shadowRoot!.textContent)).toContain('final text');
    await expect.poll(() => page.locator('rb-image .caption').textContent()).toBe('epoch 2');
    expect(page.errors).toEqual([]);
  });
});

describe('compare', () => {
  async function twoRuns(srv: TestServer): Promise<void> {
    await line(srv, 'run_a', { win: 'loss_a', X: [10, 11, 12], Y: [[3, 1], [2, 1], [1, 1]], opts: { title: 'Loss', legend: ['G', 'D'] } });
    await pause(20);
    await line(srv, 'run_b', { win: 'loss_b', X: [10, 11], Y: [5, 4], opts: { title: 'Loss', legend: ['G'] } });
    await line(srv, 'run_b', { win: 'only_b', X: [0], Y: [1] });
  }

  it('overlays matched windows with env / trace labels, and align relative changes x', async () => {
    const srv = await startServer();
    await twoRuns(srv);
    const page = await open(srv, '/?env=run_a&env=run_b&compare=overlay');
    const pane = page.locator('rb-pane[data-match="Loss"]');
    await expect.poll(() => pane.locator('.item').allTextContents()).toEqual([
      expect.stringContaining('run_a / G'),
      expect.stringContaining('run_a / D'),
      expect.stringContaining('run_b / G'),
    ]);
    expect(await page.locator('rb-pane').count()).toBe(2); // Loss (both envs) and only_b
    const data = async () => (await plotted(page, 'loss_a'))!;
    await expect.poll(async () => (await data())[0]).toEqual([10, 11, 12]);
    // The logged values of 3 series (no smoothed copies by default).
    expect((await data()).length).toBe(1 + 3);
    const colors = await plot(page, 'loss_a').evaluate((el: any) => el.uplot.series.slice(1).map((s: any) => s._stroke ?? s.stroke?.()));
    expect(colors[0]).not.toEqual(colors[2]); // run_a / G vs run_b / G: one color per env

    await page.locator('select.align').selectOption('relative');
    await expect.poll(async () => (await data())[0]![0]).toBe(0);
    const x = (await data())[0]!;
    expect(x.every((v) => v! < 5)).toBe(true); // seconds since each run's start, not steps 10..12
    expect(new URL(page.url()).searchParams.get('align')).toBe('relative');

    // Log scale and export as in a single env: one CSV per env window.
    await plot(page, 'loss_a').locator('button', { hasText: 'log y' }).click();
    await expect.poll(() => plot(page, 'loss_a').evaluate((el: any) => el.uplot.scales.y.distr)).toBe(3);
    expect(await plot(page, 'loss_a').locator('a.csv').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      '/api/env/run_a/win/loss_a/data?format=csv',
      '/api/env/run_b/win/loss_b/data?format=csv',
    ]);

    // Live: a point appended to run_b shows in the overlay.
    await page.locator('select.align').selectOption('step');
    await line(srv, 'run_b', { win: 'loss_b', X: [13], Y: [7], update: 'append' });
    await expect.poll(async () => (await data())[0]).toEqual([10, 11, 12, 13]);
    expect(page.errors).toEqual([]);
  });

  it('shows the envs side by side in columns with the matched windows on one row', async () => {
    const srv = await startServer();
    await twoRuns(srv);
    const page = await open(srv, '/?env=run_a&env=run_b');
    await page.locator('button.cmp-columns').click();
    await expect.poll(() => page.locator('rb-pane[data-match="Loss"]').count()).toBe(2);
    expect(await page.locator('rb-compare .missing').count()).toBe(1); // only_b has no match in run_a
    expect(new URL(page.url()).searchParams.get('compare')).toBe('columns');
    await expect.poll(async () => (await plotted(page, 'loss_b'))?.[1]).toEqual([5, 4]);
    // Synced zoom: a drag on run_a's pane zooms run_b's.
    const over = plot(page, 'loss_a').locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    const xRange = (win: string) => plot(page, win).evaluate((el: any) => [el.uplot.scales.x.min, el.uplot.scales.x.max]);
    await expect.poll(async () => (await xRange('loss_b'))[1]).toBeLessThan(11.5);
    expect(await xRange('loss_b')).toEqual(await xRange('loss_a'));
    expect(page.errors).toEqual([]);
  });
});

describe('env management', () => {
  it('renames, forks and deletes an env through the UI', async () => {
    const srv = await startServer();
    await line(srv, 'old', { win: 'w', X: [0, 1], Y: [1, 2] });
    const page = await open(srv, '/env/old');
    await expect.poll(async () => (await plotted(page, 'w'))?.[1]).toEqual([1, 2]);
    const dialog = page.locator('rb-env-dialog dialog');

    await page.locator('li[data-env="old"] button.more').click();
    await dialog.locator('button.rename').click();
    await dialog.locator('input[type="text"]').fill('new');
    await dialog.locator('button.confirm').click();
    await expect.poll(() => page.locator('rb-env-list li').allTextContents()).toEqual([expect.stringContaining('new')]);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/env/new');
    await expect.poll(async () => (await plotted(page, 'w'))?.[1]).toEqual([1, 2]);

    await page.locator('li[data-env="new"] button.more').click();
    await dialog.locator('button.fork').click();
    await dialog.locator('input[type="text"]').fill('new'); // taken: the server says so, nothing changes
    await dialog.locator('button.confirm').click();
    await expect.poll(() => dialog.locator('.error').textContent()).toContain('new');
    await dialog.locator('input[type="text"]').fill('copy');
    await dialog.locator('button.confirm').click();
    await expect.poll(() => page.locator('rb-env-list li').count()).toBe(2);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/env/copy');
    expect((await get(`${srv.url}/api/env/copy/win/w/data`)).body.traces[0].y).toEqual([1, 2]);

    const exported = await get(`${srv.url}/api/env/copy/export`);
    expect(exported.body.windows[0].data.traces[0].points.map((p: number[]) => p.slice(0, 2))).toEqual([[0, 1], [1, 2]]);

    await page.locator('li[data-env="copy"] button.more').click();
    await dialog.locator('button.delete').click();
    await dialog.locator('button.cancel').click(); // asked again; cancel keeps it
    expect((await get(`${srv.url}/api/env/copy`)).status).toBe(200);
    await page.locator('li[data-env="copy"] button.more').click();
    await dialog.locator('button.delete').click();
    await dialog.locator('button.confirm').click();
    await expect.poll(() => page.locator('rb-env-list li').allTextContents()).toEqual([expect.stringContaining('new')]);
    expect((await get(`${srv.url}/api/env/copy`)).status).toBe(404);
    expect(page.errors).toEqual([]);
  });
});
