/**
 * A TensorBoard logdir drawn in real Chromium: scalars from a real PyTorch event file as a
 * uPlot line, images, text and a histogram from the test writer, and points a trainer
 * appends while the page is open.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../examples/client/png.js';
import { eventually, openPage, useChromium } from './browser.js';
import { startServer, tempDir } from './helpers.js';
import { histogramEvent, imageEvent, scalarEvent, TbWriter, textEvent } from './tb-writer.js';

const chromium = useChromium();
const T0 = 1_700_000_000;

describe('--logdir in the browser', () => {
  it('draws the run: real PyTorch scalars, then live appends; images, text and a histogram', async () => {
    const logdir = tempDir();
    cpSync('test/fixtures/tensorboard/pytorch-simple/run_1', join(logdir, 'exp', 'a'), { recursive: true });
    const w = new TbWriter(join(logdir, 'exp', 'a', 'events.out.tfevents.1700000000.host.2'));
    const png = encodePng({ width: 2, height: 2, channels: 1, data: Buffer.from([0, 255, 255, 0]) });
    w.write(imageEvent('samples', 7, png, T0), textEvent('notes', 7, 'lr = 0.1', T0), histogramEvent('weights', 7, [1, 2, 2, 3, 3, 3], T0, 'tensor'));
    const srv = await startServer({ logdir });
    await srv.logdir!.idle();
    const page = await openPage(chromium, `${srv.url}/env/${encodeURIComponent('exp/a')}`);
    const plot = page.locator('rb-pane[data-win="strict/foo"] rb-plot');
    const xs = () => plot.evaluate((el: any) => (el.uplot ? Array.from(el.uplot.data[0] as ArrayLike<number>) : null)).catch(() => null);
    await eventually(xs).toEqual(Array.from({ length: 100 }, (_, i) => i * 5));
    w.write(scalarEvent('strict/foo', 500, 2.5, T0 + 10), scalarEvent('strict/foo', 505, 2.0, T0 + 11));
    await eventually(async () => (await xs())?.slice(-3)).toEqual([495, 500, 505]);
    await eventually(() => page.locator('rb-pane[data-win="samples"] rb-image .caption').textContent()).toBe('step 7');
    expect(await page.locator('rb-pane[data-win="samples"] rb-image img').getAttribute('src')).toBe(`data:image/png;base64,${png.toString('base64')}`);
    await eventually(() => page.locator('rb-pane[data-win="notes"] rb-text').evaluate((el) => el.shadowRoot!.textContent)).toContain('lr = 0.1');
    const bars = page.locator('rb-pane[data-win="weights"] rb-bars');
    await eventually(() => bars.evaluate((el: any) => (el.uplot ? el.uplot.data.length : 0)).catch(() => 0)).toBeGreaterThan(0);
    expect(page.errors).toEqual([]);
  });
});
