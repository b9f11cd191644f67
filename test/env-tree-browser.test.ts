/** The env picker's tree in headless Chromium: grouping by `_`, collapse, group select, filtering. */
import { describe, expect, it } from 'vitest';
import { eventually, useChromium } from './browser.js';
import { post, startServer } from './helpers.js';

const chromium = useChromium();

describe('env tree', () => {
  it('groups envs by _ prefix, collapses a group, selects a whole group, and opens groups while filtering', async () => {
    const srv = await startServer();
    for (const env of ['main', 'exp_a', 'exp_a_b', 'exp_c']) await post(`${srv.url}/api/env/${env}/line`, { win: 'w', Y: [1, 2] });
    const page = await chromium.browser.newPage();
    await page.goto(`${srv.url}/env/main`);
    const list = page.locator('rb-env-list');
    const visible = () => list.locator('li[data-env]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.env));
    await eventually(() => list.locator('li[data-group]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.group))).toEqual(['exp', 'exp_a']);
    expect(await visible()).toEqual(['exp_a', 'exp_a_b', 'exp_c', 'main']);
    await list.locator('li[data-group="exp"] .name').click();
    await eventually(visible).toEqual(['main']);
    // Filtering opens the groups that hold a match.
    await list.locator('input[type="search"]').fill('a_b');
    await eventually(visible).toEqual(['exp_a_b']);
    await list.locator('input[type="search"]').fill('');
    await eventually(visible).toEqual(['main']);
    await list.locator('li[data-group="exp"] .name').click();
    // The group's checkbox selects every env of it, next to the one already selected.
    await list.locator('li[data-group="exp"] input[type="checkbox"]').click();
    await eventually(() => page.locator('rb-grid').evaluateAll((els) => els.map((e) => (e as any).env))).toEqual(['main', 'exp_a', 'exp_a_b', 'exp_c']);
  });
});
