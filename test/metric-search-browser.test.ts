/**
 * Metric search and sections in headless Chromium against the real server: the
 * search box filters panes by title or id (text or /regex/), in one env and in
 * the compare view, and lives in the URL; windows with a `prefix/` sit in
 * collapsible sections, and a collapsed section draws no panes.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, openPage, useChromium } from './browser.js';
import { post, startServer, type TestServer } from './helpers.js';

const chromium = useChromium();

async function seed(srv: TestServer, env: string): Promise<void> {
  const wins: [string, string][] = [
    ['train/loss', 'train/loss'],
    ['train/acc', 'train/acc'],
    ['val/loss', 'val/loss'],
    ['lr', 'learning rate'],
  ];
  for (const [win, title] of wins) {
    const res = await post(`${srv.url}/api/env/${env}/line`, { win, X: [0, 1, 2], Y: [1, 2, 3], opts: { title } });
    expect(res.status).toBe(200);
  }
}

/** The window ids of the panes shown, in order. */
const panes = (page: Page, scope = 'rb-grid') => page.locator(`${scope} rb-pane`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.win));
/** Panes that drew a chart. */
const charts = (page: Page) => page.locator('rb-grid rb-plot').evaluateAll((els) => els.filter((e: any) => e.uplot).map((e) => (e as HTMLElement).dataset.win));
const sectionNames = (page: Page, scope = 'rb-grid') => page.locator(`${scope} .section-head .name`).allTextContents();

describe('metric search and sections', () => {
  it('groups prefix/ windows into sections, filters by text and /regex/, and keeps the search in the URL', async () => {
    const srv = await startServer();
    await seed(srv, 'main');
    const page = await openPage(chromium, `${srv.url}/env/main`);
    await eventually(() => panes(page)).toHaveLength(4);
    expect(await sectionNames(page)).toEqual(['train', 'val']);
    // The window without a prefix comes first, outside any named section.
    expect(await panes(page)).toEqual(['lr', 'train/loss', 'train/acc', 'val/loss']);

    const search = page.locator('input.metric-filter');
    await search.fill('loss');
    await eventually(() => panes(page)).toEqual(['train/loss', 'val/loss']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('loss');
    // Titles match too (the id is "lr").
    await search.fill('learning');
    await eventually(() => panes(page)).toEqual(['lr']);
    await search.fill('/^(train|val)\\/loss$/');
    await eventually(() => panes(page)).toEqual(['train/loss', 'val/loss']);
    await search.fill('/[unclosed/');
    await eventually(() => search.evaluate((el) => el.classList.contains('bad'))).toBe(true);
    await search.fill('nothing-like-this');
    await eventually(() => page.locator('rb-grid .empty').textContent()).toContain('match');

    // A link carries the search.
    const linked = await openPage(chromium, `${srv.url}/env/main?q=acc`);
    await eventually(() => panes(linked)).toEqual(['train/acc']);
    expect(await linked.locator('input.metric-filter').inputValue()).toBe('acc');
    expect(page.errors).toEqual([]);
  });

  it('collapses a section so its panes are not drawn, remembers it, and opens it again', async () => {
    const srv = await startServer();
    await seed(srv, 'main');
    const page = await openPage(chromium, `${srv.url}/env/main`);
    await eventually(() => charts(page)).toHaveLength(4);
    const head = page.locator('rb-grid .section[data-section="train"] .section-head');
    await head.click();
    await eventually(() => panes(page)).toEqual(['lr', 'val/loss']);
    expect(await head.getAttribute('aria-expanded')).toBe('false');
    expect(await head.locator('.count').textContent()).toBe('2');
    expect(await charts(page)).toEqual(['lr', 'val/loss']);
    await page.reload();
    await eventually(() => panes(page)).toEqual(['lr', 'val/loss']);
    // From the keyboard.
    await page.locator('rb-grid .section[data-section="train"] .section-head').focus();
    await page.keyboard.press('Enter');
    await eventually(() => panes(page)).toEqual(['lr', 'train/loss', 'train/acc', 'val/loss']);
    await eventually(() => charts(page)).toHaveLength(4);
  });

  it('filters and sections the matched windows of the compare view', async () => {
    const srv = await startServer();
    await seed(srv, 'a');
    await seed(srv, 'b');
    const page = await openPage(chromium, `${srv.url}/?env=a&env=b&compare=overlay&q=loss`);
    await eventually(() => page.locator('rb-compare rb-pane').evaluateAll((els) => els.map((e) => (e as any).members?.length))).toEqual([2, 2]);
    expect(await sectionNames(page, 'rb-compare')).toEqual(['train', 'val']);
    await page.locator('input.metric-filter').fill('');
    await eventually(() => page.locator('rb-compare rb-pane').count()).toBe(4);
    expect(new URL(page.url()).searchParams.has('q')).toBe(false);
    await page.locator('button.cmp-columns').click();
    await page.locator('input.metric-filter').fill('acc');
    // One row: the matched window in each env.
    await eventually(() => page.locator('rb-compare rb-pane').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.env}:${(e as HTMLElement).dataset.win}`))).toEqual(['a:train/acc', 'b:train/acc']);
  });
});
