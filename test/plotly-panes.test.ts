/**
 * Visdom's Plotly window types in headless Chromium against the real server, fed the
 * bodies the stock Python client sends (fixtures/visdom/make_plotly_fixtures.py):
 * what plotly.js drew (its own DOM, and pixels of the WebGL scenes), the network
 * graph's nodes and edges, embeddings with their hover preview, live redraws, and
 * that plotly's chunk is fetched only for a pane that needs it.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { CLIENT_OUT } from '../scripts/build-client.js';
import { eventually, useChromium } from './browser.js';
import { startServer, type TestServer } from './helpers.js';
import { fixture, send } from './visdom-helpers.js';

const chromium = useChromium();
/**
 * Each page parses plotly's 4.8 MB chunk afresh; on a shared two-core machine that
 * alone can take 20 s, so these tests wait longer (for what is drawn, never a sleep).
 */
const SLOW = { timeout: 120_000 };
const FIRST_DRAW = 90_000;

/** The lazily loaded chunk that holds plotly.js: the largest script of the build. */
function plotlyChunk(): string {
  const dir = join(CLIENT_OUT, 'assets');
  const js = readdirSync(dir).filter((f) => f.endsWith('.js'));
  return js.sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0]!;
}

interface Opened {
  page: Page;
  pane: Locator;
  /** Console errors and CSP violations seen by the page. */
  errors: string[];
}

async function open(srv: TestServer, win: string): Promise<Opened> {
  const page = await chromium.browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${srv.url}/env/main`);
  return { page, pane: page.locator(`rb-pane[data-win="${win}"]`), errors };
}

/** Posts each body of a fixture (one per line) to /events, as the stock client did. */
async function post(srv: TestServer, name: string): Promise<void> {
  for (const body of fixture(name).split('\n').filter(Boolean)) {
    const res = await send(srv.url, 'events', body);
    expect(res.status, res.text).toBe(200);
  }
}

async function drawn(srv: TestServer, name: string, win: string): Promise<Opened> {
  await post(srv, name);
  const o = await open(srv, win);
  await eventually(() => o.pane.locator('rb-plotly').evaluate((el: any) => el.draws), FIRST_DRAW).toBeGreaterThan(0);
  return o;
}

/** Pixels of a PNG screenshot that differ from its top-left pixel (the pane's background). */
function paintedPixels(png: Buffer): number {
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 4;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') [width, height, channels] = [data.readUInt32BE(0), data.readUInt32BE(4), data[9] === 2 ? 3 : 4];
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const img = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= channels ? img[y * stride + i - channels]! : 0;
      const b = y > 0 ? img[(y - 1) * stride + i]! : 0;
      const c = i >= channels && y > 0 ? img[(y - 1) * stride + i - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      img[y * stride + i] = (x + [0, a, b, (a + b) >> 1, paeth][f]!) & 255;
    }
  }
  let painted = 0;
  for (let k = 0; k < width * height; k++) {
    if (Math.abs(img[k * channels]! - img[0]!) + Math.abs(img[k * channels + 1]! - img[1]!) + Math.abs(img[k * channels + 2]! - img[2]!) > 30) painted++;
  }
  return painted;
}

/** A 3-D scene: Plotly's WebGL canvas is there, and the pane shows more than its background. */
async function expectSceneDrawn(o: Opened): Promise<void> {
  const canvas = o.pane.locator('.gl-container canvas').first();
  await eventually(() => canvas.evaluate((c: HTMLCanvasElement) => c.width * c.height)).toBeGreaterThan(0);
  await eventually(async () => paintedPixels(await canvas.screenshot())).toBeGreaterThan(500);
}

describe('plotly panes', SLOW, () => {
  it('draws a pie with one slice per value', async () => {
    const srv = await startServer();
    const o = await drawn(srv, 'pie_create', 'pie');
    const slices = o.pane.locator('.pielayer .slice path.surface');
    await eventually(() => slices.count()).toBe(3);
    expect(await slices.evaluateAll((ps) => ps.every((p) => (p.getAttribute('d') ?? '').length > 10))).toBe(true);
    expect(await o.pane.locator('.pielayer text.slicetext').allTextContents()).toEqual(['55%', '26%', '19%']);
    expect(o.errors).toEqual([]);
  });

  it('draws a box per column of a boxplot', async () => {
    const srv = await startServer();
    const o = await drawn(srv, 'boxplot_create', 'box');
    const boxes = o.pane.locator('.boxlayer .trace.boxes path.box');
    await eventually(() => boxes.count()).toBe(2);
    expect(await boxes.evaluateAll((ps) => ps.every((p) => (p.getAttribute('d') ?? '').length > 10))).toBe(true);
    expect(await o.pane.locator('.legendtext').allTextContents()).toEqual(['Men', 'Women']);
  });

  it('draws contour lines of a contour plot', async () => {
    const srv = await startServer();
    const o = await drawn(srv, 'contour_create', 'contour');
    await eventually(() => o.pane.locator('.contourlayer path.contourlevel, .contourlayer .contourfill path').count()).toBeGreaterThan(3);
    expect(o.errors).toEqual([]);
  });

  it('draws a surface in a WebGL scene under the page CSP', async () => {
    const srv = await startServer();
    const o = await drawn(srv, 'surf_create', 'surf');
    await expectSceneDrawn(o);
    expect(await o.pane.locator('rb-plotly .plot').evaluate((gd: any) => gd._fullData.map((t: any) => t.type))).toEqual(['surface']);
    expect(o.errors).toEqual([]);
  });

  it('draws a mesh in a WebGL scene', async () => {
    const srv = await startServer();
    const o = await drawn(srv, 'mesh_create', 'mesh');
    await expectSceneDrawn(o);
    expect(await o.pane.locator('rb-plotly .plot').evaluate((gd: any) => gd._fullData.map((t: any) => [t.type, t.i.length]))).toEqual([['mesh3d', 4]]);
  });

  it('draws a 3-D scatter with one trace per label', async () => {
    const srv = await startServer();
    const o = await drawn(srv, 'scatter3d_create', 's3d');
    await expectSceneDrawn(o);
    expect(await o.pane.locator('rb-plotly .plot').evaluate((gd: any) => gd._fullData.map((t: any) => [t.type, t.name, t.x.length]))).toEqual([
      ['scatter3d', 'odd', 15],
      ['scatter3d', 'even', 15],
    ]);
  });

  it('draws a bar and a line sent in one figure as a bar and a line', async () => {
    const srv = await startServer();
    const o = await drawn(srv, 'custom_mixed', 'mixed');
    await eventually(() => o.pane.locator('.barlayer .point path').count()).toBe(3);
    const line = o.pane.locator('.scatterlayer .trace .lines path');
    expect(await line.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L/);
    expect(await o.pane.locator('rb-bars').count()).toBe(0);
  });

  it('fits the figure to the pane, on the dark theme, and follows a resize', async () => {
    const srv = await startServer();
    const o = await drawn(srv, 'pie_create', 'pie');
    const plot = o.pane.locator('rb-plotly .plot');
    const size = () => plot.evaluate((gd: any) => [gd._fullLayout.width, gd._fullLayout.height, gd.clientWidth, gd.clientHeight]);
    const [w, h, cw, ch] = await size();
    // Plotly keeps the fractional CSS size; clientWidth/Height round it.
    expect(Math.abs(w - cw)).toBeLessThanOrEqual(1);
    expect(Math.abs(h - ch)).toBeLessThanOrEqual(1);
    expect(await plot.evaluate((gd: any) => [gd._fullLayout.paper_bgcolor, gd._fullLayout.font.color])).toEqual(['#171b21', '#d7dde5']);
    await o.pane.evaluate((el: HTMLElement) => (el.style.height = `${el.clientHeight + 120}px`));
    // Plotly follows the pane: its height grows with the div, to the div's own height.
    await eventually(async () => (await size())[1] - h).toBeGreaterThan(100);
    const [, h2, , ch2] = await size();
    expect(Math.abs(h2 - ch2)).toBeLessThanOrEqual(1);
  });

  it('redraws in place with Plotly.react when the window is replaced', async () => {
    const srv = await startServer();
    const o = await drawn(srv, 'pie_create', 'pie');
    const plot = o.pane.locator('rb-plotly .plot');
    await plot.evaluate((gd: any) => (gd.dataset.first = 'yes'));
    const body = JSON.parse(fixture('pie_create'));
    body.data[0].values = [1, 1, 1, 1];
    body.data[0].labels = ['a', 'b', 'c', 'd'];
    await send(srv.url, 'events', body);
    await eventually(() => o.pane.locator('.pielayer .slice').count()).toBe(4);
    // The same graph div was updated by Plotly.react, not a new pane.
    expect(await plot.evaluate((gd: any) => [gd.dataset.first, gd.layout.datarevision])).toEqual(['yes', 2]);
  });

  it('draws the network graph: nodes, directed edges and both kinds of label', async () => {
    const srv = await startServer();
    await post(srv, 'graph_create');
    const o = await open(srv, 'graph');
    const graph = o.pane.locator('rb-graph');
    await eventually(() => graph.locator('g.node circle').count()).toBe(5);
    expect(await graph.locator('line.link[marker-end="url(#arrowhead)"]').count()).toBe(5);
    expect(await graph.locator('marker#arrowhead').count()).toBe(1);
    expect(await graph.locator('g.node text').allTextContents()).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    expect(await graph.locator('text.edgelabel').allTextContents()).toEqual(['a', 'b', 'c', 'd', 'e']);
    // scheme "different": every node its own colour.
    expect(new Set(await graph.locator('g.node circle').evaluateAll((cs) => cs.map((c) => c.getAttribute('fill')))).size).toBe(5);
    const box = (await graph.locator('svg').boundingBox())!;
    expect(box.width).toBeGreaterThan(100);
    expect(box.height).toBeGreaterThan(100);
  });

  it('draws embeddings by group and previews the hovered point', async () => {
    const srv = await startServer();
    const o = await drawn(srv, 'embeddings_create', 'emb');
    const points = o.pane.locator('.scatterlayer .point');
    await eventually(() => points.count()).toBe(24);
    expect(await o.pane.locator('.scatterlayer .trace').count()).toBe(3);
    const first = (await points.first().boundingBox())!;
    await o.page.mouse.move(first.x + first.width / 2, first.y + first.height / 2);
    const preview = o.pane.locator('rb-plotly .preview');
    await eventually(() => preview.textContent()).toMatch(/Entity \d+\s*Label: (cat|dog|bird)/);
  });

  it('shows trainer strings in a figure as text, never as markup', async () => {
    const srv = await startServer();
    const body = JSON.parse(fixture('pie_create'));
    body.data[0].labels = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=2</script>', 'ok'];
    body.layout.title = '<svg onload="window.__xss=3">';
    await send(srv.url, 'events', body);
    const o = await open(srv, 'pie');
    await eventually(() => o.pane.locator('.pielayer .slice').count(), FIRST_DRAW).toBe(3);
    expect(await o.page.evaluate(() => (window as any).__xss)).toBeUndefined();
    expect(await o.pane.locator('rb-plotly img, rb-plotly script, rb-plotly .plot svg svg[onload]').count()).toBe(0);
  });
});

describe('the plotly chunk', SLOW, () => {
  it('is never requested by a page of line windows', async () => {
    const srv = await startServer();
    await send(srv.url, 'events', fixture('line_create'));
    const page = await chromium.browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${srv.url}/env/main`);
    await eventually(() => page.locator('rb-pane[data-win="loss"] rb-plot').evaluate((el: any) => !!el.uplot)).toBe(true);
    expect(requested.filter((p) => p.startsWith('/assets/') && p.endsWith('.js')).length).toBeGreaterThan(0);
    expect(requested).not.toContain(`/assets/${plotlyChunk()}`);
  });

  it('is requested only once a Plotly pane comes near the viewport', async () => {
    const srv = await startServer();
    for (let i = 0; i < 12; i++) await send(srv.url, 'events', { ...JSON.parse(fixture('line_create')), win: `line${i}` });
    await post(srv, 'pie_create');
    const page = await chromium.browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${srv.url}/env/main`);
    await eventually(() => page.locator('rb-pane[data-win="line0"] rb-plot').evaluate((el: any) => !!el.uplot)).toBe(true);
    const pie = page.locator('rb-pane[data-win="pie"]');
    expect(await pie.evaluate((el) => el.getBoundingClientRect().top - innerHeight)).toBeGreaterThan(300);
    expect(requested).not.toContain(`/assets/${plotlyChunk()}`);
    await pie.scrollIntoViewIfNeeded();
    await eventually(() => pie.locator('.pielayer .slice').count(), FIRST_DRAW).toBe(3);
    expect(requested).toContain(`/assets/${plotlyChunk()}`);
  });
});
