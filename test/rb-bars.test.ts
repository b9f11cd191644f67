/**
 * Bar and histogram panes in headless Chromium, fed through the Visdom /events route
 * with the bodies the stock Python client sends: what uPlot draws, where, and what
 * hovering reads out.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { eventually, useChromium } from './browser.js';
import { startServer, type TestServer } from './helpers.js';
import { send } from './visdom-helpers.js';

const chromium = useChromium();

async function pane(srv: TestServer, body: object): Promise<{ page: Page; bars: Locator }> {
  const res = await send(srv.url, 'events', { eid: 'main', ...body });
  expect(res.status).toBe(200);
  const page = await chromium.browser.newPage();
  await page.goto(`${srv.url}/env/main`);
  const bars = page.locator(`rb-pane[data-win="${(body as { win: string }).win}"] rb-bars`);
  await eventually(() => bars.evaluate((el: any) => !!el.uplot)).toBe(true);
  return { page, bars };
}

/** vis.histogram(X, opts=dict(numbins=n)): counts at np.linspace(min, max, n). */
function histogram(win: string, lo: number, hi: number, n: number) {
  const x = Array.from({ length: n }, (_, i) => lo + (i * (hi - lo)) / (n - 1));
  const y = x.map((_, i) => 1 + ((i * 7) % 11));
  return { win, data: [{ y, x, type: 'bar' }], layout: { showlegend: false }, opts: { numbins: n, stacked: false } };
}

interface DrawnAxis {
  angle: number;
  font: number;
  labels: { text: string; x: number; w: number }[];
}

/** The x labels uPlot drew: text, centre (CSS px) and width measured in the axis font. */
function drawnX(bars: Locator): Promise<DrawnAxis> {
  return bars.evaluate((el: any) => {
    const u = el.uplot;
    const ax = u.axes[0];
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = ax.font[0];
    const px = parseFloat(/(\d+(\.\d+)?)px/.exec(ax.font[0])![1]!);
    const labels = ax._splits
      .map((s: number, i: number) => ({ text: ax._values[i], x: u.valToPos(s, 'x'), w: ctx.measureText(String(ax._values[i])).width / devicePixelRatio }))
      .filter((l: { text: unknown }) => l.text !== null && l.text !== '');
    return { angle: ax._rotate, font: px / devicePixelRatio, labels };
  });
}

/** Neighbouring labels clear each other: side by side when flat, across their lines when rotated. */
function expectNoOverlap(axis: DrawnAxis): void {
  const a = (axis.angle * Math.PI) / 180;
  for (let i = 1; i < axis.labels.length; i++) {
    const p = axis.labels[i - 1]!;
    const q = axis.labels[i]!;
    if (axis.angle === 0) expect(q.x - q.w / 2, `${p.text} | ${q.text}`).toBeGreaterThanOrEqual(p.x + p.w / 2);
    else expect((q.x - p.x) * Math.sin(a), `${p.text} | ${q.text}`).toBeGreaterThanOrEqual(axis.font);
  }
}

describe('bar and histogram panes', () => {
  it("labels a histogram's bins with a few digits and no two labels overlap", async () => {
    const srv = await startServer();
    const { bars } = await pane(srv, histogram('h', -2.344112839216, 2.912897145533, 30));
    const axis = await drawnX(bars);
    expect(axis.labels.length).toBeGreaterThanOrEqual(3);
    for (const l of axis.labels) expect(l.text).toMatch(/^-?\d{1,2}(\.\d{1,2})?$/);
    expectNoOverlap(axis);
  });

  it('rotates or thins long row names so none overlap, drawing them whole', async () => {
    const srv = await startServer();
    const rownames = Array.from({ length: 40 }, (_, i) => `validation fold ${i}`);
    const { bars } = await pane(srv, {
      win: 'b', data: [{ y: rownames.map((_, i) => i + 1), x: rownames, type: 'bar' }], layout: { showlegend: false }, opts: { rownames, stacked: false },
    });
    const axis = await drawnX(bars);
    expect(axis.labels.length).toBeGreaterThanOrEqual(10);
    for (const l of axis.labels) expect(rownames).toContain(l.text);
    expectNoOverlap(axis);
    // The axis is tall enough for the rotated names.
    expect(axis.angle).toBeGreaterThan(0);
    const size = await bars.evaluate((el: any) => el.uplot.axes[0]._size);
    const widest = Math.max(...axis.labels.map((l) => l.w));
    expect(size).toBeGreaterThanOrEqual(widest * Math.sin((axis.angle * Math.PI) / 180));
  });

  it("shows the hovered bar's label, series and value", async () => {
    const srv = await startServer();
    const { page, bars } = await pane(srv, {
      win: 'g',
      data: [
        { y: [1, 2, 3], x: ['a', 'b', 'c'], type: 'bar', name: 'p' },
        { y: [4, 5, 6], x: ['a', 'b', 'c'], type: 'bar', name: 'q' },
      ],
      layout: { showlegend: true }, opts: { rownames: ['a', 'b', 'c'], legend: ['p', 'q'], stacked: false },
    });
    expect(await bars.locator('.readout').textContent()).toBe('');
    // Grouped as Plotly groups: within 0.8 of a category, q is the right half of b.
    const at = await bars.evaluate((el: any) => ({ x: el.uplot.valToPos(1.2, 'x'), y: el.uplot.valToPos(2, 'y') }));
    const box = (await bars.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + at.x, box.y + at.y);
    await eventually(() => bars.locator('.readout').textContent()).toBe('b · q: 5');
    await page.mouse.move(box.x + (await bars.evaluate((el: any) => el.uplot.valToPos(-0.2, 'x'))), box.y + at.y);
    await eventually(() => bars.locator('.readout').textContent()).toBe('a · p: 1');
  });

  it('stacks a negative value below zero, as Plotly does', async () => {
    const srv = await startServer();
    const { bars } = await pane(srv, {
      win: 's',
      data: [
        { y: [2], x: ['a'], type: 'bar', name: 'p' },
        { y: [-1], x: ['a'], type: 'bar', name: 'q' },
      ],
      layout: { showlegend: true, barmode: 'stack' }, opts: { rownames: ['a'], legend: ['p', 'q'], stacked: true },
    });
    const pixel = (y: number) =>
      bars.evaluate((el: any, y: number) => {
        const u = el.uplot;
        return Array.from(u.ctx.getImageData(Math.round(u.valToPos(0, 'x', true)), Math.round(u.valToPos(y, 'y', true)), 1, 1).data).slice(0, 3);
      }, y);
    // Plotly's first two trace colours, as Visdom draws them: #1f77b4 and #ff7f0e.
    await eventually(() => pixel(1)).toEqual([0x1f, 0x77, 0xb4]);
    expect(await pixel(-0.5)).toEqual([0xff, 0x7f, 0x0e]);
    expect(await bars.evaluate((el: any) => el.uplot.scales.y.min)).toBeLessThan(-1);
  });

  it('applies xtickmin/xtickmax and ytickvals/yticklabels', async () => {
    const srv = await startServer();
    const { bars } = await pane(srv, {
      win: 't',
      data: [{ y: [3, 7, 10], x: [1, 2, 3], type: 'bar' }],
      layout: { showlegend: false, xaxis: { range: [0, 10] }, yaxis: { tickvals: [0, 5, 10], ticktext: ['none', 'half', 'full'] } },
      opts: { xtickmin: 0, xtickmax: 10, ytickvals: [0, 5, 10], yticklabels: ['none', 'half', 'full'], stacked: false },
    });
    expect(await bars.evaluate((el: any) => [el.uplot.scales.x.min, el.uplot.scales.x.max])).toEqual([0, 10]);
    expect(await bars.evaluate((el: any) => el.uplot.axes[1]._values)).toEqual(['none', 'half', 'full']);
  });
});
