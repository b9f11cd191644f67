/**
 * Text panes with Visdom's full HTML and no script: audio and video from data: URIs play,
 * a <style> styles its own pane only, LaTeX renders with KaTeX (real server, headless Chromium).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, useChromium } from './browser.js';
import { post, startServer, type TestServer } from './helpers.js';

const chromium = useChromium();

const text = (srv: TestServer, win: string, content: string) =>
  post(`${srv.url}/events`, JSON.stringify({ data: [{ content, type: 'text' }], win, eid: 'main', opts: {} }));

async function open(srv: TestServer): Promise<Page> {
  const page = await chromium.browser.newPage();
  await page.goto(`${srv.url}/env/main`);
  return page;
}

/** A 0.2 s silent 8 kHz mono WAV, as vis.audio sends one: base64 in a data: URI. */
function wav(): string {
  const n = 1600;
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + n * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(n * 2, 40);
  return `data:audio/wav;base64,${b.toString('base64')}`;
}

describe('text panes', () => {
  it('plays the audio the stock client sends, and refuses media from elsewhere', async () => {
    const srv = await startServer();
    // vis.audio(tensor=...) sends this shape: <audio controls><source type="audio/wav" src="data:..."></audio>
    await text(srv, 'a', `<audio controls><source type="audio/wav" src="${wav()}">Your browser does not support the audio tag.</audio>`);
    await text(srv, 'b', '<audio controls src="https://example.com/x.wav"></audio><video controls><source src="http://evil.test/v.mp4"></video>');
    const page = await open(srv);
    const audio = page.locator('rb-pane[data-win="a"] rb-text audio');
    await eventually(() => audio.count()).toBe(1);
    await eventually(() => audio.evaluate((a: HTMLAudioElement) => [a.readyState >= 1, a.error === null])).toEqual([true, true]);
    expect(await audio.evaluate((a: HTMLAudioElement) => a.duration)).toBeCloseTo(0.2, 2);
    const other = page.locator('rb-pane[data-win="b"] rb-text');
    await eventually(() => other.locator('audio').count()).toBe(1);
    expect(await other.evaluate((el) => [...el.shadowRoot!.querySelectorAll('[src]')].map((e) => e.getAttribute('src')))).toEqual([]);
  });

  it('applies a <style> inside its own pane only, and drops the rules that could fetch', async () => {
    const srv = await startServer();
    await text(srv, 'styled', '<style>td { border: 3px solid rgb(255, 0, 0); } p { background-image: url(/leak); color: rgb(0, 128, 0) } @import "/leak2";</style><table><tr><td>cell</td></tr></table><p>para</p>');
    await text(srv, 'plain', '<table><tr><td>cell</td></tr></table><p>para</p>');
    const requests: string[] = [];
    const page = await chromium.browser.newPage();
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${srv.url}/env/main`);
    const cell = (w: string) => page.locator(`rb-pane[data-win="${w}"] rb-text td`);
    await eventually(() => cell('styled').evaluate((td) => getComputedStyle(td).borderTopWidth)).toBe('3px');
    expect(await cell('styled').evaluate((td) => getComputedStyle(td).borderTopColor)).toBe('rgb(255, 0, 0)');
    expect(await page.locator('rb-pane[data-win="styled"] rb-text p').evaluate((p) => [getComputedStyle(p).color, getComputedStyle(p).backgroundImage])).toEqual(['rgb(0, 128, 0)', 'none']);
    // The other pane, and the dashboard around them, are untouched.
    expect(await cell('plain').evaluate((td) => getComputedStyle(td).borderTopWidth)).toBe('1px');
    expect(await page.locator('rb-app').evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(0, 128, 0)');
    expect(requests.filter((p) => p.startsWith('/leak'))).toEqual([]);
  });

  it('renders LaTeX with KaTeX, loaded only for a pane that holds some', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/main/line`, { win: 'loss', Y: [1, 2] });
    const requests: string[] = [];
    const page = await chromium.browser.newPage();
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${srv.url}/env/main`);
    await eventually(() => page.locator('rb-plot[data-win="loss"]').evaluate((el: any) => !!el.uplot)).toBe(true);
    const chunksBefore = requests.filter((p) => p.includes('chunk-')).length;
    await text(srv, 'tex', 'Inline $\\alpha_{1c} = \\sqrt{2}$ and <b>bold</b>, then $$\\sum_{i=1}^n x_i$$ and <code>$not math$</code>');
    const pane = page.locator('rb-pane[data-win="tex"] rb-text');
    await eventually(() => pane.locator('math').count()).toBe(2);
    expect(await pane.locator('math msub').count()).toBeGreaterThan(0);
    expect(await pane.locator('code').textContent()).toBe('$not math$');
    expect(await pane.locator('b').textContent()).toBe('bold');
    // The KaTeX chunk came with the LaTeX, not with the line pane.
    expect(requests.filter((p) => p.includes('chunk-')).length).toBeGreaterThan(chunksBefore);
  });
});
