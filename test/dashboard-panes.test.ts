/**
 * Dashboard pane behaviour in headless Chromium: axes and scales, layout (reorder,
 * resize, remembered per env), and virtualization of off-screen panes.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, useChromium } from './browser.js';
import { post, startServer, type TestServer } from './helpers.js';

const chromium = useChromium();

async function open(srv: TestServer, path: string): Promise<Page> {
  const page = await chromium.browser.newPage();
  await page.goto(srv.url + path);
  return page;
}

const line = (srv: TestServer, env: string, body: object) => post(`${srv.url}/api/env/${encodeURIComponent(env)}/line`, body);
const paneOrder = (page: Page) => page.locator('rb-pane').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.win));

describe('dashboard panes', () => {
  it('switches the x axis to relative and wall time from the receive times', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'w', X: [10, 20], Y: [1, 2] });
    await new Promise((r) => setTimeout(r, 30));
    await line(srv, 'main', { win: 'w', X: [30], Y: [3], update: 'append' });
    const page = await open(srv, '/env/main');
    const plot = page.locator('rb-plot[data-win="w"]');
    await eventually(() => plot.evaluate((el: any) => el.uplot?.data[0])).toEqual([10, 20, 30]);
    await plot.locator('select').selectOption('relative');
    await eventually(() => plot.evaluate((el: any) => el.uplot.data[0][0])).toBe(0);
    const rel = await plot.evaluate((el: any) => el.uplot.data[0]);
    expect(rel[1]).toBe(0);
    expect(rel[2]).toBeGreaterThan(0.02);
    await plot.locator('select').selectOption('wall');
    await eventually(() => plot.evaluate((el: any) => el.uplot.data[0][0])).toBeGreaterThan(1.7e9);
    expect(await plot.evaluate((el: any) => el.uplot.scales.x.time)).toBe(true);
  });

  it('starts with log scales from opts and toggles them', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'w', X: [1, 10, 100], Y: [1, 10, 100], opts: { ytype: 'log' } });
    const page = await open(srv, '/env/main');
    const plot = page.locator('rb-plot[data-win="w"]');
    await eventually(() => plot.evaluate((el: any) => el.uplot?.scales.y.distr)).toBe(3);
    expect(await plot.evaluate((el: any) => el.uplot.scales.x.distr)).toBe(1);
    await plot.locator('button', { hasText: 'log x' }).click();
    await eventually(() => plot.evaluate((el: any) => el.uplot.scales.x.distr)).toBe(3);
    await plot.locator('button', { hasText: 'log y' }).click();
    await eventually(() => plot.evaluate((el: any) => el.uplot.scales.y.distr)).toBe(1);
  });

  it('reorders panes by drag and remembers the order and sizes per env', async () => {
    const srv = await startServer();
    for (const w of ['a', 'b', 'c']) await line(srv, 'main', { win: w, Y: [1] });
    const page = await open(srv, '/env/main');
    await eventually(() => paneOrder(page)).toEqual(['a', 'b', 'c']);
    await page.locator('rb-pane[data-win="c"] .head').dragTo(page.locator('rb-pane[data-win="a"] .head'));
    await eventually(() => paneOrder(page)).toEqual(['c', 'a', 'b']);
    const handle = page.locator('rb-pane[data-win="b"] .resize');
    const box = (await handle.boundingBox())!;
    const before = (await page.locator('rb-pane[data-win="b"]').boundingBox())!.height;
    await page.mouse.move(box.x + 5, box.y + 5);
    await page.mouse.down();
    await page.mouse.move(box.x + 5, box.y + 105, { steps: 5 });
    await page.mouse.up();
    await eventually(async () => Math.round((await page.locator('rb-pane[data-win="b"]').boundingBox())!.height)).toBe(Math.round(before + 100));
    await page.reload();
    await eventually(() => paneOrder(page)).toEqual(['c', 'a', 'b']);
    expect(Math.round((await page.locator('rb-pane[data-win="b"]').boundingBox())!.height)).toBe(Math.round(before + 100));
  });

  it('draws the panes in view first, builds the others’ charts in idle time (never while scrolling), and updates them once scrolled to', async () => {
    const srv = await startServer();
    for (let i = 0; i < 60; i++) await line(srv, 'many', { win: `w${String(i).padStart(2, '0')}`, Y: [i, i + 1] });
    const page = await open(srv, '/env/many');
    await eventually(() => page.locator('rb-pane').count()).toBe(60);
    await eventually(() => page.locator('rb-plot[data-win="w00"]').evaluate((el: any) => el.uplot?.data[1])).toEqual([0, 1]);
    // Without any scrolling, every pane's uPlot exists: built in idle time, off the scroll path.
    await eventually(() => page.locator('rb-plot').evaluateAll((els) => els.filter((e: any) => e.uplot).length)).toBe(60);
    await line(srv, 'many', { win: 'w59', Y: [61], update: 'append' });
    await page.locator('rb-pane[data-win="w59"]').scrollIntoViewIfNeeded();
    await eventually(() => page.locator('rb-plot[data-win="w59"]').evaluate((el: any) => el.uplot?.data[1])).toEqual([59, 60, 61]);
  });

  it('shows every trace value under the cursor and shares the cursor with the other panes of the env', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'a', X: [0, 1, 2], Y: [[10, 20], [11, 21], [12, 22]], opts: { legend: ['p', 'q'] } });
    await line(srv, 'main', { win: 'b', X: [0, 1, 2], Y: [5, 6, 7] });
    const page = await open(srv, '/env/main');
    const a = page.locator('rb-plot[data-win="a"]');
    await eventually(() => a.evaluate((el: any) => el.uplot?.data[0].length)).toBe(3);
    await a.locator('input[type="range"]').fill('0');
    await eventually(() => a.evaluate((el: any) => el.uplot.series.length)).toBe(3);
    const box = (await a.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    await eventually(async () => (await a.locator('rb-plot-legend .item').allTextContents()).join(' ')).toMatch(/p\s*12[\s\S]*q\s*22/);
    await eventually(() => page.locator('rb-plot[data-win="b"]').evaluate((el: any) => el.uplot.cursor.idx)).toBe(2);
  });

  it('exports a pane as PNG and every point as CSV', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'w', X: [0, 1, 2], Y: [3, 4, 5] });
    const page = await open(srv, '/env/main');
    const plot = page.locator('rb-plot[data-win="w"]');
    await eventually(() => plot.evaluate((el: any) => el.uplot?.data[0].length)).toBe(3);
    const [png] = await Promise.all([page.waitForEvent('download'), plot.locator('button', { hasText: 'PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('main-w.png');
    const bytes = await new Promise<Buffer>(async (resolve) => {
      const chunks: Buffer[] = [];
      const stream = await png.createReadStream();
      stream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
    });
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    const href = await plot.locator('a', { hasText: 'CSV' }).getAttribute('href');
    const csv = await (await fetch(srv.url + href)).text();
    expect(csv.trim().split('\n')).toEqual(['trace,seq,x,y,t', expect.stringMatching(/^1,0,0,3,\d+$/), expect.stringMatching(/^1,1,1,4,/), expect.stringMatching(/^1,2,2,5,/)]);
  });

  it('applies markers, dash and colors from opts', async () => {
    const srv = await startServer();
    await line(srv, 'main', {
      win: 'w', X: [0, 1], Y: [[1, 2], [3, 4]],
      opts: { legend: ['a', 'b'], markers: true, markersize: 10, dash: ['solid', 'dash'], linecolor: [[255, 0, 0], [0, 0, 255]] },
    });
    const page = await open(srv, '/env/main');
    const plot = page.locator('rb-plot[data-win="w"]');
    await plot.locator('input[type="range"]').fill('0');
    await eventually(() => plot.evaluate((el: any) => el.uplot?.series.length)).toBe(3);
    const series: { stroke: string; dash: number[] }[] = await plot.evaluate((el: any) => el.uplot.series.slice(1).map((s: any) => ({ stroke: s._stroke, dash: s.dash })));
    // Plotly's 'dash' for a 2 px line, as Visdom draws it.
    expect(series.map((s) => s.dash)).toEqual([[], [9, 9]]);
    expect(series.map((s) => s.stroke)).toEqual(['rgb(255,0,0)', 'rgb(0,0,255)']);
    // Markers at every point: 3 px up, down, left and right of a point are all the trace colour
    // (a 10 px disc), while a 2 px line through a point covers at most two of them.
    const around = (x: number, y: number, rgb: number[]) =>
      plot.evaluate((el: any, [x, y, r, g, b]: number[]) => {
        const u = el.uplot;
        const px = Math.round(u.valToPos(x, 'x', true));
        const py = Math.round(u.valToPos(y, 'y', true));
        return [[3, 0], [-3, 0], [0, 3], [0, -3]].filter(([dx, dy]) => {
          const d = u.ctx.getImageData(px + dx!, py + dy!, 1, 1).data;
          return d[3] > 200 && Math.abs(d[0] - r!) < 80 && Math.abs(d[1] - g!) < 80 && Math.abs(d[2] - b!) < 80;
        }).length;
      }, [x, y, ...rgb]);
    expect(await around(0.5, 2, [255, 0, 0])).toBeLessThanOrEqual(2); // mid-line: only the line
    expect(await around(0, 1, [255, 0, 0])).toBe(4);
    expect(await around(1, 4, [0, 0, 255])).toBe(4);
  });
});
