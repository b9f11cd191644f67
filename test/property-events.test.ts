/**
 * Properties panes talk back: a change made in the dashboard reaches the trainer's
 * `/vis_socket` as Visdom's `PropertyUpdate` event (real server, real sockets, and
 * real headless Chromium for the pane itself).
 */
import { describe, expect, it } from 'vitest';
import { eventually, useChromium } from './browser.js';
import { post, startServer } from './helpers.js';
import { sendFixture, trainerFrames } from './visdom-helpers.js';

const chromium = useChromium();

const property = (url: string, win: string, body: unknown) => post(`${url}/api/env/main/win/${win}/property`, body, { 'Content-Type': 'application/json' });

describe('PropertyUpdate events', () => {
  it('forwards a property change to the trainer with the pane, and refuses what is not one', async () => {
    const srv = await startServer();
    // vis.properties([...], win='props'), as the stock client sends it.
    expect(await sendFixture(srv.url, 'events', 'properties_create')).toBe('props');
    const frames = await trainerFrames(srv.wsUrl);
    const res = await property(srv.url, 'props', { propertyId: 0, value: '0.5' });
    expect(res.status).toBe(200);
    await eventually(() => frames.length).toBe(1);
    expect(frames[0]).toMatchObject({ event_type: 'PropertyUpdate', target: 'props', eid: 'main', propertyId: 0, value: '0.5' });
    expect(frames[0].pane_data).toMatchObject({ command: 'window', id: 'props', type: 'properties' });

    expect((await property(srv.url, 'props', { propertyId: 99, value: 'x' })).status).toBe(400);
    expect((await property(srv.url, 'props', { propertyId: 0 })).status).toBe(400);
    expect((await property(srv.url, 'props', { propertyId: 0, value: { a: 1 } })).status).toBe(400);
    expect((await property(srv.url, 'nope', { propertyId: 0, value: 'x' })).status).toBe(404);
    await sendFixture(srv.url, 'events', 'text_create');
    const wrong = await property(srv.url, 'log', { propertyId: 0, value: 'x' });
    expect(wrong.status).toBe(409);
    expect(wrong.body.message).toContain('only properties panes');
    expect(frames).toHaveLength(1);
  });

  it('sends edits made in the dashboard pane, with the values Visdom sends', async () => {
    const srv = await startServer();
    const content = [
      { type: 'text', name: 'note', value: 'hi' },
      { type: 'number', name: 'lr', value: '0.1' },
      { type: 'checkbox', name: 'aug', value: true },
      { type: 'select', name: 'opt', value: 0, values: ['sgd', 'adam'] },
      { type: 'button', name: 'stop', value: 'Stop' },
    ];
    expect((await post(`${srv.url}/events`, { data: [{ content, type: 'properties' }], win: 'props', eid: 'main', opts: {} })).text).toBe('props');
    const frames = await trainerFrames(srv.wsUrl);
    const page = await chromium.browser.newPage();
    await page.goto(`${srv.url}/env/main`);
    const inputs = page.locator('rb-pane[data-win="props"] rb-properties input[type="text"]');
    await eventually(() => inputs.count()).toBe(2);
    await inputs.nth(0).fill('hello');
    await inputs.nth(0).press('Enter');
    await inputs.nth(1).fill('abc'); // not a number: not sent, and the field goes back
    await inputs.nth(1).press('Enter');
    await eventually(() => inputs.nth(1).inputValue()).toBe('0.1');
    await inputs.nth(1).fill('0.05');
    await inputs.nth(1).press('Enter');
    await page.locator('rb-properties input[type="checkbox"]').click();
    await page.locator('rb-properties select').selectOption('1');
    await page.locator('rb-properties button').click();
    await eventually(() => frames.length).toBe(5);
    expect(frames.map((f) => [f.propertyId, f.value])).toEqual([[0, 'hello'], [1, '0.05'], [2, false], [3, '1'], [4, 'clicked']]);
    await page.close();
  });
});
