/**
 * SVG text panes (the stock client's `svg()` and `matplot()`) in headless Chromium:
 * the drawing shows, as an image, and nothing in it runs.
 */
import { describe, expect, it } from 'vitest';
import { eventually, useChromium } from './browser.js';
import { post, startServer } from './helpers.js';
import { sendFixture } from './visdom-helpers.js';

const chromium = useChromium();

const HOSTILE =
  '<p>before</p><svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" onload="window.__xss=1">' +
  '<script>window.__xss=2</script><image href="http://127.0.0.1:1/x.png" width="5" height="5"/>' +
  '<rect width="40" height="20" fill="blue"/></svg><p>after</p>';

describe('SVG in Visdom text panes', () => {
  it('shows an svg() pane as an image of the drawing, with its size', async () => {
    const srv = await startServer();
    // vis.svg(svgstr='<svg height="30" width="30"><circle .../></svg>', win='svg'), as the client sent it.
    expect(await sendFixture(srv.url, 'events', 'svg_create')).toBe('svg');
    const page = await chromium.browser.newPage();
    await page.goto(`${srv.url}/env/main`);
    const img = page.locator('rb-pane[data-win="svg"] rb-text img');
    await eventually(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(30);
    expect(await img.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(await page.locator('rb-text svg').count()).toBe(0);
    await page.close();
  });

  it('runs no script and keeps the text around a hostile svg', async () => {
    const srv = await startServer();
    expect((await post(`${srv.url}/events`, { data: [{ content: HOSTILE, type: 'text' }], win: 'bad', eid: 'main', opts: {} })).text).toBe('bad');
    const page = await chromium.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${srv.url}/env/main`);
    const img = page.locator('rb-pane[data-win="bad"] rb-text img');
    await eventually(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(40);
    const text = page.locator('rb-pane[data-win="bad"] rb-text');
    expect(await text.evaluate((el) => (el.shadowRoot ?? el).textContent)).toBe('beforeafter');
    expect(await img.evaluate((el) => el.getAttributeNames().sort())).toEqual(['alt', 'src', 'style']);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });
});
