/**
 * Themes in headless Chromium against the real server: the page follows
 * `prefers-color-scheme` (emulated), the header toggle pins a theme and is
 * remembered, and what is drawn follows it: the page colours, uPlot's axis text
 * on the canvas, heatmap labels on their canvas, and Plotly's paper.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { eventually, useChromium } from './browser.js';
import { post, startServer, type TestServer } from './helpers.js';
import { fixture, send } from './visdom-helpers.js';

const chromium = useChromium();

async function openIn(srv: TestServer, scheme: 'light' | 'dark', path = '/env/main'): Promise<Page> {
  const page = await chromium.browser.newPage();
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(srv.url + path);
  return page;
}

/**
 * The mean luma of the opaque pixels of a canvas inside `x0..x1` (CSS px from the
 * left), i.e. of the text and lines drawn there; null when nothing is drawn.
 */
function inkLuma(canvasOwner: Locator, selector: string, x0: number, x1: number): Promise<number | null> {
  return canvasOwner.evaluate(
    (el: any, [sel, a, b]) => {
      const c: HTMLCanvasElement = sel === 'uplot' ? el.uplot.ctx.canvas : el.renderRoot.querySelector(sel);
      const dpr = devicePixelRatio;
      const d = c.getContext('2d')!.getImageData(Math.round((a as number) * dpr), 0, Math.round(((b as number) - (a as number)) * dpr), c.height).data;
      let sum = 0;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3]! < 200) continue;
        sum += 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
        n++;
      }
      return n === 0 ? null : sum / n;
    },
    [selector, x0, x1] as const,
  );
}

const bg = (page: Page, sel: string) => page.locator(sel).first().evaluate((el) => getComputedStyle(el).backgroundColor);

async function seed(srv: TestServer): Promise<void> {
  await post(`${srv.url}/api/env/main/line`, { win: 'loss', X: [0, 1, 2, 3], Y: [4, 3, 1, 2], opts: { title: 'Loss' } });
  const hm = { win: 'hm', data: [{ z: [[0, 1], [2, 3]], x: null, y: null, type: 'heatmap', colorscale: 'Viridis' }], layout: { showlegend: false }, opts: {} };
  expect((await send(srv.url, 'events', { eid: 'main', ...hm })).status).toBe(200);
}

describe('themes', () => {
  it('follows prefers-color-scheme: light draws light panels, dark axis text on uPlot and heatmap canvases', async () => {
    const srv = await startServer();
    await seed(srv);
    const page = await openIn(srv, 'light');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await bg(page, 'body')).toBe('rgb(244, 246, 248)');
    await eventually(() => bg(page, 'rb-pane')).toBe('rgb(255, 255, 255)');
    const plot = page.locator('rb-plot[data-win="loss"]');
    await eventually(() => plot.evaluate((el: any) => !!el.uplot)).toBe(true);
    // The y axis labels are drawn left of the plot area: dark ink on light.
    const axisW = await plot.evaluate((el: any) => el.uplot.bbox.left / devicePixelRatio);
    await eventually(() => inkLuma(plot, 'uplot', 0, axisW - 2)).toBeLessThan(128);
    const hm = page.locator('rb-heatmap');
    await eventually(() => hm.evaluate((el: any) => !!el.geometry)).toBe(true);
    const left = await hm.evaluate((el: any) => el.geometry.left);
    expect(await inkLuma(hm, 'canvas', 0, left - 2)).toBeLessThan(128);
    await page.close();
  });

  it('renders dark under prefers-color-scheme: dark, with light axis text', async () => {
    const srv = await startServer();
    await seed(srv);
    const page = await openIn(srv, 'dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await bg(page, 'body')).toBe('rgb(15, 18, 22)');
    const plot = page.locator('rb-plot[data-win="loss"]');
    await eventually(() => plot.evaluate((el: any) => !!el.uplot)).toBe(true);
    const axisW = await plot.evaluate((el: any) => el.uplot.bbox.left / devicePixelRatio);
    await eventually(() => inkLuma(plot, 'uplot', 0, axisW - 2)).toBeGreaterThan(110);
    await page.close();
  });

  it('the header toggle pins a theme over the system one, redraws the panes, and is remembered', async () => {
    const srv = await startServer();
    await seed(srv);
    const page = await openIn(srv, 'light');
    const plot = page.locator('rb-plot[data-win="loss"]');
    await eventually(() => plot.evaluate((el: any) => !!el.uplot)).toBe(true);
    const axisW = await plot.evaluate((el: any) => el.uplot.bbox.left / devicePixelRatio);
    const toggle = page.locator('button.theme');
    await expect(toggle.textContent()).resolves.toContain('auto');
    await toggle.click(); // auto → light (same as the system)
    await expect(toggle.textContent()).resolves.toContain('light');
    await toggle.click(); // light → dark
    await expect(toggle.textContent()).resolves.toContain('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await eventually(() => bg(page, 'rb-pane')).toBe('rgb(23, 27, 33)');
    await eventually(() => inkLuma(plot, 'uplot', 0, axisW - 2)).toBeGreaterThan(110);
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await eventually(() => inkLuma(page.locator('rb-plot[data-win="loss"]'), 'uplot', 0, axisW - 2)).toBeGreaterThan(110);
    // A system change does not move a pinned theme; back on auto it follows again.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('button.theme').click(); // dark → auto
    await page.emulateMedia({ colorScheme: 'light' });
    await eventually(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.close();
  });

  it('themes Plotly panes: the paper follows the page theme', async () => {
    const srv = await startServer();
    for (const body of fixture('pie_create').split('\n').filter(Boolean)) expect((await send(srv.url, 'events', body)).status).toBe(200);
    const page = await openIn(srv, 'light');
    const plotly = page.locator('rb-plotly');
    const paper = () => plotly.evaluate((el: any) => (el.renderRoot.querySelector('.main-svg') as SVGElement | null)?.style.background ?? null);
    await eventually(paper, 90_000).toBe('rgb(255, 255, 255)');
    await page.locator('button.theme').click();
    await page.locator('button.theme').click(); // → dark
    await eventually(paper).toBe('rgb(23, 27, 33)');
    await page.close();
  }, 120_000);
});
