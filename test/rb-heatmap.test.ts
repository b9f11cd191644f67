/**
 * Heatmap panes in headless Chromium, fed the bodies the stock Python client sends to
 * /events: canvas pixels for colour scales and clamping, the labels as drawn, and the
 * hover readout.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { eventually, useChromium } from './browser.js';
import { startServer, type TestServer } from './helpers.js';
import { send } from './visdom-helpers.js';

const chromium = useChromium();

/** vis.heatmap(X=z, win=win, opts=opts) as the stock client sends it. */
function heatmap(win: string, z: number[][], opts: Record<string, unknown>, layout: object = {}) {
  return {
    win,
    data: [{ z, x: opts.columnnames ?? null, y: opts.rownames ?? null, zmin: opts.xmin ?? null, zmax: opts.xmax ?? null, type: 'heatmap', colorscale: opts.colormap ?? 'Viridis' }],
    layout: { showlegend: false, ...layout },
    opts,
  };
}

async function pane(srv: TestServer, body: { win: string }): Promise<{ page: Page; hm: Locator }> {
  const res = await send(srv.url, 'events', { eid: 'main', ...body });
  expect(res.status).toBe(200);
  const page = await chromium.browser.newPage();
  await page.goto(`${srv.url}/env/main`);
  const hm = page.locator(`rb-pane[data-win="${body.win}"] rb-heatmap`);
  await eventually(() => hm.evaluate((el: any) => !!el.geometry)).toBe(true);
  return { page, hm };
}

/** The canvas pixel at the centre of cell (row, col), as drawn. */
function cellPixel(hm: Locator, row: number, col: number): Promise<number[]> {
  return hm.evaluate<number[], [number, number]>(
    (el: any, [r, c]) => {
      const g = el.geometry;
      const x = g.left + ((c - g.x[0]) / (g.x[1] - g.x[0])) * g.width;
      const y = g.top + ((g.y[1] - r) / (g.y[1] - g.y[0])) * g.height;
      const canvas = el.renderRoot.querySelector('canvas');
      return Array.from(canvas.getContext('2d').getImageData(Math.round(x * devicePixelRatio), Math.round(y * devicePixelRatio), 1, 1).data as Uint8ClampedArray).slice(0, 3) as number[];
    },
    [row, col],
  );
}

describe('heatmap panes', () => {
  it("colours cells on Plotly's Greys scale: black at the minimum, white at the maximum", async () => {
    const srv = await startServer();
    const { hm } = await pane(srv, heatmap('g', [[0, 1], [2, 3]], { colormap: 'Greys' }));
    await eventually(() => cellPixel(hm, 1, 1)).toEqual([255, 255, 255]);
    expect(await cellPixel(hm, 0, 0)).toEqual([0, 0, 0]);
    const mid = await cellPixel(hm, 0, 1);
    for (const c of mid) expect(c).toBeCloseTo(85, -1);
  });

  it('clamps values outside xmin..xmax to the ends of the scale', async () => {
    const srv = await startServer();
    const { hm } = await pane(srv, heatmap('c', [[-5, 0.5, 10]], { colormap: 'Hot', xmin: 0, xmax: 1 }));
    await eventually(() => cellPixel(hm, 0, 0)).toEqual([0, 0, 0]);
    expect(await cellPixel(hm, 0, 2)).toEqual([255, 255, 255]);
  });

  it('draws many long column and row names whole, rotated or thinned so none overlap', async () => {
    const srv = await startServer();
    const columnnames = Array.from({ length: 60 }, (_, i) => `feature_${i}_norm`);
    const rownames = Array.from({ length: 80 }, (_, i) => `layer ${i}.weight`);
    const z = rownames.map((_, r) => columnnames.map((_, c) => r * c));
    const { hm } = await pane(srv, heatmap('n', z, { columnnames, rownames }));
    const labels: { axis: string; text: string; x: number; y: number; angle: number; width: number }[] = await hm.evaluate((el: any) => el.drawnLabels);
    const cols = labels.filter((l) => l.axis === 'x');
    const rows = labels.filter((l) => l.axis === 'y');
    // Thinned, not dropped: at least half as many as the room holds at one per line.
    const g = await hm.evaluate((el: any) => el.geometry);
    expect(cols.length).toBeGreaterThanOrEqual(Math.min(60, Math.floor(g.width / 15 / 2)));
    expect(rows.length).toBeGreaterThanOrEqual(Math.min(80, Math.floor(g.height / 15 / 2)));
    for (const l of cols) expect(columnnames).toContain(l.text);
    for (const l of rows) expect(rownames).toContain(l.text);
    for (let i = 1; i < cols.length; i++) {
      const p = cols[i - 1]!;
      const q = cols[i]!;
      if (q.angle === 0) expect(q.x - q.width / 2).toBeGreaterThanOrEqual(p.x + p.width / 2);
      else expect((q.x - p.x) * Math.sin((q.angle * Math.PI) / 180)).toBeGreaterThanOrEqual(13);
    }
    for (let i = 1; i < rows.length; i++) expect(Math.abs(rows[i]!.y - rows[i - 1]!.y)).toBeGreaterThanOrEqual(13);
    // Rotated names end inside the canvas.
    const height = await hm.evaluate((el: any) => el.renderRoot.querySelector('canvas').clientHeight);
    for (const l of cols) expect(l.y + l.width * Math.sin((l.angle * Math.PI) / 180)).toBeLessThanOrEqual(height + 1);
  });

  it('shows the row, column and value under the pointer within the xtickmin..xtickmax range', async () => {
    const srv = await startServer();
    const body = heatmap('r', [[1, 2, 3, 4], [5, 6, 7, 8]], { columnnames: ['a', 'b', 'c', 'd'], rownames: ['r1', 'r2'], xtickmin: 0.5, xtickmax: 3.5 }, { xaxis: { range: [0.5, 3.5] } });
    const { page, hm } = await pane(srv, body);
    const g = await hm.evaluate((el: any) => el.geometry);
    const box = (await hm.locator('canvas').boundingBox())!;
    // The left edge shows column b (a is outside the range); the top row is r2.
    await page.mouse.move(box.x + g.left + 3, box.y + g.top + 3);
    await eventually(() => hm.locator('.readout').textContent()).toBe('r2 × b: 6');
    await page.mouse.move(box.x + g.left + g.width - 3, box.y + g.top + g.height - 3);
    await eventually(() => hm.locator('.readout').textContent()).toBe('r1 × d: 4');
  });
});
