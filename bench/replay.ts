/**
 * Replay and compare benchmark in headless Chromium against a real server and
 * SQLite file holding envs that total 10M points (2 envs × 5 windows × 1M).
 * Prints:
 *   1. navigation → first paint of replay at a moment, of the compare overlay and
 *      of the side-by-side compare (first pane, and every pane on screen)
 *   2. scrubbing: the scrubber moves → the new moment drawn (each move waits for the
 *      last), first from the preview, then exactly from the server's snapshot
 *   3. a fast scrub (a move every 16 ms): the last move → drawn
 * Targets (issue 5): first paint ≤1 s; each new moment drawn ≤100 ms after the scrubber moves.
 * Usage: npm run bench:replay [-- --points 1000000 --windows 5 --moves 20]
 */
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { buildClient } from '../scripts/build-client.js';
import { launchChromium } from '../test/browser.js';
import { figure, printContext, quantile, startBenchServer } from './common.js';

const { values } = parseArgs({
  options: { points: { type: 'string', default: '1000000' }, windows: { type: 'string', default: '5' }, moves: { type: 'string', default: '20' } },
});
const POINTS = Number(values.points);
const WINDOWS = Number(values.windows);
const MOVES = Number(values.moves);
const ENVS = ['run_a', 'run_b'];
const BATCH = 100_000;

printContext('replay');
await buildClient();
const srv = await startBenchServer();
const chromium = await launchChromium();

// Fill: batches interleaved across windows, so every moment of the recording has every window growing.
const t0 = performance.now();
for (let from = 0; from < POINTS; from += BATCH) {
  const n = Math.min(BATCH, POINTS - from);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = from + i;
    y[i] = Math.exp(-(from + i) / POINTS) + Math.random() * 0.05;
  }
  for (const env of ENVS) {
    for (let w = 0; w < WINDOWS; w++) {
      await srv.ingest.series({ env, win: `w${w}`, mode: from === 0 ? 'create' : 'append', type: 'line', traces: [{ name: 'loss', x, y }], opts: { title: `metric ${w}` } });
    }
  }
  await new Promise((r) => setTimeout(r, 5));
}
const total = POINTS * WINDOWS * ENVS.length;
console.log(`filled ${total.toLocaleString('en-US')} points in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

/** ms for one GET, body read. */
async function timed(path: string): Promise<[number, unknown]> {
  const t = performance.now();
  const body = await (await fetch(srv.url + path)).json();
  return [performance.now() - t, body];
}

const [actMs, act] = await timed(`/api/env/run_a/activity?buckets=600`);
const activity = act as { start: number; end: number };
const mid = Math.round((activity.start + activity.end) / 2);
// The server's share of opening replay (cold: the first reads after the fill load the chunk summaries).
figure('server: GET activity (5M-point env, cold)', actMs, 'ms');
figure('server: GET snapshot?until=mid (5M-point env, 5 windows, 500 buckets, cold)', (await timed(`/api/env/run_a/snapshot?until=${mid}&buckets=500`))[0], 'ms');
figure('server: GET snapshot?until=mid (same, warm)', (await timed(`/api/env/run_a/snapshot?until=${mid}&buckets=500`))[0], 'ms');

/** ms from navigation start to the first frame after the first, then every, on-screen plot has data. */
async function firstPaint(path: string): Promise<{ first: number; all: number; page: Page }> {
  const page = await chromium.browser.newPage();
  await page.addInitScript(`
    (function () {
      const plots = (root, out = []) => {
        for (const n of root.querySelectorAll('*')) {
          if (n.tagName === 'RB-PLOT') out.push(n);
          if (n.shadowRoot) plots(n.shadowRoot, out);
        }
        return out;
      };
      (function poll() {
        const ps = plots(document).filter((p) => p.active);
        const ready = ps.filter((p) => p.uplot && p.uplot.data[0].length > 0);
        if (ready.length > 0 && window.__first === undefined) requestAnimationFrame(() => (window.__first = performance.now()));
        if (ps.length > 0 && ready.length === ps.length) requestAnimationFrame(() => (window.__all = performance.now()));
        else requestAnimationFrame(poll);
      })();
    })();`);
  await page.goto(srv.url + path);
  await page.waitForFunction(() => (window as any).__all !== undefined, null, { timeout: 60_000 });
  const [first, all] = await page.evaluate(() => [(window as any).__first as number, (window as any).__all as number]);
  return { first, all, page };
}

const q = ENVS.map((e) => `env=${e}`).join('&');
const runs: [string, string][] = [
  ['replay (2 envs, 10 panes) at a moment', `/?${q}&t=${mid}`],
  ['compare overlay (5 panes × 2 envs)', `/?${q}&compare=overlay`],
  ['compare side by side (10 panes)', `/?${q}&compare=columns`],
  ['replay (2 envs, 10 panes) at another moment', `/?${q}&t=${mid + 1000}`],
];
let replayPage: Page | null = null;
for (const [name, path] of runs) {
  const { first, all, page } = await firstPaint(path);
  figure(`${name}: first pane painted`, first, 'ms', { op: '<=', value: 1000 });
  figure(`${name}: every pane on screen painted`, all, 'ms', { op: '<=', value: 1000 });
  if (path.includes('&t=') && !replayPage) replayPage = page;
  else await page.close();
}

/**
 * In the replay page: moves the scrubber to t, resolves with ms until that moment
 * is drawn, first (from the preview) and exactly (the server's snapshot).
 */
const SCRUB = `async (t) => {
  const app = document.querySelector('rb-app');
  const input = app.shadowRoot.querySelector('rb-timeline').shadowRoot.querySelector('input.scrub');
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const start = performance.now();
  input.value = String(t);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  const target = app.player.clock.position;
  // The store notifies on the next frame and the panes setData in it: the frame after is on screen.
  const drawn = async (done) => {
    while (!done()) await frame();
    await frame();
    await frame();
    return performance.now() - start;
  };
  const first = await drawn(() => app.player.previewed === target);
  const exact = await drawn(() => app.player.shown === target);
  return [first, exact];
}`;

const page = replayPage!;
const span = activity.end - activity.start;
// Previews need the newest state, loaded after the first exact moment.
await page.waitForFunction(() => (document.querySelector('rb-app') as any).player?.['base'] != null, null, { timeout: 60_000 });
const first: number[] = [];
const exact: number[] = [];
for (let i = 0; i < MOVES; i++) {
  const t = activity.start + Math.round((((i * 7919) % MOVES) / MOVES) * span);
  const [a, b] = (await page.evaluate(`(${SCRUB})(${t})`)) as [number, number];
  first.push(a);
  exact.push(b);
}
figure(`scrub → drawn (preview), ${MOVES} moves: median`, quantile(first, 0.5), 'ms', { op: '<=', value: 100 });
figure(`scrub → drawn (preview), ${MOVES} moves: p90`, quantile(first, 0.9), 'ms', { op: '<=', value: 100 });
figure(`scrub → drawn (exact snapshot), ${MOVES} moves: median`, quantile(exact, 0.5), 'ms');
figure(`scrub → drawn (exact snapshot), ${MOVES} moves: p90`, quantile(exact, 0.9), 'ms');

const burst = (await page.evaluate(`(async () => {
  const app = document.querySelector('rb-app');
  const input = app.shadowRoot.querySelector('rb-timeline').shadowRoot.querySelector('input.scrub');
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const start = ${activity.start}, span = ${span};
  let sent = 0, last = 0;
  for (let i = 0; i < 60; i++) {
    input.value = String(start + Math.round(span * i / 60));
    input.dispatchEvent(new Event('input', { bubbles: true }));
    last = performance.now();
    await new Promise((r) => setTimeout(r, 16));
  }
  const target = app.player.clock.position;
  const drawn = async (done) => {
    while (!done()) await frame();
    await frame();
    await frame();
    return performance.now() - last;
  };
  return [await drawn(() => app.player.previewed === target), await drawn(() => app.player.shown === target)];
})()`)) as [number, number];
figure('fast scrub (60 moves, one per 16 ms): last move → drawn (preview)', burst[0], 'ms', { op: '<=', value: 100 });
figure('fast scrub (60 moves, one per 16 ms): last move → drawn (exact snapshot)', burst[1], 'ms');

await chromium.close();
await srv.stop();
