/**
 * KeyPress and Click reach trainers: a key released in a focused text or image pane, and a
 * click on an image, arrive at a real `/vis_socket` client in the shapes Visdom's UI sends
 * (real server, real sockets, real headless Chromium).
 */
import { describe, expect, it } from 'vitest';
import { eventually, useChromium } from './browser.js';
import { post, startServer } from './helpers.js';
import { trainerFrames } from './visdom-helpers.js';

const chromium = useChromium();


const event = (url: string, win: string, body: unknown) => post(`${url}/api/env/main/win/${win}/event`, body, { 'Content-Type': 'application/json' });

describe('pane events to trainers', () => {
  it('forwards KeyPress from a focused text pane with the pane, as the notepad demo needs', async () => {
    const srv = await startServer();
    await post(`${srv.url}/events`, JSON.stringify({ data: [{ content: 'type here', type: 'text' }], win: 'note', eid: 'main', opts: {} }));
    const frames = await trainerFrames(srv.wsUrl);
    const page = await chromium.browser.newPage();
    await page.goto(`${srv.url}/env/main`);
    const pane = page.locator('rb-pane[data-win="note"] .events');
    await eventually(() => pane.count()).toBe(1);
    await pane.focus();
    await page.keyboard.press('a');
    await page.keyboard.press('Enter');
    await eventually(() => frames.length).toBe(2);
    expect(frames[0]).toMatchObject({ event_type: 'KeyPress', key: 'a', key_code: 65, target: 'note', eid: 'main' });
    expect(frames[0].pane_data).toMatchObject({ id: 'note', type: 'text', content: 'type here' });
    expect(frames[1]).toMatchObject({ event_type: 'KeyPress', key: 'Enter', key_code: 13 });
    await page.close();
  });

  it('forwards a click on an image with the image pixel clicked', async () => {
    const srv = await startServer();
    const page = await chromium.browser.newPage();
    // A 4×2 PNG as vis.image sends it: a data URI in content.src (made by the browser's own encoder).
    const png = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 4;
      c.height = 2;
      c.getContext('2d')!.fillRect(0, 0, 4, 2);
      return c.toDataURL('image/png');
    });
    await post(`${srv.url}/events`, JSON.stringify({ data: [{ content: { src: png, caption: '' }, type: 'image' }], win: 'img', eid: 'main', opts: {} }));
    const frames = await trainerFrames(srv.wsUrl);
    await page.goto(`${srv.url}/env/main`);
    const img = page.locator('rb-pane[data-win="img"] rb-image img');
    await eventually(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(4);
    // The pixel (3, 1): the right half of the bottom-right quarter of the drawn image.
    const at = await img.evaluate((el: HTMLImageElement) => {
      const r = el.getBoundingClientRect();
      const s = Math.min(r.width / 4, r.height / 2);
      const left = r.left + (r.width - 4 * s) / 2;
      const top = r.top + (r.height - 2 * s) / 2;
      return { x: left + 3.5 * s, y: top + 1.5 * s };
    });
    await page.mouse.click(at.x, at.y);
    await eventually(() => frames.length).toBe(1);
    expect(frames[0]).toMatchObject({ event_type: 'Click', image_coord: { x: 3, y: 1 }, target: 'img', eid: 'main' });
    await page.close();
  });

  it('refuses events a pane of that type does not send, and malformed ones', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/main/line`, { win: 'loss', Y: [1, 2] });
    await post(`${srv.url}/events`, JSON.stringify({ data: [{ content: 'x', type: 'text' }], win: 'note', eid: 'main', opts: {} }));
    const frames = await trainerFrames(srv.wsUrl);
    const wrong = await event(srv.url, 'loss', { event_type: 'KeyPress', key: 'a', key_code: 65 });
    expect(wrong.status).toBe(409);
    expect(wrong.body.message).toContain('KeyPress events come from text, image, image_history, embeddings panes');
    expect((await event(srv.url, 'note', { event_type: 'Click', image_coord: { x: 1, y: 1 } })).status).toBe(409);
    expect((await event(srv.url, 'note', { event_type: 'KeyPress', key: '' })).status).toBe(400);
    expect((await event(srv.url, 'nope', { event_type: 'KeyPress', key: 'a', key_code: 65 })).status).toBe(404);
    expect(frames).toHaveLength(0);
  });
});
