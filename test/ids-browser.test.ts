/** Ids in the dashboard: a Visdom window `train/loss` in an emoji env is drawn, and its CSV link names it (%2F) and works. */
import { describe, expect, it } from 'vitest';
import { eventually, useChromium } from './browser.js';
import { startServer } from './helpers.js';
import { fixture, send } from './visdom-helpers.js';

const chromium = useChromium();

describe('ids in the dashboard', () => {
  it('draws window train/loss of env "🚀 run 1.5" and its CSV link downloads its points', async () => {
    const srv = await startServer();
    const env = '🚀 run 1.5';
    const win = 'train/loss';
    const body = { ...JSON.parse(fixture('line_create')), win, eid: env };
    expect((await send(srv.url, 'events', body)).text).toBe(win);

    const page = await chromium.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${srv.url}/env/${encodeURIComponent(env)}`);
    const plot = page.locator(`rb-plot[data-win="${win}"]`);
    const drawn = () => plot.evaluate((el: any) => el.uplot?.data.slice(0, 2).map((c: ArrayLike<number>) => Array.from(c)) ?? null).catch(() => null);
    await eventually(drawn).toEqual([[0, 1, 2], [1, 2, 3]]);

    const link = plot.locator('a.csv');
    const href = await link.getAttribute('href');
    expect(href).toBe(`/api/env/${encodeURIComponent(env)}/win/train%2Floss/data?format=csv`);
    const csv = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, text: await res.text() };
    }, href!);
    expect(csv.status).toBe(200);
    expect(csv.text.split('\n').slice(0, 4).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      'trace,seq,x,y',
      '1,0,0,1',
      '1,1,1,2',
      '1,2,2,3',
    ]);
    expect(errors).toEqual([]);
  });
});
