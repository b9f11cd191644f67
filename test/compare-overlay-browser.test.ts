/**
 * The compare overlay at many runs, in headless Chromium against the real server:
 * 20 runs of 3,000 points (decimated on the server, so their x differ) stay
 * readable: the chart keeps at least 200 px, the legend stays compact with
 * "+N more", one export menu per pane, hovering shows every run's value and
 * highlights the run under the pointer (drawn at full strength on a layer over the
 * dimmed chart: canvas pixels), panes resize by dragging, and side by side can share y per row.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { eventually, openPage, useChromium } from './browser.js';
import { post, startServer, type TestServer } from './helpers.js';

const chromium = useChromium();
const RUNS = 20;
const N = 3000;
const name = (i: number) => `run${String(i).padStart(2, '0')}`;

/** Run i logs y ≈ i (a small wiggle), at x steps of its own (so decimated x differ between runs). */
async function seedRuns(srv: TestServer, runs = RUNS): Promise<void> {
  for (let i = 0; i < runs; i++) {
    const X = Array.from({ length: N }, (_, k) => k * (1 + i / 7));
    const Y = X.map((x) => i + 0.2 * Math.sin(x / 50));
    const res = await post(`${srv.url}/api/env/${name(i)}/line`, { win: 'loss', X, Y, opts: { title: 'Loss' } });
    expect(res.status).toBe(200);
  }
}

const overlayUrl = (runs: number) => `/?${Array.from({ length: runs }, (_, i) => `env=${name(i)}`).join('&')}&compare=overlay`;

async function ready(page: Page): Promise<Locator> {
  const plot = page.locator('rb-compare rb-plot').first();
  await eventually(() => plot.evaluate((el: any) => el.view?.traces.filter((t: any) => t.x.length > 0).length ?? 0).catch(() => 0), 30_000).toBe(RUNS);
  return plot;
}

/** The most opaque pixel alpha within ±3 px (CSS) of (x, y) on the chart canvas and the highlight layer over it. */
function alphaNear(plot: Locator, x: number, y: number): Promise<number> {
  return plot.evaluate(
    (el: any, [cx, cy]) => {
      const u = el.uplot;
      const dpr = devicePixelRatio;
      const px = Math.round((u.over.offsetLeft + cx) * dpr);
      const py = Math.round((u.over.offsetTop + cy) * dpr);
      const r = Math.round(3 * dpr);
      let best = 0;
      for (const c of [u.ctx.canvas, el.highlightLayer.canvas]) {
        if (!c) continue;
        const d = c.getContext('2d').getImageData(px - r, py - r, 2 * r + 1, 2 * r + 1).data as Uint8ClampedArray;
        for (let i = 3; i < d.length; i += 4) best = Math.max(best, d[i]!);
      }
      return best;
    },
    [x, y] as const,
  );
}

describe('compare overlay at 20 runs', () => {
  it('keeps the chart at least 200 px tall, a compact legend with +N more, and one export menu', async () => {
    const srv = await startServer();
    await seedRuns(srv);
    const page = await openPage(chromium, srv.url + overlayUrl(RUNS));
    const plot = await ready(page);
    // Server-decimated: the runs' x columns differ.
    const xs = await plot.evaluate((el: any) => el.view.traces.map((t: any) => t.x[1]));
    expect(new Set(xs).size).toBeGreaterThan(1);
    expect(await plot.evaluate((el: any) => el.uplot.height)).toBeGreaterThanOrEqual(200);
    expect(await plot.evaluate((el: any) => el.renderRoot.querySelector('.chart').clientHeight)).toBeGreaterThanOrEqual(200);
    const legend = plot.locator('rb-plot-legend');
    expect(await legend.evaluate((el) => el.clientHeight)).toBeLessThan(70);
    await expect(legend.locator('button.more').textContent()).resolves.toMatch(/^\+\d+ more$/);
    await legend.locator('button.more').click();
    await eventually(() => legend.evaluate((el) => el.hasAttribute('open'))).toBe(true);
    // One export menu: PNG and a CSV per run, all inside it.
    const pane = page.locator('rb-compare rb-pane').first();
    expect(await pane.locator('details.export').count()).toBe(1);
    expect(await pane.locator('a.csv').count()).toBe(RUNS);
    expect(await pane.locator('a.csv').first().isVisible()).toBe(false);
    await pane.locator('details.export summary').click();
    expect(await pane.locator('a.csv').first().isVisible()).toBe(true);
    expect(page.errors).toEqual([]);
  }, 120_000);

  it('on hover shows every run its value at its own nearest x, and highlights the run under the pointer', async () => {
    const srv = await startServer();
    await seedRuns(srv);
    const page = await openPage(chromium, srv.url + overlayUrl(RUNS));
    const plot = await ready(page);
    const box = (await plot.evaluate((el: any) => {
      const r = el.uplot.over.getBoundingClientRect();
      return { left: r.left, top: r.top, width: r.width, height: r.height };
    })) as { left: number; top: number; width: number; height: number };
    const yOf = (v: number) => plot.evaluate((el: any, val) => el.uplot.valToPos(val, 'y'), v);
    const target = 7;
    // Every run has points here (run00 ends at x 2999, a quarter of the way).
    const cx = box.width * 0.12;
    await page.mouse.move(box.left + cx, box.top + (await yOf(target)));
    const hover = plot.locator('rb-plot-hover');
    await eventually(() => hover.locator('.row').count()).toBe(RUNS);
    const values = await hover.locator('.row .v').allTextContents();
    expect(values.every((v) => /\d/.test(v))).toBe(true);
    // Sorted from the highest: run19 first, run00 last.
    expect(await hover.locator('.row .name').first().textContent()).toContain(name(RUNS - 1));
    expect(await hover.locator('.row.hi .name').textContent()).toContain(name(target));
    // Drawn: every run dimmed on the chart, the highlighted one at full strength on the layer above it.
    const alphas = await plot.evaluate((el: any) => el.uplot.series.slice(1).map((s: any) => s.alpha));
    expect(alphas.every((a: number) => a < 0.5)).toBe(true);
    await eventually(async () => alphaNear(plot, cx + 40, await yOf(target))).toBeGreaterThan(200);
    const dim = await alphaNear(plot, cx + 40, await yOf(2));
    expect(dim).toBeGreaterThan(0);
    expect(dim).toBeLessThan(100);
    // Off the chart: nothing dimmed, no hover list.
    await page.mouse.move(box.left - 100, box.top - 60);
    await eventually(() => plot.evaluate((el: any) => el.uplot.series.slice(1).every((s: any) => s.alpha === 1))).toBe(true);
    await eventually(() => hover.count()).toBe(0);
    await eventually(async () => alphaNear(plot, cx + 40, await yOf(2))).toBeGreaterThan(200);
  }, 120_000);

  it('keeps 4 runs × 2 traces readable, and resizes a pane by dragging its corner', async () => {
    const srv = await startServer();
    for (let i = 0; i < 4; i++) {
      const X = Array.from({ length: 50 }, (_, k) => k);
      await post(`${srv.url}/api/env/${name(i)}/line`, { win: 'loss', X, Y: X.map((x) => [i + x / 50, i - x / 50]), opts: { title: 'Loss', legend: ['train', 'val'] } });
    }
    const page = await openPage(chromium, srv.url + overlayUrl(4));
    const plot = page.locator('rb-compare rb-plot').first();
    await eventually(() => plot.evaluate((el: any) => el.uplot?.series.length ?? 0).catch(() => 0)).toBe(9);
    const chart = () => plot.evaluate((el: any) => el.renderRoot.querySelector('.chart').clientHeight);
    expect(await chart()).toBeGreaterThanOrEqual(200);
    const pane = page.locator('rb-compare rb-pane').first();
    const before = (await pane.boundingBox())!;
    const handle = (await pane.locator('.resize').boundingBox())!;
    await page.mouse.move(handle.x + 5, handle.y + 5);
    await page.mouse.down();
    await page.mouse.move(handle.x + 5, handle.y + 155, { steps: 5 });
    await page.mouse.up();
    await eventually(async () => (await pane.boundingBox())!.height).toBeGreaterThan(before.height + 100);
    // The chart took the room (uPlot resized to it).
    await eventually(() => plot.evaluate((el: any) => el.uplot.height)).toBeGreaterThan(before.height);
  }, 60_000);

  it('side by side shares one y range along a row when asked', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/small/line`, { win: 'loss', X: [0, 1, 2], Y: [0, 1, 0.5], opts: { title: 'Loss' } });
    await post(`${srv.url}/api/env/big/line`, { win: 'loss', X: [0, 1, 2], Y: [0, 100, 50], opts: { title: 'Loss' } });
    const yMax = (page: Page, env: string) =>
      page.locator(`rb-compare rb-plot[data-env="${env}"]`).evaluate((el: any) => el.uplot?.scales.y.max ?? null).catch(() => null);
    const page = await openPage(chromium, `${srv.url}/?env=small&env=big&compare=columns`);
    await eventually(() => yMax(page, 'small')).not.toBeNull();
    await eventually(() => yMax(page, 'big')).toBeGreaterThan(99);
    expect(await yMax(page, 'small')).toBeLessThan(2);
    await page.locator('button.share-y').click();
    await eventually(() => yMax(page, 'small')).toBeGreaterThan(99);
    expect(await yMax(page, 'small')).toBe(await yMax(page, 'big'));
    expect(page.url()).toContain('sharey=1');
    // A new point in one run moves the row's range in the other.
    await post(`${srv.url}/api/env/big/line`, { win: 'loss', X: [3], Y: [300], update: 'append' });
    // The appended point is in its own run's y range at once (it used to wait for the next draw).
    await eventually(() => yMax(page, 'big')).toBeGreaterThan(299);
    await eventually(() => yMax(page, 'small')).toBeGreaterThan(299);
    await page.locator('button.share-y').click();
    await eventually(() => yMax(page, 'small')).toBeLessThan(2);
  }, 60_000);
});
