/**
 * The XSS corpus in every user-supplied string the dashboard shows, through the real
 * HTTP API (native and Visdom), rendered by real headless Chromium: nothing runs.
 */
import { describe, expect, it } from 'vitest';
import { useChromium } from './browser.js';
import { XSS_IDS, XSS_PAYLOADS } from './fixtures/xss.js';
import { post, startServer } from './helpers.js';

const chromium = useChromium();

/** Every element, in the document and in every shadow root, that could run script. */
function liveScriptInDom(): string[] {
  const found: string[] = [];
  const visit = (root: Document | ShadowRoot) => {
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const tag = el.tagName.toLowerCase();
      if (['script', 'iframe', 'object', 'embed', 'base', 'meta', 'form'].includes(tag) && !(root === document && tag === 'script' && (el as HTMLScriptElement).src.endsWith('/assets/main.js')) && !(root === document && tag === 'meta')) {
        found.push(`<${tag}>`);
      }
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        const value = attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
        if (name.startsWith('on') || (/(^|:)(href|src|action|formaction|data)$/.test(name) && value.startsWith('javascript:'))) found.push(`<${tag} ${name}>`);
      }
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  return found;
}

const printable = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, '');

describe('the dashboard under the XSS corpus', () => {
  it('renders every payload in titles, legends, labels, env and window ids, text, captions and properties as inert text', async () => {
    const srv = await startServer();
    const env = 'xss';
    for (const p of XSS_PAYLOADS) {
      const res = await post(`${srv.url}/api/env/${env}/line`, {
        win: `w${p.id}`,
        X: [0, 1],
        Y: [[1, 2], [3, 4]],
        // Trace names may not hold control characters (the NUL payload is refused there, with a 400).
        opts: { title: p.text, legend: [p.text, `${p.text} b`].map(printable), xlabel: p.text, ylabel: p.text },
      });
      expect(res.text).toBe(`{"win":"w${p.id}"}`);
    }
    const all = XSS_PAYLOADS.map((p) => p.text).join('\n');
    const visdom = [
      { data: [{ content: all, type: 'text' }], win: 'text', eid: env, opts: { title: all } },
      { data: [{ content: { src: 'data:image/png;base64,iVBORw0KGgo=', caption: all }, type: 'image_history' }], win: 'img', eid: env, opts: { store_history: true, title: all } },
      { data: [{ content: XSS_PAYLOADS.map((p) => ({ type: 'text', name: p.text, value: p.text })), type: 'properties' }], win: 'props', eid: env, opts: {} },
      { data: [{ x: XSS_PAYLOADS.slice(0, 5).map((p) => p.text), y: [1, 2, 3, 4, 5], type: 'bar', name: all }], win: 'bar', eid: env, layout: { title: all }, opts: { title: all } },
    ];
    for (const body of visdom) expect((await post(`${srv.url}/events`, body)).text).toBe(body.win);
    // Payloads that are valid ids become env and window ids too.
    for (const p of XSS_IDS) {
      expect((await post(`${srv.url}/api/env/${encodeURIComponent(p.text)}/line`, { win: p.text, X: [0], Y: [1], opts: { title: p.text } })).status).toBe(200);
    }

    const page = await chromium.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${srv.url}/env/${env}`);
    await expect.poll(() => page.locator('rb-pane').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(XSS_PAYLOADS.length + 4);
    // Titles arrive as text, exactly as sent.
    await expect.poll(() => page.locator('rb-pane[data-win="w1"] .title').textContent()).toBe(XSS_PAYLOADS[0]!.text);
    // Move over and click everything a user might touch.
    for (const selector of ['rb-pane .title', 'rb-text', 'rb-image', 'rb-properties', 'rb-plot']) {
      for (const el of await page.locator(selector).all()) {
        await el.scrollIntoViewIfNeeded().catch(() => {});
        await el.hover({ timeout: 2000 }).catch(() => {});
        await el.click({ timeout: 2000, position: { x: 5, y: 5 } }).catch(() => {});
      }
    }
    for (const a of await page.locator('rb-text a').all()) await a.click({ timeout: 2000 }).catch(() => {});
    // The CSP alone would stop inline handlers; the rendered DOM must not hold any either.
    expect(await page.evaluate(liveScriptInDom)).toEqual([]);
    // The env list holds the hostile env names.
    await page.goto(`${srv.url}/env/${encodeURIComponent(XSS_IDS[0]!.text)}`);
    await expect.poll(() => page.locator('rb-env-list li').count()).toBeGreaterThan(XSS_IDS.length);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    // The dashboard itself did not break on any of it.
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
