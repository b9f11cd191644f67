/**
 * What line and scatter panes draw, in headless Chromium against the real server:
 * uPlot's data and options, and the canvas pixels of lines, markers, fills and
 * dashes. Bodies are shaped as the stock Visdom client sends them where it matters.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { eventually, openPage, useChromium } from './browser.js';
import { post, startServer, type TestServer } from './helpers.js';
import { fixture } from './visdom-helpers.js';

const chromium = useChromium();

const open = (srv: TestServer, path: string) => openPage(chromium, srv.url + path);

const plot = (page: Page, win: string): Locator => page.locator(`rb-plot[data-win="${win}"]`);
const line = (srv: TestServer, env: string, body: object) => post(`${srv.url}/api/env/${encodeURIComponent(env)}/line`, body);
const events = (srv: TestServer, body: object) => post(`${srv.url}/events`, JSON.stringify(body));

/** Pixels of the plot area whose colour is within `tol` of `rgb` (alpha > 0). */
function countColor(p: Locator, rgb: [number, number, number], tol = 40): Promise<number> {
  return p.evaluate(
    (el: any, [r, g, b, tol]: number[]) => {
      const u = el.uplot;
      const { left, top, width, height } = u.bbox;
      const d = u.ctx.getImageData(left, top, width, height).data as Uint8ClampedArray;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3]! > 0 && Math.abs(d[i]! - r!) <= tol! && Math.abs(d[i + 1]! - g!) <= tol! && Math.abs(d[i + 2]! - b!) <= tol!) n++;
      }
      return n;
    },
    [...rgb, tol],
  );
}

const BLUE: [number, number, number] = [0x1f, 0x77, 0xb4];
const ORANGE: [number, number, number] = [0xff, 0x7f, 0x0e];

describe('line panes draw what was logged', () => {
  it('draws raw values by default: v.line(X=[0,1,2,3], Y=[1,4,9,16]) ends at 16', async () => {
    const srv = await startServer();
    await events(srv, { data: [{ x: [0, 1, 2, 3], y: [1, 4, 9, 16], name: '1', type: 'scatter', mode: 'lines' }], win: 'sq', eid: 'main', layout: {}, opts: {} });
    const page = await open(srv, '/env/main');
    await eventually(() => plot(page, 'sq').evaluate((el: any) => el.uplot?.data)).toEqual([[0, 1, 2, 3], [1, 4, 9, 16]]);
    // The line's last drawn point is at y = 16: the canvas has the line colour at that pixel.
    const at16 = await plot(page, 'sq').evaluate((el: any) => {
      const u = el.uplot;
      const x = Math.round(u.valToPos(3, 'x', true)) - 1;
      const y = Math.round(u.valToPos(16, 'y', true));
      const d = u.ctx.getImageData(x - 2, y - 2, 5, 5).data;
      let hit = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i + 2] > 120 && d[i] < 100) hit++;
      return hit;
    });
    expect(at16).toBeGreaterThan(0);
    expect(await plot(page, 'sq').locator('rb-plot-toolbar .val').textContent()).toBe('0.00');
  });

  it('keeps the smoothed line of a sparse trace beside a dense one', async () => {
    const srv = await startServer();
    const X = Array.from({ length: 101 }, (_, i) => i);
    await line(srv, 'main', { win: 'tv', X, Y: X.map((i) => 5 - i / 50), name: 'train' });
    await line(srv, 'main', { win: 'tv', X: [0, 50, 100], Y: [5.5, 4.5, 3.5], name: 'val', update: 'append' });
    const page = await open(srv, '/env/main?smooth=0.6');
    const p = plot(page, 'tv');
    await eventually(() => p.evaluate((el: any) => el.uplot?.series.length)).toBe(5);
    // val's smoothed series (4) has values only where val has points, and no null (a gap) anywhere.
    const col = await p.evaluate((el: any) => el.uplot.data[4]);
    expect(col.filter((v: unknown) => v !== undefined && v !== null)).toHaveLength(3);
    expect(col.filter((v: unknown) => v === null)).toHaveLength(0);
    // And it is drawn: a long orange line, not three dots.
    await eventually(() => countColor(p, ORANGE, 30)).toBeGreaterThan(150);
    // The legend says which value is smoothed and which is raw.
    await p.locator('.u-over').hover({ position: { x: 100, y: 40 } });
    await eventually(() => p.locator('rb-plot-legend .item[data-trace="val"]').textContent()).toMatch(/smoothed .* · raw /);
  });

  it('draws a one-point window and a point isolated between gaps as markers', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'one', X: [5], Y: [2] });
    await line(srv, 'main', { win: 'iso', X: [0, 1, 2, 3, 4], Y: [1, 2, null, 3, null] });
    const page = await open(srv, '/env/main');
    await eventually(() => countColor(plot(page, 'one'), BLUE, 30)).toBeGreaterThan(12);
    const p = plot(page, 'iso');
    await eventually(() => p.evaluate((el: any) => el.uplot?.data[0].length)).toBe(5);
    // The marker at (3, 3): the line colour around that pixel.
    const around = await p.evaluate((el: any) => {
      const u = el.uplot;
      const d = u.ctx.getImageData(Math.round(u.valToPos(3, 'x', true)) - 2, Math.round(u.valToPos(3, 'y', true)) - 2, 5, 5).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && Math.abs(d[i] - 0x1f) < 40 && Math.abs(d[i + 2] - 0xb4) < 40) n++;
      return n;
    });
    expect(around).toBeGreaterThan(8);
  });

  it('draws log x of a run that starts at step 0, and says what it left out', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'lx', X: [0, 1, 10, 100], Y: [4, 3, 2, 1], opts: { xtype: 'log' } });
    const page = await open(srv, '/env/main');
    const p = plot(page, 'lx');
    await eventually(() => p.evaluate((el: any) => el.uplot?.scales.x.distr)).toBe(3);
    await eventually(() => countColor(p, BLUE, 30)).toBeGreaterThan(100);
    await expect(p.locator('.note').textContent()).resolves.toContain('1 point with x ≤ 0 not shown');
  });

  it('labels a learning rate peaking at 3e-4 with readable, distinct ticks', async () => {
    const srv = await startServer();
    const Y = [0, 5e-5, 1e-4, 2e-4, 3e-4, 2.5e-4, 2e-4, 1e-4];
    await line(srv, 'main', { win: 'lr', Y });
    const page = await open(srv, '/env/main');
    const p = plot(page, 'lr');
    await eventually(() => p.evaluate((el: any) => el.uplot?.axes[1]._values?.length ?? 0)).toBeGreaterThan(2);
    const ticks: string[] = await p.evaluate((el: any) => el.uplot.axes[1]._values);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.filter((t) => t === '0').length).toBeLessThanOrEqual(1);
  });

  it('puts points on the time axes at the times the trainer sent, not the receive time', async () => {
    const srv = await startServer();
    const t0 = 1_764_000_000;
    // A batching trainer flushes 4 steps logged a second apart in one request.
    await line(srv, 'main', { win: 'w', X: [0, 1, 2, 3], Y: [4, 3, 2, 1], T: [t0, t0 + 1, t0 + 2, t0 + 3] });
    const page = await open(srv, '/env/main');
    const p = plot(page, 'w');
    await eventually(() => p.evaluate((el: any) => !!el.uplot)).toBe(true);
    await p.locator('select').selectOption('wall');
    await eventually(() => p.evaluate((el: any) => el.uplot.data[0])).toEqual([t0, t0 + 1, t0 + 2, t0 + 3]);
    await p.locator('select').selectOption('relative');
    await eventually(() => p.evaluate((el: any) => el.uplot.data[0])).toEqual([0, 1, 2, 3]);
  });

  it('keeps wall-time tick labels apart, over a minute, an hour, a day and a month', async () => {
    const srv = await startServer();
    const t0 = 1_764_000_000;
    const spans = [60, 3600, 86_400, 30 * 86_400];
    for (const span of spans) {
      const X = Array.from({ length: 50 }, (_, i) => i);
      await line(srv, 'main', { win: `w${span}`, X, Y: X.map((i) => i % 7), T: X.map((i) => t0 + (span * i) / 49) });
    }
    const page = await open(srv, '/env/main');
    for (const span of spans) {
      const p = plot(page, `w${span}`);
      await p.scrollIntoViewIfNeeded();
      await eventually(() => p.evaluate((el: any) => !!el.uplot)).toBe(true);
      await p.locator('select').selectOption('wall');
      await eventually(() => p.evaluate((el: any) => el.uplot.scales.x.time)).toBe(true);
      const gap = await p.evaluate((el: any) => {
        const u = el.uplot;
        const ax = u.axes[0];
        const ctx = u.ctx;
        ctx.save();
        ctx.font = ax.font[0];
        const pos = ax._splits.map((v: number) => u.valToPos(v, 'x', true));
        // A label may have two lines (time, then date): its widest line counts.
        const widths = ax._values.map((s: string) => Math.max(...String(s).split('\n').map((l) => ctx.measureText(l).width)));
        ctx.restore();
        let worst = Infinity;
        for (let i = 1; i < pos.length; i++) worst = Math.min(worst, pos[i] - pos[i - 1] - (widths[i] + widths[i - 1]) / 2);
        return worst;
      });
      expect(gap, `span ${span} s`).toBeGreaterThan(4);
    }
  });
});

describe('Visdom styling', () => {
  it('draws linecolor and dash as the stock client sends them on each trace', async () => {
    const srv = await startServer();
    await events(srv, {
      data: [
        { x: [0, 1, 2], y: [1, 2, 3], name: 'a', type: 'scatter', mode: 'lines', line: { color: '#ff0000', dash: 'dash' } },
        { x: [0, 1, 2], y: [3, 2, 1], name: 'b', type: 'scatter', mode: 'lines', line: { color: '#00c000' } },
      ],
      win: 'st', eid: 'main', layout: {}, opts: {},
    });
    const page = await open(srv, '/env/main');
    const p = plot(page, 'st');
    await eventually(() => p.evaluate((el: any) => el.uplot?.series.slice(1).map((s: any) => [s._stroke, s.dash]))).toEqual([
      ['#ff0000', [9, 9]],
      ['#00c000', []],
    ]);
    // A dashed line covers about half the pixels of a solid one of the same length.
    const red = await countColor(p, [255, 0, 0], 60);
    const green = await countColor(p, [0, 0xc0, 0], 60);
    expect(red).toBeGreaterThan(30);
    expect(red).toBeLessThan(green * 0.8);
  });

  it('draws markers with their symbol, size and per-point colour, and text labels', async () => {
    const srv = await startServer();
    await events(srv, {
      data: [{
        x: [1, 2, 3], y: [1, 3, 2], name: '1', type: 'scatter', mode: 'markers+text', text: ['p', 'q', 'r'], textposition: 'right',
        marker: { size: 16, symbol: 'square', color: ['#ff0000', '#00ff00', '#0000ff'], line: { color: '#000000', width: 0.5 } },
      }],
      win: 'sc', eid: 'main', layout: {}, opts: { mode: 'markers+text', markersymbol: 'square', markersize: 16 },
    });
    const page = await open(srv, '/env/main');
    const p = plot(page, 'sc');
    await eventually(() => countColor(p, [255, 0, 0], 30)).toBeGreaterThan(150);
    expect(await countColor(p, [0, 255, 0], 30)).toBeGreaterThan(150);
    expect(await countColor(p, [0, 0, 255], 30)).toBeGreaterThan(150);
    // A 16 px square, not a circle: 6 px right and 6 px down of the centre (8.5 px away, outside a 16 px circle) is red.
    const corner = await p.evaluate((el: any) => {
      const u = el.uplot;
      const d = u.ctx.getImageData(Math.round(u.valToPos(1, 'x', true)) + 6, Math.round(u.valToPos(1, 'y', true)) + 6, 1, 1).data;
      return [...d];
    });
    expect(corner[0]).toBeGreaterThan(200);
    expect(corner[1]).toBeLessThan(60);
    // The text label sits right of its marker, not across it: label-coloured pixels right of (3, 2), none left of it.
    const [right, left] = await p.evaluate((el: any) => {
      const u = el.uplot;
      const x = Math.round(u.valToPos(3, 'x', true));
      const y = Math.round(u.valToPos(2, 'y', true));
      const grey = (x0: number) => {
        const d = u.ctx.getImageData(x0, y - 6, 16, 12).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 100 && Math.abs(d[i] - d[i + 2]) < 40 && d[i] > 90 && d[i + 1] > 90) n++;
        return n;
      };
      return [grey(x + 10), grey(x - 26)];
    });
    expect(right).toBeGreaterThan(5);
    expect(left).toBe(0);
  });

  it('fills a stacked area (fillarea) between each trace and the one below', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'area', X: [0, 1, 2, 3], Y: [[1, 3], [2, 4], [1.5, 3.5], [2, 5]], opts: { fillarea: true } });
    const page = await open(srv, '/env/main');
    const p = plot(page, 'area');
    await eventually(() => p.evaluate((el: any) => el.uplot?.series.slice(1).map((s: any) => !!s.fill))).toEqual([true, true]);
    // Midway between the two lines, at x = 1 (y = 3): the upper trace's fill colour.
    const mid = await p.evaluate((el: any) => {
      const u = el.uplot;
      const d = u.ctx.getImageData(Math.round(u.valToPos(1.5, 'x', true)), Math.round(u.valToPos(2.9, 'y', true)), 1, 1).data;
      return [...d];
    });
    expect(mid[3]).toBeGreaterThan(0);
    expect(mid[0]).toBeGreaterThan(mid[2]!); // orange-ish, the second trace's colour
  });

  it('puts the second trace of dual_axis_lines on a right-hand y axis', async () => {
    const srv = await startServer();
    await events(srv, {
      data: [
        { x: [0, 1, 2], y: [1, 2, 3], name: 'loss', type: 'scatter', mode: 'lines' },
        { x: [0, 1, 2], y: [100, 50, 10], name: 'acc', type: 'scatter', mode: 'lines', yaxis: 'y2' },
      ],
      win: 'dual', eid: 'main', layout: { yaxis: { title: 'loss' }, yaxis2: { title: 'acc', overlaying: 'y', side: 'right' } }, opts: {},
    });
    const page = await open(srv, '/env/main');
    const p = plot(page, 'dual');
    await eventually(() => p.evaluate((el: any) => el.uplot?.series[2].scale)).toBe('y2');
    const axes = await p.evaluate((el: any) => el.uplot.axes.map((a: any) => [a.scale, a.side, a.label]));
    expect(axes).toEqual([['x', 2, 'step'], ['y', 3, 'loss'], ['y2', 1, 'acc']]);
    expect(await p.evaluate((el: any) => [el.uplot.scales.y.max < 10, el.uplot.scales.y2.max >= 100])).toEqual([true, true]);
  });

  it('draws stem segments, split by null separators', async () => {
    const srv = await startServer();
    await events(srv, {
      data: [{ x: [1, 1, null, 2, 2, null, 3, 3, null], y: [0, 0.5, null, 0, 0.25, null, 0, 0.75, null], name: '1', type: 'scatter', mode: 'lines' }],
      win: 'stem', eid: 'main', layout: {}, opts: {},
    });
    const page = await open(srv, '/env/main');
    const p = plot(page, 'stem');
    await eventually(() => countColor(p, BLUE, 30)).toBeGreaterThan(60);
    // Nothing is drawn between the stems: no blue at half height midway between x = 1 and x = 2.
    const between = await p.evaluate((el: any) => {
      const u = el.uplot;
      const d = u.ctx.getImageData(Math.round(u.valToPos(1.5, 'x', true)), 0, 1, u.bbox.top + u.bbox.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i + 2] > 150 && d[i] < 80) n++;
      return n;
    });
    expect(between).toBe(0);
  });

  it('draws quiver arrows as logged, not as a zigzag sorted by x', async () => {
    const srv = await startServer();
    // Two arrows as vis.quiver sends them: a shaft and a head per arrow, separated by null.
    await post(`${srv.url}/events`, fixture('quiver_create'));
    const page = await open(srv, '/env/main');
    const p = plot(page, 'quiver');
    await eventually(() => p.evaluate((el: any) => el.view?.traces[0]?.x.length ?? 0)).toBe(14);
    const lit = (x: number, y: number) =>
      p.evaluate((el: any, [x, y]: number[]) => {
        const u = el.uplot;
        const d = u.ctx.getImageData(Math.round(u.valToPos(x, 'x', true)) - 1, Math.round(u.valToPos(y, 'y', true)) - 1, 3, 3).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 100 && d[i + 2] > 120 && d[i] < 100) n++;
        return n;
      }, [x, y]);
    // On both shafts: (0.5, 0) and (1, 0.5).
    expect(await lit(0.5, 0)).toBeGreaterThan(0);
    expect(await lit(1, 0.5)).toBeGreaterThan(0);
    // Not on the diagonal a zigzag through the points sorted by x would draw from (0, 0) to (0.8, 0.1)…: (0.5, 0.5) is empty.
    expect(await lit(0.5, 0.5)).toBe(0);
  });

  it('applies tick values, labels and ranges from opts and layoutopts.plotly', async () => {
    const srv = await startServer();
    await events(srv, {
      data: [{ x: [0, 1, 2, 3], y: [1, 2, 3, 4], name: '1', type: 'scatter', mode: 'lines' }],
      win: 'ticks', eid: 'main',
      layout: { xaxis: { tickvals: [0, 1, 2, 3], ticktext: ['zero', 'one', 'two', 'three'] }, yaxis: { range: [0, 10] } },
      opts: {},
    });
    const page = await open(srv, '/env/main');
    const p = plot(page, 'ticks');
    await eventually(() => p.evaluate((el: any) => el.uplot?.axes[0]._values)).toEqual(['zero', 'one', 'two', 'three']);
    expect(await p.evaluate((el: any) => [el.uplot.scales.y.min, el.uplot.scales.y.max])).toEqual([0, 10]);
  });
});

describe('pane size', () => {
  it('starts at the width and height the window opts ask for', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'big', Y: [1, 2], opts: { width: 900, height: 520 } });
    await line(srv, 'main', { win: 'small', Y: [1, 2] });
    const page = await open(srv, '/env/main');
    const box = (w: string) => page.locator(`rb-pane[data-win="${w}"]`).boundingBox();
    await eventually(async () => Math.round((await box('big'))?.height ?? 0)).toBe(520);
    expect(Math.round((await box('small'))!.height)).toBe(300);
    // Two grid columns: wider than the one-column pane.
    expect((await box('big'))!.width).toBeGreaterThan((await box('small'))!.width * 1.8);
  });
});

describe('smoothing control', () => {
  it('is off by default, set once in the header for every pane, remembered across reloads, and overridable per pane', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'a', Y: [1, 5, 2, 8] });
    await line(srv, 'main', { win: 'b', Y: [3, 1, 4, 1] });
    const page = await open(srv, '/env/main');
    const series = (w: string) => plot(page, w).evaluate((el: any) => el.uplot?.series.length);
    await eventually(() => series('a')).toBe(2);
    await page.locator('rb-app input.smoothing').fill('0.6');
    await eventually(() => series('a')).toBe(3);
    await eventually(() => series('b')).toBe(3);
    expect(new URL(page.url()).searchParams.get('smooth')).toBe('0.6');
    await page.goto(`${srv.url}/env/main`);
    await eventually(() => series('b')).toBe(3);
    // Pane b alone back to the logged values; a still follows the header.
    await plot(page, 'b').locator('rb-plot-toolbar input[type="range"]').fill('0');
    await eventually(() => series('b')).toBe(2);
    expect(await series('a')).toBe(3);
  });
});

describe('legend and export', () => {
  it('shows the legend only where Visdom does, and the values under the cursor over the chart otherwise', async () => {
    const srv = await startServer();
    // vis.line(Y) without opts.legend: Visdom's layout says showlegend false.
    await events(srv, { data: [{ x: [0, 1, 2], y: [3, 1, 2], name: '1', type: 'scatter', mode: 'lines' }], win: 'bare', eid: 'main', layout: { showlegend: false }, opts: {} });
    await events(srv, { data: [{ x: [0, 1, 2], y: [3, 1, 2], name: 'loss', type: 'scatter', mode: 'lines' }], win: 'named', eid: 'main', layout: { showlegend: true }, opts: { legend: ['loss'] } });
    const page = await open(srv, '/env/main');
    await eventually(() => plot(page, 'named').locator('rb-plot-legend .item').count()).toBe(1);
    expect(await plot(page, 'bare').locator('rb-plot-legend').count()).toBe(0);
    await plot(page, 'bare').locator('.u-over').hover({ position: { x: 5, y: 20 } });
    await eventually(async () => (await plot(page, 'bare').locator('.hover rb-plot-legend .item').allTextContents()).join(' ')).toMatch(/1\s*3/);
  });

  it('draws the zero line and starts a filled area at zero, as Plotly does', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'z', X: [0, 1, 2], Y: [-1, 2, 1] });
    await line(srv, 'main', { win: 'f', X: [0, 1, 2], Y: [5, 6, 5.5], opts: { fillarea: true } });
    const page = await open(srv, '/env/main');
    await eventually(() => plot(page, 'f').evaluate((el: any) => el.uplot?.scales.y.min)).toBeLessThanOrEqual(0);
    // The zero line is brighter than the grid next to it, at the left end where no data is drawn over it.
    const [zero, off] = await plot(page, 'z').evaluate((el: any) => {
      const u = el.uplot;
      const y = Math.round(u.valToPos(0, 'y', true));
      const x = Math.round(u.bbox.left + u.bbox.width - 3);
      const at = (yy: number) => u.ctx.getImageData(x, yy, 1, 1).data[3];
      return [Math.max(at(y), at(y + 1)), at(y + 6)];
    });
    expect(zero).toBeGreaterThan(off + 20);
  });

  it('keeps the legend height while the cursor moves', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'w', X: [0, 1, 2], Y: [[1, 2, 3], [2, 3, 4], [3, 4, 5]], opts: { legend: ['train_loss_long_name', 'val_loss_long_name', 'lr'] } });
    const page = await open(srv, '/env/main');
    const legend = plot(page, 'w').locator('rb-plot-legend');
    await eventually(() => legend.locator('.item').count()).toBe(3);
    const before = await legend.evaluate((el) => el.getBoundingClientRect().height);
    await plot(page, 'w').locator('.u-over').hover({ position: { x: 50, y: 30 } });
    await eventually(() => legend.locator('.v').first().textContent()).not.toBe('');
    expect(await legend.evaluate((el) => el.getBoundingClientRect().height)).toBe(before);
  });

  it('exports a PNG at 2× with the title and the legend', async () => {
    const srv = await startServer();
    await line(srv, 'main', { win: 'w', X: [0, 1, 2], Y: [[1, 2], [2, 3], [3, 1]], opts: { title: 'Loss', legend: ['G', 'D'] } });
    const page = await open(srv, '/env/main');
    const p = plot(page, 'w');
    await eventually(() => p.evaluate((el: any) => !!el.uplot)).toBe(true);
    const got = await p.evaluate(async (el: any) => {
      const png = await el.renderPng();
      const g = png.getContext('2d');
      // The two legend swatches: blue and orange pixels below the chart.
      const top = png.height - 40;
      const d = g.getImageData(0, top, png.width, 40).data;
      let blue = 0;
      let orange = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - 0x1f) < 30 && Math.abs(d[i + 2] - 0xb4) < 30) blue++;
        if (Math.abs(d[i] - 0xff) < 30 && Math.abs(d[i + 1] - 0x7f) < 30 && d[i + 2] < 60) orange++;
      }
      const c = el.uplot.ctx.canvas;
      return { w: png.width, h: png.height, cw: c.width / devicePixelRatio, ch: c.height / devicePixelRatio, blue, orange };
    });
    expect(got.w).toBe(got.cw * 2);
    expect(got.h).toBeGreaterThan(got.ch * 2);
    expect(got.blue).toBeGreaterThan(20);
    expect(got.orange).toBeGreaterThan(20);
  });
});
