/**
 * The compare overlay at many runs, in headless Chromium against a real server and
 * SQLite file: RUNS runs × POINTS points of one metric, logged at x steps of their
 * own (so the decimated views' x differ, as in a real sweep). Prints, each beside
 * a baseline measured in the same run (one run in the same overlay view):
 *   1. navigation → the overlay pane painted with every run;
 *   2. hover: a pointer move over the chart → the highlighted run, dimmed others,
 *      the hover list of every run's value and the legend on screen (main-thread
 *      time from the event to the frame after), p50 and p95 over MOVES moves; and,
 *      independent of load, the page's main-thread CPU per move (script, style+layout,
 *      all tasks: Chromium's counters) and how often the chart was redrawn for it;
 * with load average and this process's CPU time.
 * Targets (issue 10): overlay of 50 runs first paint ≤ 1 s; hover p95 frame ≤ 16 ms.
 * Usage: npm run bench:overlay [-- --runs 50 --points 100000 --moves 200]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { buildClient } from '../scripts/build-client.js';
import { launchChromium } from '../test/browser.js';
import { figure, printContext, quantile, startBenchServer } from './common.js';
import { mainThreadDuring, type MainThread } from './page-metrics.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '50' }, points: { type: 'string', default: '100000' }, moves: { type: 'string', default: '200' } },
});
const RUNS = Number(values.runs);
const POINTS = Number(values.points);
const MOVES = Number(values.moves);
const name = (i: number) => `sweep_${String(i).padStart(3, '0')}`;

printContext('overlay');
const cpu0 = process.cpuUsage();
await buildClient();
const srv = await startBenchServer();
const chromium = await launchChromium();

const t0 = performance.now();
for (let r = 0; r < RUNS; r++) {
  const x = new Float64Array(POINTS);
  const y = new Float64Array(POINTS);
  const stride = 1 + (r % 7) / 7;
  for (let i = 0; i < POINTS; i++) {
    x[i] = i * stride;
    y[i] = Math.exp(-i / POINTS) * (1 + r / RUNS) + Math.random() * 0.05;
  }
  srv.ingest.series({ env: name(r), win: 'loss', mode: 'create', type: 'line', traces: [{ name: 'loss', x, y }], opts: { title: 'loss' } });
  await new Promise((res) => setTimeout(res, 1));
}
console.log(`filled ${RUNS} runs × ${POINTS.toLocaleString('en-US')} points in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

/** Navigation → the frame after the overlay pane has drawn `runs` traces with points. */
async function firstPaint(runs: number) {
  const page = await chromium.browser.newPage();
  await page.addInitScript(`
    (function () {
      const find = (root) => {
        for (const n of root.querySelectorAll('*')) {
          if (n.tagName === 'RB-PLOT') return n;
          if (n.shadowRoot) { const p = find(n.shadowRoot); if (p) return p; }
        }
        return null;
      };
      (function poll() {
        const p = find(document);
        const drawn = p && p.uplot && p.view.traces.filter((t) => t.x.length > 0).length === ${runs};
        if (drawn) requestAnimationFrame(() => (window.__painted = performance.now()));
        else requestAnimationFrame(poll);
      })();
    })();`);
  const envs = Array.from({ length: runs }, (_, i) => `env=${name(i)}`).join('&');
  // One run alone is not a compare view: the baseline is one run overlaid with itself (one trace).
  await page.goto(`${srv.url}/?${runs === 1 ? `env=${name(0)}&env=${name(0)}_none` : envs}&compare=overlay`);
  await page.waitForFunction(() => (window as any).__painted !== undefined, null, { timeout: 120_000 });
  const builds = await page.evaluate(`(() => { const f = (r) => { for (const n of r.querySelectorAll('*')) { if (n.tagName === 'RB-PLOT') return n; if (n.shadowRoot) { const p = f(n.shadowRoot); if (p) return p; } } return null; }; return f(document).builds; })()`);
  console.log(`(${runs} run(s): the overlay chart was built ${builds} time(s) before its first full paint)`);
  return { page, painted: (await page.evaluate('window.__painted')) as number };
}

/** Per pointer move: ms from the event to the frame after its updates (uPlot redraw, Lit renders). */
const HOVER = `async (moves) => {
  const find = (root) => {
    for (const n of root.querySelectorAll('*')) {
      if (n.tagName === 'RB-PLOT') return n;
      if (n.shadowRoot) { const p = find(n.shadowRoot); if (p) return p; }
    }
    return null;
  };
  const plot = find(document);
  const over = plot.uplot.over;
  const r = over.getBoundingClientRect();
  const frame = () => new Promise((res) => requestAnimationFrame(res));
  const out = [];
  for (let i = 0; i < moves; i++) {
    const x = r.left + r.width * (0.05 + 0.9 * ((i * 37) % moves) / moves);
    const y = r.top + r.height * (0.1 + 0.8 * ((i * 53) % moves) / moves);
    await frame();
    const t = performance.now();
    over.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
    await plot.updateComplete;
    const hover = plot.renderRoot.querySelector('rb-plot-hover');
    if (hover) await hover.updateComplete;
    await plot.renderRoot.querySelector('rb-plot-legend').updateComplete;
    await frame();
    out.push(performance.now() - t);
  }
  return out;
}`;

// Each page is measured while it is the one in front (a background page gets ~1 frame a second).
const hover = async (page: import('playwright-core').Page) => {
  let out: number[] = [];
  const cpu = await mainThreadDuring(page, async () => (out = (await page.evaluate(`(${HOVER})(${MOVES})`)) as number[]));
  return { frames: out, cpu };
};
const base = await firstPaint(1);
const { frames: hb, cpu: cb } = await hover(base.page);
await base.page.close();
const many = await firstPaint(RUNS);
const { frames: hm, cpu: cm } = await hover(many.page);
const redraws = (await many.page.evaluate(`(() => { const f = (r) => { for (const n of r.querySelectorAll('*')) { if (n.tagName === 'RB-PLOT') return n; if (n.shadowRoot) { const p = f(n.shadowRoot); if (p) return p; } } return null; }; return f(document).highlightLayer.counts; })()`)) as { layer: number; chart: number };
figure(`overlay first paint, 1 run (baseline)`, base.painted, 'ms');
figure(`overlay first paint, ${RUNS} runs`, many.painted, 'ms', { op: '<=', value: 1000 });
figure(`  ratio ${RUNS} runs / 1 run`, many.painted / base.painted, '×');
const rows = (await many.page.evaluate(`(() => {
  const find = (root) => {
    for (const n of root.querySelectorAll('*')) {
      if (n.tagName === 'RB-PLOT') return n;
      if (n.shadowRoot) { const p = find(n.shadowRoot); if (p) return p; }
    }
    return null;
  };
  const hover = find(document)?.renderRoot.querySelector('rb-plot-hover');
  return hover ? hover.renderRoot.querySelectorAll('.row').length : 0;
})()`)) as number;
console.log(`(the hover list showed ${rows} runs' values on the last move)`);
// A frame is the event → the next animation frame: it includes waiting for that frame (up to 16.7 ms at 60 Hz).
figure(`hover event → next frame, 1 run: p50`, quantile(hb, 0.5), 'ms');
figure(`hover event → next frame, 1 run: p95`, quantile(hb, 0.95), 'ms');
figure(`hover event → next frame, ${RUNS} runs: p50`, quantile(hm, 0.5), 'ms');
figure(`hover event → next frame, ${RUNS} runs: p95`, quantile(hm, 0.95), 'ms', { op: '<=', value: 16 });
figure(`  ratio p95 ${RUNS} runs / 1 run`, quantile(hm, 0.95) / quantile(hb, 0.95), '×');
// CPU, not wall: main-thread time per move from Chromium's counters (independent of waiting for a core).
const per = (c: MainThread, label: string) =>
  console.log(`${label}: main thread per move ${(c.task / MOVES).toFixed(2)} ms (script ${(c.script / MOVES).toFixed(2)} ms, style+layout ${(c.styleLayout / MOVES).toFixed(2)} ms)`);
per(cb, 'hover, 1 run');
per(cm, `hover, ${RUNS} runs`);
console.log(`(over ${MOVES} moves at ${RUNS} runs: the highlight layer was drawn ${redraws.layer} times, the chart redrawn ${redraws.chart} times for the highlight)`);
const cpu = process.cpuUsage(cpu0);
console.log(`load average ${loadavg()[0]!.toFixed(1)} at end; this process (server + driver) used ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`);

await chromium.close();
await srv.stop();
