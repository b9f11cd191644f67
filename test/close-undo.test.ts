/**
 * Closing a window is recorded, not erased: it leaves every live view at once, replay
 * shows it until the moment it was closed, and undo (reopen) brings it back with its
 * points, for every viewer. The dashboard's × offers that undo in a toast.
 */
import { describe, expect, it } from 'vitest';
import { eventually, useChromium } from './browser.js';
import { del, get, post, SocketClient, startServer, type TestServer } from './helpers.js';

const chromium = useChromium();

async function lossWindow(srv: TestServer): Promise<number> {
  expect((await post(`${srv.url}/api/env/main/line`, { win: 'loss', Y: [5, 4, 3], opts: { title: 'train loss' } })).status).toBe(200);
  const { updatedAt } = (await get(`${srv.url}/api/env/main/win/loss`)).body;
  // The close must come after the last write's millisecond, to see the window in between.
  await expect.poll(() => Date.now()).toBeGreaterThan(updatedAt);
  return updatedAt;
}

describe('closing a window', () => {
  it('removes it from live reads, but replay shows it, with its points, until the moment it was closed', async () => {
    const srv = await startServer();
    const before = await lossWindow(srv);
    expect((await del(`${srv.url}/api/env/main/win/loss`)).body).toEqual({ closed: 'loss' });
    const closedAt = Date.now();
    expect((await get(`${srv.url}/api/env/main`)).body.windows).toEqual([]);
    expect((await get(`${srv.url}/api/env/main/win/loss`)).status).toBe(404);
    expect((await get(`${srv.url}/api/envs`)).body.envs[0]).toMatchObject({ id: 'main', windows: 0, points: 0 });

    const then = (await get(`${srv.url}/api/env/main/snapshot?until=${before}`)).body;
    expect(then.windows.map((w: any) => [w.id, w.opts.title, w.data[0].y])).toEqual([['loss', 'train loss', [5, 4, 3]]]);
    expect((await get(`${srv.url}/api/env/main/snapshot?until=${closedAt}`)).body.windows).toEqual([]);
    // It stays recorded across a restart.
    const again = await srv.restart();
    expect((await get(`${again.url}/api/env/main/snapshot?until=${before}`)).body.windows).toHaveLength(1);
  });

  it('is undone by reopen: the window comes back with its points for every viewer', async () => {
    const srv = await startServer();
    await lossWindow(srv);
    const viewer = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    viewer.send({ type: 'subscribe', envs: ['main'] });
    await viewer.next('snapshot');
    await del(`${srv.url}/api/env/main/win/loss`);
    await viewer.next('close', (m) => m.win === 'loss');
    expect((await post(`${srv.url}/api/env/main/win/loss/reopen`, '')).body).toEqual({ reopened: 'loss' });
    const back = await viewer.next('window', (m) => m.window.id === 'loss');
    expect(back.window.data?.[0]?.y).toEqual([5, 4, 3]);
    expect((await get(`${srv.url}/api/env/main/win/loss/data`)).body.traces[0].y).toEqual([5, 4, 3]);
    // Reopening an open window is a 404 that says so.
    const twice = await post(`${srv.url}/api/env/main/win/loss/reopen`, '');
    expect(twice.status).toBe(404);
    expect(twice.body.message).toMatch(/No closed window loss in env main/);
  });

  it('starts afresh when a closed window id is written again', async () => {
    const srv = await startServer();
    await lossWindow(srv);
    await del(`${srv.url}/api/env/main/win/loss`);
    await post(`${srv.url}/api/env/main/line`, { win: 'loss', Y: [1] });
    expect((await get(`${srv.url}/api/env/main/win/loss/data`)).body.traces.map((t: any) => t.y)).toEqual([[1]]);
    expect((await post(`${srv.url}/api/env/main/win/loss/reopen`, '')).status).toBe(404);
  });
});

describe('the × of a pane', () => {
  it('offers undo in a toast, and undo brings the pane back drawing the same points', async () => {
    const srv = await startServer();
    await lossWindow(srv);
    const page = await chromium.browser.newPage();
    await page.goto(`${srv.url}/env/main`);
    const drawn = () =>
      page.locator('rb-plot[data-win="loss"]').evaluate((el: any) => (el.uplot ? Array.from(el.uplot.data[1]) : null)).catch(() => null);
    await eventually(drawn).toEqual([5, 4, 3]);
    await page.locator('rb-pane[data-win="loss"] button.close').click();
    await eventually(() => page.locator('rb-pane[data-win="loss"]').count()).toBe(0);
    const toast = page.locator('rb-undo-toast [role="status"]');
    await eventually(() => toast.textContent()).toMatch(/closed train loss\s*undo/);
    await toast.locator('button.undo').click();
    await eventually(drawn).toEqual([5, 4, 3]);
    await eventually(() => toast.count()).toBe(0);
    await page.close();
  }, 60_000);
});
