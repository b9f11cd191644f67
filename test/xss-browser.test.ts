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

  it('lets no CSS in a text pane fetch (url() escapes, image-set) while keeping tables, data: images, safe links and plain colours', async () => {
    const srv = await startServer();
    const box = 'display:block;width:20px;height:20px;';
    const leaks = [
      `<div class="leak" style="${box}background:u\\72l(/leak/1)">1</div>`,
      `<div class="leak" style="${box}background-image:\\75rl(/leak/2)">2</div>`,
      `<div class="leak" style="${box}background-image:image-set('/leak/3' 1x)">3</div>`,
      `<div class="leak" style="${box}background-image:\\000075\\000072\\00006c(/leak/4)">4</div>`,
      `<div class="leak" style="${box}background:URL(/leak/5)">5</div>`,
      `<div class="leak" style="${box}list-style-image:url(/leak/6);display:list-item">6</div>`,
      `<div class="leak" style="${box}content:url(/leak/7)">7</div>`,
    ];
    const kept = [
      '<table><tr><th>k</th><td class="cell">v</td></tr></table>',
      '<img class="data" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==">',
      '<a class="safe" href="https://example.com/x">safe</a>',
      '<a class="unsafe" href="javascript:window.__xss=99">unsafe</a>',
      '<span class="red" style="color: red; position: fixed; top: 0">red</span>',
      '<img class="control" src="/leak/control.png">',
    ];
    const content = [...leaks, ...kept].join('\n');
    expect((await post(`${srv.url}/events`, { data: [{ content, type: 'text' }], win: 'css', eid: 'main', opts: {} })).text).toBe('css');
    const page = await chromium.browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/leak/')) requested.push(new URL(r.url()).pathname);
    });
    await page.goto(`${srv.url}/env/main`);
    const pane = page.locator('rb-text');
    await expect.poll(() => pane.evaluate((el) => el.shadowRoot!.querySelectorAll('.leak').length)).toBe(leaks.length);
    // The allowed relative image is requested: the page has loaded what it was going to.
    await expect.poll(() => requested).toContain('/leak/control.png');
    const seen = await pane.evaluate((el) => {
      const root = el.shadowRoot!;
      return {
        backgrounds: Array.from(root.querySelectorAll('.leak')).map((d) => {
          const cs = getComputedStyle(d);
          return [cs.backgroundImage, cs.listStyleImage, cs.content].join(' ');
        }),
        styles: Array.from(root.querySelectorAll('[style]')).map((d) => d.getAttribute('style')),
        cell: root.querySelector('td.cell')?.textContent,
        dataImage: (root.querySelector('img.data') as HTMLImageElement | null)?.src.slice(0, 22),
        safe: root.querySelector('a.safe')?.getAttribute('href'),
        safeRel: root.querySelector('a.safe')?.getAttribute('rel'),
        unsafe: root.querySelector('a.unsafe')?.getAttribute('href') ?? null,
        red: root.querySelector('span.red') ? getComputedStyle(root.querySelector('span.red')!).color : null,
        redStyle: root.querySelector('span.red')?.getAttribute('style'),
      };
    });
    expect(seen.backgrounds.filter((b) => /url|image-set/i.test(b))).toEqual([]);
    expect(seen.styles.filter((st) => /url|image-set|\\|expression/i.test(st ?? ''))).toEqual([]);
    expect(requested).toEqual(['/leak/control.png']);
    expect(seen).toMatchObject({ cell: 'v', dataImage: 'data:image/png;base64,', safe: 'https://example.com/x', safeRel: 'noopener noreferrer', unsafe: null });
    expect(seen.red).toBe('rgb(255, 0, 0)');
    expect(seen.redStyle).not.toMatch(/position/);
    await page.close();
  }, 60_000);
});
