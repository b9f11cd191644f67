/**
 * Embeddings panes talk to the trainer as Visdom's do (real server, real `/vis_socket`
 * client, real headless Chromium): the hovered point goes out as `EntitySelected`, the
 * trainer's preview HTML comes back through `/update` and is drawn sanitized; a lasso
 * goes out as `RegionSelected`, the re-embedded points come back and replace the drawn
 * ones, and "Back" returns to the points before, for every viewer.
 */
import { describe, expect, it } from 'vitest';
import { eventually, useChromium } from './browser.js';
import { post, startServer, type TestServer } from './helpers.js';
import { fixture, send, trainerFrames, winData } from './visdom-helpers.js';

const chromium = useChromium();
const FIRST_DRAW = 90_000;

async function embeddings(srv: TestServer): Promise<void> {
  for (const body of fixture('embeddings_create').split('\n').filter(Boolean)) expect((await send(srv.url, 'events', body)).status).toBe(200);
}

/** Three points as the client's RegionSelected handler sends them after re-running t-SNE. */
const region = {
  update_type: 'RegionSelected',
  points: [0, 1, 2].map((i) => ({ group: i, name: `Entity ${i}`, position: [i / 2, 1 - i / 2], label: ['cat', 'dog', 'bird'][i], idx: i })),
};
const update = (srv: TestServer, data: unknown) => send(srv.url, 'update', { data, win: 'emb', eid: 'main', opts: {} });

describe('embeddings updates from the trainer', () => {
  it('keeps the preview, swaps in a region and goes back, as Visdom stores them', async () => {
    const srv = await startServer();
    await embeddings(srv);
    const before = (await winData(srv.url, 'emb')).content.data;
    expect(before).toHaveLength(24);

    expect((await update(srv, { update_type: 'EntitySelected', selected: { html: '<b>3</b>', entityId: 'Entity 3' } })).text).toBe('emb');
    expect((await winData(srv.url, 'emb')).content.selected).toEqual({ html: '<b>3</b>', entityId: 'Entity 3' });

    expect((await update(srv, region)).text).toBe('emb');
    const zoomed = await winData(srv.url, 'emb');
    expect(zoomed.content).toMatchObject({ data: region.points, selected: null, has_previous: true });
    expect(zoomed.old_content).toEqual([before]);

    const back = await post(`${srv.url}/api/env/main/win/emb/embeddings/back`, {});
    expect(back.status).toBe(200);
    const restored = await winData(srv.url, 'emb');
    expect(restored.content).toMatchObject({ data: before, has_previous: false });
    expect(restored.old_content).toBeUndefined();
    const again = await post(`${srv.url}/api/env/main/win/emb/embeddings/back`, {});
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('nothing to go back to');
  });

  it('refuses an embeddings update to another window type, and a malformed one, changing nothing', async () => {
    const srv = await startServer();
    await embeddings(srv);
    await send(srv.url, 'events', fixture('line_create'));
    const line = await winData(srv.url, 'loss');
    const wrong = await send(srv.url, 'update', { data: region, win: 'loss', eid: 'main' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('only embeddings windows take');
    expect(await winData(srv.url, 'loss')).toEqual(line);
    const emb = await winData(srv.url, 'emb');
    expect((await update(srv, { update_type: 'RegionSelected' })).status).toBe(400);
    expect((await update(srv, [{ x: [1], y: [2] }])).status).toBe(400);
    expect(await winData(srv.url, 'emb')).toEqual(emb);
    const notEmb = await post(`${srv.url}/api/env/main/win/loss/embeddings/back`, {});
    expect(notEmb.status).toBe(409);
  });
});

describe('embeddings pane events', { timeout: 150_000 }, () => {
  it('sends the hovered point, draws the trainer preview as safe HTML, sends a lasso, shows the region and goes back', async () => {
    const srv = await startServer();
    await embeddings(srv);
    const frames = await trainerFrames(srv.wsUrl);
    const page = await chromium.browser.newPage();
    await page.goto(`${srv.url}/env/main`);
    const pane = page.locator('rb-pane[data-win="emb"]');
    await eventually(() => pane.locator('rb-plotly').evaluate((el: any) => el.draws), FIRST_DRAW).toBeGreaterThan(0);
    const points = pane.locator('.scatterlayer .point');
    await eventually(() => points.count()).toBe(24);

    // Hover: EntitySelected with the entity's name and idx, and pane_data false, as Visdom's UI sends it.
    const p = (await points.first().boundingBox())!;
    await page.mouse.move(p.x + p.width / 2, p.y + p.height / 2);
    await eventually(() => frames.length).toBe(1);
    expect(frames[0]).toMatchObject({ event_type: 'EntitySelected', target: 'emb', eid: 'main', pane_data: false });
    const hovered = frames[0].entityId as string;
    expect(hovered).toMatch(/^Entity \d+$/);
    expect(frames[0].idx).toBe(Number(hovered.split(' ')[1]));

    // The trainer's data_getter answers with HTML: drawn in the preview, without its script.
    const html = `<b class="pv">preview of ${hovered}</b><img src="x" onerror="window.__xss=1">`;
    await update(srv, { update_type: 'EntitySelected', selected: { html, entityId: hovered } });
    const preview = pane.locator('rb-plotly .preview .html');
    await eventually(() => preview.locator('b.pv').textContent()).toBe(`preview of ${hovered}`);
    expect(await preview.locator('img').evaluate((el) => el.getAttribute('onerror'))).toBeNull();
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();

    // Lasso around every point: RegionSelected with all 24 idx.
    await pane.locator('rb-plotly button.lasso').click();
    const box = (await pane.locator('rb-plotly .plot .nsewdrag').boundingBox())!;
    const corners = [
      [box.x + 4, box.y + 4],
      [box.x + box.width - 4, box.y + 4],
      [box.x + box.width - 4, box.y + box.height - 4],
      [box.x + 4, box.y + box.height - 4],
      [box.x + 4, box.y + 6],
    ];
    await page.mouse.move(corners[0]![0]!, corners[0]![1]!);
    await page.mouse.down();
    for (const [x, y] of corners.slice(1)) await page.mouse.move(x!, y!, { steps: 10 });
    await page.mouse.up();
    await eventually(() => frames.filter((f) => f.event_type === 'RegionSelected').length).toBe(1);
    const sel = frames.find((f) => f.event_type === 'RegionSelected');
    expect(sel).toMatchObject({ target: 'emb', eid: 'main', pane_data: false });
    expect([...sel.selectedIdxs].sort((a: number, b: number) => a - b)).toEqual([...Array(24).keys()]);

    // The trainer answers with the selection re-embedded: 3 points drawn, and Back.
    await update(srv, region);
    await eventually(() => points.count()).toBe(3);
    const back = pane.locator('rb-plotly button.back');
    await eventually(() => back.count()).toBe(1);
    await back.click();
    await eventually(() => points.count()).toBe(24);
    await eventually(() => back.count()).toBe(0);
    await page.close();
  });
});
