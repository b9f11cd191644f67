/** The runs table, live metadata and grouped bands in headless Chromium against the real server. */
import { describe, expect, it } from 'vitest';
import { eventually, openPage, useChromium } from './browser.js';
import { post, startServer, type TestServer } from './helpers.js';

const chromium = useChromium();

async function patch(srv: TestServer, env: string, body: unknown): Promise<void> {
  const res = await fetch(`${srv.url}/api/env/${env}`, { method: 'PATCH', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

/** Runs `r00`…: lr 10^-(1 + i % 4), loss ending at i. */
async function sweep(srv: TestServer, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const env = `r${String(i).padStart(3, '0')}`;
    await post(`${srv.url}/api/env/${env}/line`, { win: 'loss', X: [0, 1, 2], Y: [i + 2, i + 1, i], opts: { title: 'loss' } });
    await patch(srv, env, { config: { optim: { lr: 10 ** -(1 + (i % 4)), name: i % 2 ? 'sgd' : 'adam' }, seed: i } });
  }
}

const rowsShown = (page: import('playwright-core').Page) =>
  page.locator('rb-runs-table').evaluate((t) => [...t.shadowRoot!.querySelectorAll('.body .row')].map((r) => (r as HTMLElement).dataset.env));

describe('runs table', () => {
  it('lists runs virtualized, sorts by a config column, filters with lr < 1e-2, shows metric last values, and selecting rows drives compare', async () => {
    const srv = await startServer();
    await sweep(srv, 120);
    const page = await openPage(chromium, `${srv.url}/?runs=1`);
    const table = page.locator('rb-runs-table');
    await eventually(() => table.locator('.count').first().textContent()).toMatch(/^120 of 120 runs/);
    // Virtualized: far fewer rows in the DOM than runs.
    const dom = await rowsShown(page);
    expect(dom.length).toBeGreaterThan(5);
    expect(dom.length).toBeLessThan(50);

    await table.locator('.head .c[data-col="config:optim.lr"]').click();
    await eventually(async () => (await rowsShown(page)).slice(0, 3)).toEqual(['r003', 'r007', 'r011']);
    await table.locator('.head .c[data-col="config:optim.lr"]').click();
    await eventually(async () => (await rowsShown(page))[0]).toBe('r000');
    expect(page.url()).toContain('rsort=-config%3Aoptim.lr');

    await table.locator('input.filter').fill('lr < 1e-2 optim.name=sgd');
    await eventually(() => table.locator('.count').first().textContent()).toMatch(/^30 of 120 runs/);
    // lr < 1e-2 is i % 4 in {2, 3}; sgd is i odd: i % 4 = 3.
    expect((await rowsShown(page)).every((e) => Number(e!.slice(1)) % 4 === 3)).toBe(true);
    expect(page.url()).toContain('rq=lr');
    await table.locator('input.filter').fill('/^r00[0-2]$/');
    await eventually(() => rowsShown(page)).toEqual(['r000', 'r001', 'r002']);
    // The metric column (loss, last) comes from the server's summaries.
    await eventually(() => table.locator('.row[data-env="r002"] .c[data-col^="metric:"]').first().textContent()).toMatch(/^\s*2\s*$/);

    // Columns: resized by dragging a header's edge, chosen in the columns panel (a metric's max added, notes removed).
    const nameHead = table.locator('.head .c[data-col="name"]');
    const w0 = (await nameHead.boundingBox())!.width;
    const grip = (await nameHead.locator('.grip').boundingBox())!;
    await page.mouse.move(grip.x + 2, grip.y + 5);
    await page.mouse.down();
    await page.mouse.move(grip.x + 82, grip.y + 5, { steps: 4 });
    await page.mouse.up();
    await eventually(async () => Math.round((await nameHead.boundingBox())!.width - w0)).toBe(80);
    await table.locator('button.cols').click();
    await table.locator('.panel input[data-col="notes"]').uncheck();
    await table.locator('.panel select.agg').selectOption('max');
    await table.locator('.panel button.add-metric').click();
    await eventually(() => table.locator('.head .c').evaluateAll((cs) => cs.map((c) => (c as HTMLElement).dataset.col).filter(Boolean))).toEqual([
      'color', 'name', 'state', 'started', 'duration', 'steps', 'tags', 'config:optim.lr', 'config:optim.name', 'config:seed',
      expect.stringMatching(/^metric:loss\u001f.*:last$/), expect.stringMatching(/^metric:loss\u001f.*:max$/),
    ]);
    await eventually(() => table.locator('.row[data-env="r002"] .c[data-col$=":max"]').textContent()).toMatch(/^\s*4\s*$/);

    // Scrolling the whole list reaches the last run.
    await table.locator('input.filter').fill('');
    await table.evaluate((t) => {
      const s = t.shadowRoot!.querySelector('.scroll')!;
      s.scrollTop = s.scrollHeight;
    });
    await eventually(async () => (await rowsShown(page)).includes('r119')).toBe(true);

    // Rows select envs; two selected with overlay is the compare view.
    await table.locator('input.filter').fill('/^r00[0-2]$/');
    await table.locator('.row[data-env="r000"] .c[data-col="name"]').click();
    await table.locator('.row[data-env="r002"] .c[data-col="name"]').click({ modifiers: ['Control'] });
    await page.locator('button.cmp-overlay').click();
    await eventually(() => page.locator('rb-compare').evaluate((c) => (c as any).envs)).toEqual(['r000', 'r002']);
    expect(page.url()).toMatch(/env=r000&env=r002/);
    expect(page.errors).toEqual([]);
  });

  it('shows tags, notes and colour edited in one viewer live in another', async () => {
    const srv = await startServer();
    await sweep(srv, 3);
    const a = await openPage(chromium, `${srv.url}/?runs=1`);
    const b = await openPage(chromium, `${srv.url}/?runs=1`);
    const ta = a.locator('rb-runs-table');
    const tb = b.locator('rb-runs-table');
    await eventually(() => tb.locator('.count').first().textContent()).toMatch(/^3 of 3/);
    await ta.locator('.row[data-env="r001"] .c[data-col="notes"]').dblclick();
    await ta.locator('input.edit').fill('lr too high <script>x</script>');
    await ta.locator('input.edit').press('Enter');
    await ta.locator('.row[data-env="r001"] .c[data-col="tags"]').dblclick();
    await ta.locator('input.edit').fill('baseline, keep');
    await ta.locator('input.edit').press('Enter');
    await ta.locator('.row[data-env="r001"] input[type="color"]').fill('#ff0000');
    await eventually(() => tb.locator('.row[data-env="r001"] .c[data-col="notes"]').textContent()).toMatch(/lr too high <script>x<\/script>/);
    await eventually(() => tb.locator('.row[data-env="r001"] .tag').allTextContents()).toEqual(['baseline', 'keep']);
    await eventually(() => tb.locator('.row[data-env="r001"] .sw').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 0, 0)');
    // Stored: a reload shows it too.
    const stored = await (await fetch(`${srv.url}/api/env/r001`)).json();
    expect(stored.meta).toMatchObject({ notes: 'lr too high <script>x</script>', tags: ['baseline', 'keep'], color: '#ff0000' });
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
});

describe('grouping', () => {
  it('draws one mean line with a min–max band per group, switches to ±1 std, and expands a group into its runs', async () => {
    const srv = await startServer();
    // Two lr values × three seeds: loss = base + seed offset.
    const envs: string[] = [];
    for (const [lr, base] of [[0.1, 10], [0.01, 50]] as const) {
      for (const seed of [0, 1, 2]) {
        const env = `lr${lr}-s${seed}`;
        envs.push(env);
        const X = Array.from({ length: 200 }, (_, i) => i);
        await post(`${srv.url}/api/env/${env}/line`, { win: 'loss', X, Y: X.map(() => base + seed * 2), opts: { title: 'loss' } });
        await patch(srv, env, { config: { lr, seed } });
      }
    }
    const q = envs.map((e) => `env=${encodeURIComponent(e)}`).join('&');
    const page = await openPage(chromium, `${srv.url}/?${q}&runs=1&group=lr`);
    const plot = page.locator('rb-group-plot');
    await eventually(() => plot.evaluate((p) => (p as any).drawn?.bands.length ?? 0)).toBe(2);
    const drawn = await plot.evaluate((p) => {
      const u = (p as any).uplot;
      return { labels: u.series.slice(1).map((s: any) => s.label), bands: u.bands.map((b: any) => b.series), data: u.data.map((c: any) => [c[0], c[c.length - 1]]) };
    });
    expect(drawn.labels).toEqual(['lr=0.1 (3 runs)', 'lr=0.1 lo', 'lr=0.1 hi', 'lr=0.01 (3 runs)', 'lr=0.01 lo', 'lr=0.01 hi']);
    expect(drawn.bands).toEqual([[3, 2], [6, 5]]);
    // mean, lo, hi of each group: base + 2, base, base + 4.
    expect(drawn.data.slice(1).map((c: number[]) => c[0])).toEqual([12, 10, 14, 52, 50, 54]);
    // The band is filled on the canvas: a pixel between lo and hi has the group's colour.
    const pixel = await plot.evaluate((p) => {
      const u = (p as any).uplot;
      // Off the grid lines: x 103.7, y 13.3 inside the first band, 31.7 between the bands.
      const x = Math.round(u.valToPos(103.7, 'x', true));
      const y = Math.round(u.valToPos(13.3, 'y', true));
      const [r, g, b, a] = u.ctx.getImageData(x, y, 1, 1).data;
      const yOut = Math.round(u.valToPos(31.7, 'y', true));
      const out = u.ctx.getImageData(x, yOut, 1, 1).data;
      return { inside: [r, g, b, a], outside: [...out] };
    });
    expect(pixel.inside[3]).toBeGreaterThan(0);
    expect(pixel.outside[3]).toBe(0);

    await page.locator('rb-runs-table select.band').selectOption('std');
    await eventually(() => plot.evaluate((p) => (p as any).uplot.data[3][0])).toBeCloseTo(12 + Math.sqrt(8 / 3), 6);
    expect(page.url()).toContain('band=std');

    await plot.locator('button.grp[data-group="lr=0.01"]').click();
    await eventually(() => plot.evaluate((p) => (p as any).uplot.series.slice(1).map((s: any) => s.label).slice(6))).toEqual(['lr0.01-s0', 'lr0.01-s1', 'lr0.01-s2']);
    expect(page.errors).toEqual([]);
  });
});
