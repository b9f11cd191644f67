/**
 * A big env in headless Chromium: the panes in view are built before any pane off
 * screen, panes keep their size when they scroll into view (no relayout), a pane
 * whose data followed the snapshot draws exactly what was logged once scrolled to,
 * and an append to a pane off screen is drawn when it scrolls in, not before.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, useChromium } from './browser.js';
import { post, startServer, type TestServer } from './helpers.js';

const chromium = useChromium();
const id = (i: number) => `w${String(i).padStart(2, '0')}`;

async function fillEnv(srv: TestServer, env: string, windows: number, points: number): Promise<number[][][]> {
  const logged: number[][][] = [];
  for (let i = 0; i < windows; i++) {
    const X = Array.from({ length: points }, (_, k) => k);
    const Y = X.map((k) => [Math.sin(k / 7 + i), Math.cos(k / 5 + i), i + k / points]);
    logged.push([0, 1, 2].map((t) => Y.map((y) => y[t]!)));
    const res = await post(`${srv.url}/api/env/${env}/line`, { win: id(i), X, Y });
    expect(res.status).toBe(200);
  }
  return logged;
}

async function open(srv: TestServer, path: string): Promise<Page> {
  const page = await chromium.browser.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(srv.url + path);
  return page;
}

/** Per pane: its build order (0: not built), whether it is in the viewport, its height. */
function panes(page: Page) {
  return page.locator('rb-pane').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      const plot = el.shadowRoot!.querySelector('rb-plot') as (Element & { buildOrder: number; uplot: unknown }) | null;
      return { win: (el as HTMLElement).dataset.win!, built: plot?.uplot ? plot.buildOrder : 0, inView: r.bottom > 0 && r.top < innerHeight, height: r.height };
    }),
  );
}

describe('an env of many windows', () => {
  it('builds every chart in view before any chart off screen, and panes keep their size when they scroll into view', async () => {
    const srv = await startServer();
    await fillEnv(srv, 'big', 60, 50);
    const page = await open(srv, '/env/big');
    // Every chart gets built (those off screen in idle time), without any scrolling.
    await eventually(async () => (await panes(page)).filter((p) => p.built > 0).length, 30_000).toBe(60);
    const all = await panes(page);
    const inView = all.filter((p) => p.inView);
    const offScreen = all.filter((p) => !p.inView);
    expect(inView.length).toBeGreaterThan(2);
    expect(offScreen.length).toBeGreaterThan(30);
    expect(Math.max(...inView.map((p) => p.built))).toBeLessThan(Math.min(...offScreen.map((p) => p.built)));
    // Scrolling to the end lays out no pane at a new size: each off-screen pane already had its height.
    const heights = new Map(all.map((p) => [p.win, p.height]));
    // A chart built off screen, scrolled to unchanged, is not drawn again (nor resized, which draws).
    const far = page.locator(`rb-plot[data-win="${id(59)}"]`);
    await far.evaluate((el: any) => {
      const ctx = el.uplot.ctx;
      el.redraws = 0;
      const clear = ctx.clearRect.bind(ctx);
      ctx.clearRect = (...a: [number, number, number, number]) => (el.redraws++, clear(...a));
    });
    await page.locator(`rb-pane[data-win="${id(59)}"]`).scrollIntoViewIfNeeded();
    await eventually(() => far.evaluate((el: any) => el.active)).toBe(true);
    // Its update has run and two frames have passed (draws wait at most for the next one).
    await far.evaluate(async (el: any) => {
      await el.updateComplete;
      for (let i = 0; i < 2; i++) await new Promise((r) => requestAnimationFrame(r));
    });
    expect(await far.evaluate((el: any) => [el.redraws, el.builds])).toEqual([0, 1]);
    for (const p of await panes(page)) expect([p.win, p.height]).toEqual([p.win, heights.get(p.win)]);
  }, 60_000);

  it('draws exactly what was logged in a pane whose data followed the snapshot, scrolled to at once', async () => {
    const srv = await startServer();
    // 3 traces × 300 points a window (fewer than a pane's pixel columns: drawn raw). The
    // snapshot carries the first windows' data; the last windows' data follows it.
    const logged = await fillEnv(srv, 'deep', 60, 300);
    const page = await open(srv, '/env/deep');
    const last = page.locator(`rb-plot[data-win="${id(59)}"]`);
    await eventually(() => page.locator('rb-pane').count(), 20_000).toBe(60);
    await page.locator(`rb-pane[data-win="${id(59)}"]`).scrollIntoViewIfNeeded();
    await eventually(() => last.evaluate((el: any) => el.uplot?.data[0]?.length ?? 0), 20_000).toBe(300);
    const drawn = await last.evaluate((el: any) => ({ x: Array.from(el.uplot.data[0]), ys: el.uplot.data.slice(1).map((d: ArrayLike<number>) => Array.from(d)) }));
    expect(drawn.x).toEqual(Array.from({ length: 300 }, (_, k) => k));
    // Each trace is drawn raw (and, with smoothing on, smoothed beside it): the raw series are the logged values.
    for (const trace of logged[59]!) expect(drawn.ys).toContainEqual(trace);
  }, 60_000);

  it('draws an append to a pane off screen when it scrolls in, not while it is off screen', async () => {
    const srv = await startServer();
    await fillEnv(srv, 'live', 40, 10);
    const page = await open(srv, '/env/live');
    const far = page.locator(`rb-plot[data-win="${id(39)}"]`);
    const near = page.locator(`rb-plot[data-win="${id(0)}"]`);
    await eventually(() => far.evaluate((el: any) => el.uplot?.data[0]?.length ?? 0), 30_000).toBe(10);
    expect((await panes(page)).find((p) => p.win === id(39))!.inView).toBe(false);
    await post(`${srv.url}/api/env/live/line`, { win: id(39), X: [10], Y: [[100, 101, 102]], update: 'append' });
    await post(`${srv.url}/api/env/live/line`, { win: id(0), X: [10], Y: [[200, 201, 202]], update: 'append' });
    // The socket delivers in order: once the pane in view drew its append, the other one has arrived too.
    await eventually(() => near.evaluate((el: any) => el.uplot.data[0].length)).toBe(11);
    expect(await far.evaluate((el: any) => el.uplot.data[0].length)).toBe(10);
    await page.locator(`rb-pane[data-win="${id(39)}"]`).scrollIntoViewIfNeeded();
    await eventually(() => far.evaluate((el: any) => el.uplot.data[0].at(-1))).toBe(10);
    expect(await far.evaluate((el: any) => el.uplot.data.slice(1).map((d: number[]) => d.at(-1)))).toEqual(expect.arrayContaining([100, 101, 102]));
  });
});
