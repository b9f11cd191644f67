/**
 * How the compare overlay draws many runs, in headless Chromium against the real
 * server: the chart is built once however many runs arrive (runs become series of
 * the built chart), live appends reach it, and the highlight is drawn on a layer of
 * its own over the dimmed chart: moving from run to run redraws that layer (canvas
 * pixels: the highlighted run's line at full strength on it, the others not), and
 * the chart under it only when dimming starts or ends.
 */
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { eventually, openPage, useChromium } from './browser.js';
import { post, startServer, type TestServer } from './helpers.js';

const chromium = useChromium();
const N = 2000;
const name = (i: number) => `run${String(i).padStart(2, '0')}`;

async function seed(srv: TestServer, i: number): Promise<void> {
  const X = Array.from({ length: N }, (_, k) => k * (1 + i / 7));
  const Y = X.map((x) => i + 0.2 * Math.sin(x / 50));
  expect((await post(`${srv.url}/api/env/${name(i)}/line`, { win: 'loss', X, Y, opts: { title: 'Loss' } })).status).toBe(200);
}

const overlayUrl = (runs: number) => `/?${Array.from({ length: runs }, (_, i) => `env=${name(i)}`).join('&')}&compare=overlay`;

async function drawnRuns(plot: Locator): Promise<number> {
  return plot.evaluate((el: any) => el.view?.traces.filter((t: any) => t.x.length > 0).length ?? 0).catch(() => 0);
}

/** The most opaque pixel alpha within ±3 px (CSS) of (x, y) on the chart's canvas, or on the highlight layer's. */
function alphaNear(plot: Locator, which: 'chart' | 'layer', x: number, y: number): Promise<number> {
  return plot.evaluate(
    (el: any, [w, cx, cy]) => {
      const u = el.uplot;
      const canvas: HTMLCanvasElement = w === 'chart' ? u.ctx.canvas : el.highlightLayer.canvas;
      const dpr = devicePixelRatio;
      const px = Math.round((u.over.offsetLeft + (cx as number)) * dpr);
      const py = Math.round((u.over.offsetTop + (cy as number)) * dpr);
      const r = Math.round(3 * dpr);
      const d = canvas.getContext('2d')!.getImageData(px - r, py - r, 2 * r + 1, 2 * r + 1).data;
      let best = 0;
      for (let i = 3; i < d.length; i += 4) best = Math.max(best, d[i]!);
      return best;
    },
    [which, x, y] as const,
  );
}

async function box(plot: Locator) {
  return (await plot.evaluate((el: any) => {
    const r = el.uplot.over.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  })) as { left: number; top: number; width: number; height: number };
}

describe('compare overlay drawing', () => {
  it('builds the chart once for 50 runs, adds a run that arrives later, and draws live appends', async () => {
    const srv = await startServer();
    const RUNS = 50;
    for (let i = 0; i < RUNS - 1; i++) await seed(srv, i);
    // The last run has no matching window yet.
    await post(`${srv.url}/api/env/${name(RUNS - 1)}/text`, { win: 'notes', text: 'starting' });
    const page = await openPage(chromium, srv.url + overlayUrl(RUNS));
    const plot = page.locator('rb-compare rb-plot').first();
    await eventually(() => drawnRuns(plot), 60_000).toBe(RUNS - 1);
    expect(await plot.evaluate((el: any) => el.uplot.height)).toBeGreaterThanOrEqual(200);
    // The run's window arrives: one more series on the same chart.
    await seed(srv, RUNS - 1);
    await eventually(() => drawnRuns(plot), 30_000).toBe(RUNS);
    await eventually(() => plot.evaluate((el: any) => el.uplot.series.length)).toBe(RUNS + 1);
    expect(await plot.evaluate((el: any) => el.builds)).toBe(1);
    // Live: an append to one run is drawn (its view and the chart's x).
    const xNew = 1e5;
    expect((await post(`${srv.url}/api/env/${name(3)}/line`, { win: 'loss', X: [xNew], Y: [3.5], update: 'append' })).status).toBe(200);
    await eventually(() => plot.evaluate((el: any, x) => el.view.traces[3].x.includes(x), xNew)).toBe(true);
    await eventually(() => plot.evaluate((el: any) => el.uplot.scales.x.max)).toBeGreaterThanOrEqual(xNew);
    expect(await plot.evaluate((el: any, x) => el.uplot.data[0].includes(x), xNew)).toBe(true);
    expect(await plot.evaluate((el: any) => el.builds)).toBe(1);
    expect(page.errors).toEqual([]);
  }, 180_000);

  it('draws the highlighted run on its own layer: moving between runs redraws the layer, not the chart', async () => {
    const srv = await startServer();
    const RUNS = 20;
    for (let i = 0; i < RUNS; i++) await seed(srv, i);
    const page = await openPage(chromium, srv.url + overlayUrl(RUNS));
    const plot = page.locator('rb-compare rb-plot').first();
    await eventually(() => drawnRuns(plot), 60_000).toBe(RUNS);
    const b = await box(plot);
    const yOf = (v: number) => plot.evaluate((el: any, val) => el.uplot.valToPos(val, 'y'), v);
    const cx = b.width * 0.12;
    const counts = () => plot.evaluate((el: any) => ({ ...el.highlightLayer.counts }));

    await page.mouse.move(b.left + cx, b.top + (await yOf(7)));
    await eventually(() => plot.evaluate((el: any) => el.highlightLayer.trace)).toBe(7);
    // Every run's value in the hover list.
    await eventually(() => plot.locator('rb-plot-hover .row').count()).toBe(RUNS);
    expect((await plot.locator('rb-plot-hover .row .v').allTextContents()).every((v) => /\d/.test(v))).toBe(true);
    // The chart: every run dimmed. The layer: run 7 at full strength, run 2 absent.
    expect(await plot.evaluate((el: any) => el.uplot.series.slice(1).every((s: any) => s.alpha < 0.5))).toBe(true);
    await eventually(async () => alphaNear(plot, 'layer', cx + 40, await yOf(7))).toBeGreaterThan(200);
    expect(await alphaNear(plot, 'layer', cx + 40, await yOf(2))).toBe(0);
    const dim = await alphaNear(plot, 'chart', cx + 40, await yOf(2));
    expect(dim).toBeGreaterThan(0);
    expect(dim).toBeLessThan(100);
    const entered = await counts();

    // To run 12: the layer follows, the chart is not redrawn.
    await page.mouse.move(b.left + cx, b.top + (await yOf(12)));
    await eventually(() => plot.evaluate((el: any) => el.highlightLayer.trace)).toBe(12);
    await eventually(async () => alphaNear(plot, 'layer', cx + 40, await yOf(12))).toBeGreaterThan(200);
    expect(await alphaNear(plot, 'layer', cx + 40, await yOf(7))).toBe(0);
    expect(await plot.locator('rb-plot-hover .row.hi .name').textContent()).toContain(name(12));
    const moved = await counts();
    expect(moved.chart).toBe(entered.chart);
    expect(moved.layer).toBeGreaterThan(entered.layer);

    // Off the chart: nothing highlighted, the chart redrawn at full strength, the layer empty.
    await page.mouse.move(b.left - 100, b.top - 60);
    await eventually(() => plot.evaluate((el: any) => el.uplot.series.slice(1).every((s: any) => s.alpha === 1))).toBe(true);
    await eventually(async () => alphaNear(plot, 'chart', cx + 40, await yOf(2))).toBeGreaterThan(200);
    expect(await alphaNear(plot, 'layer', cx + 40, await yOf(12))).toBe(0);
    expect(page.errors).toEqual([]);
  }, 120_000);
});
