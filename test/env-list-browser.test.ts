/**
 * The env list in headless Chromium against the real server: sorting by recent
 * activity, name or creation (remembered), full names visible, a resizable and
 * collapsible sidebar, the selected env scrolled into view, and the keyboard
 * (arrows move, Enter opens, Space selects, Tab reaches ⋯), with the `_` tree
 * and multi-select still working.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, openPage, useChromium } from './browser.js';
import { post, startServer, type TestServer } from './helpers.js';

const chromium = useChromium();

const write = (srv: TestServer, env: string) => post(`${srv.url}/api/env/${encodeURIComponent(env)}/line`, { win: 'w', Y: [1, 2] });
const listed = (page: Page) => page.locator('rb-env-list li[data-env]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.env));
const grids = (page: Page) => page.locator('rb-grid').evaluateAll((els) => els.map((e) => (e as any).env));
const focusedKey = (page: Page) => page.locator('rb-env-list').evaluate((el) => (el.shadowRoot!.activeElement as HTMLElement | null)?.dataset.key ?? null);

describe('env list', () => {
  it('sorts by recent activity, name or creation, and remembers the choice', async () => {
    const srv = await startServer();
    // Created c, a, b; then c written again last.
    for (const env of ['c', 'a', 'b']) {
      await write(srv, env);
      await new Promise((r) => setTimeout(r, 15)); // distinct creation times (ms clock)
    }
    await write(srv, 'c');
    const page = await openPage(chromium, `${srv.url}/env/a`);
    await eventually(() => listed(page)).toEqual(['a', 'b', 'c']);
    const sort = page.locator('rb-env-list select.sort');
    await sort.selectOption('recent');
    await eventually(() => listed(page)).toEqual(['c', 'b', 'a']);
    await sort.selectOption('created');
    await eventually(() => listed(page)).toEqual(['b', 'a', 'c']);
    await sort.selectOption('recent');
    // A live write moves its env to the top.
    await write(srv, 'a');
    await eventually(() => listed(page)).toEqual(['a', 'c', 'b']);
    await page.reload();
    await eventually(() => listed(page)).toEqual(['a', 'c', 'b']);
  });

  it('shows long names whole, resizes and collapses the sidebar, and scrolls the selected env into view', async () => {
    const srv = await startServer();
    const long = 'sweep_lr0.001_batch256_warmup1000_seed7_resnet50_cosine';
    for (let i = 0; i < 60; i++) await write(srv, `run${String(i).padStart(2, '0')}`);
    await write(srv, long);
    const page = await openPage(chromium, `${srv.url}/env/run55`);
    const row = page.locator('rb-env-list li[data-env="run55"]');
    await eventually(() => row.isVisible()).toBe(true);
    // Scrolled into view inside the list.
    await eventually(() =>
      row.evaluate((li) => {
        const ul = li.parentElement!.getBoundingClientRect();
        const r = li.getBoundingClientRect();
        return r.top >= ul.top - 1 && r.bottom <= ul.bottom + 1;
      }),
    ).toBe(true);
    // The long name is read whole (it wraps, nothing is cut).
    const name = page.locator(`rb-env-list li[data-env="${long}"] .name`);
    expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth && el.textContent === el.closest('li')!.dataset.env)).toBe(true);
    // Resize by dragging the edge; the width is remembered.
    const side = page.locator('rb-sidebar');
    const w0 = (await side.boundingBox())!.width;
    const grip = (await side.locator('.grip').boundingBox())!;
    await page.mouse.move(grip.x + 3, grip.y + 200);
    await page.mouse.down();
    await page.mouse.move(grip.x + 123, grip.y + 200, { steps: 4 });
    await page.mouse.up();
    await eventually(async () => (await side.boundingBox())!.width).toBeGreaterThan(w0 + 100);
    // Collapse: the view takes the room.
    const mainW = (await page.locator('main').boundingBox())!.width;
    await page.locator('button.sidebar-toggle').click();
    await eventually(() => side.isVisible()).toBe(false);
    await eventually(async () => (await page.locator('main').boundingBox())!.width).toBeGreaterThan(mainW + 300);
    await page.reload();
    await eventually(() => page.locator('rb-grid').count()).toBe(1);
    expect(await page.locator('rb-sidebar').isVisible()).toBe(false);
    await page.locator('button.sidebar-toggle').click();
    await eventually(async () => (await page.locator('rb-sidebar').boundingBox())?.width ?? 0).toBeGreaterThan(w0 + 100);
  });

  it('moves with the arrows, opens with Enter, selects with Space, reaches ⋯ with Tab, and keeps the _ tree', async () => {
    const srv = await startServer();
    for (const env of ['exp_a', 'exp_b', 'main', 'other']) await write(srv, env);
    const page = await openPage(chromium, `${srv.url}/env/main`);
    await eventually(() => listed(page)).toEqual(['exp_a', 'exp_b', 'main', 'other']);
    // One tab stop: the selected env's row.
    await page.locator('rb-env-list li[data-env="main"]').focus();
    expect(await focusedKey(page)).toBe('e:main');
    await page.keyboard.press('ArrowDown');
    expect(await focusedKey(page)).toBe('e:other');
    await page.keyboard.press('Enter');
    await eventually(() => grids(page)).toEqual(['other']);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await focusedKey(page)).toBe('e:exp_b');
    await page.keyboard.press(' ');
    await eventually(() => grids(page)).toEqual(['other', 'exp_b']);
    await page.keyboard.press(' ');
    await eventually(() => grids(page)).toEqual(['other']);
    // The group: ← closes it, → opens it, Space selects all of it.
    await page.keyboard.press('Home');
    expect(await focusedKey(page)).toBe('g:exp');
    await page.keyboard.press('ArrowLeft');
    await eventually(() => listed(page)).toEqual(['main', 'other']);
    await page.keyboard.press('ArrowRight');
    await eventually(() => listed(page)).toEqual(['exp_a', 'exp_b', 'main', 'other']);
    await page.keyboard.press(' ');
    await eventually(() => grids(page)).toEqual(['other', 'exp_a', 'exp_b']);
    // Tab reaches the row's ⋯, and Enter on it opens the env's actions.
    await page.keyboard.press('End');
    expect(await focusedKey(page)).toBe('e:other');
    await page.keyboard.press('Tab');
    expect(await page.locator('rb-env-list').evaluate((el) => (el.shadowRoot!.activeElement as HTMLElement | null)?.className)).toBe('more');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('rb-env-dialog').evaluate((el: any) => el.env)).toBe('other');
    // The mouse still multi-selects.
    await page.keyboard.press('Escape');
    await page.locator('rb-env-list li[data-env="main"]').click({ modifiers: ['Control'] });
    await eventually(() => grids(page)).toEqual(['other', 'exp_a', 'exp_b', 'main']);
    expect(page.errors).toEqual([]);
  });
});
