/**
 * Side by side with the REAL Visdom: the same stock-Python-client calls sent to a Visdom server and
 * to a runboard server built from this checkout, then every pane screenshotted in both UIs with
 * headless Chromium (same viewport), saved as pairs, and listed as a table. A benchmark-style script
 * for people to look at; it asserts nothing and is not part of the test suite.
 *
 *   VISDOM_SRC=/tmp/visdom npx tsx bench/visdom-compare.ts [options]      (npm run bench:visdom-compare)
 *
 *   VISDOM_SRC      a fossasia/visdom checkout (its py/ is the client, example/ the demo); without it
 *                   the script skips. Its UI needs the browser libraries in py/visdom/static.
 *   --out DIR       output directory (default /tmp/visdom-compare; OUT too)
 *   --visdom-port P the Visdom server (default 8098; VISDOM_PORT). If nothing answers there, one is
 *                   started from VISDOM_SRC on 127.0.0.1 and stopped at the end; if one answers, it is
 *                   used and left running (the envs this script writes are deleted first).
 *   --only LIST     workloads to run, comma-separated: demo, components, sweep (default all)
 *   --steps N       steps of each sweep run (default 1000)
 *   --notes FILE    JSON {"<pane key>": "note"} filling the table's "same?" column
 *   --skip-run      do not send anything: screenshot what both servers hold (needs --runboard-url)
 *   --runboard-url  use this runboard instead of starting one (with --skip-run)
 *
 * Python: PY (default /usr/bin/python3, Debian's numpy etc.) with PYTHONPATH=$VISDOM_SRC/py.
 * Each workload runs through bench/visdom-record.py, which records the windows every call created,
 * so windows that the server named (random ids) are paired across the two servers by call order.
 *
 * Output: DIR/<env>/<nn>-<slug>.{visdom,runboard,pair}.png, DIR/index.html, DIR/panes.json, DIR/table.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const VIEWPORT = { width: 1600, height: 1000 };

// ---------- options ----------
function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const has = (name: string) => process.argv.includes(`--${name}`);
if (has('help')) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
  process.exit(0);
}
const VISDOM_SRC = process.env.VISDOM_SRC;
if (!VISDOM_SRC || !existsSync(join(VISDOM_SRC, 'py', 'visdom', '__init__.py'))) {
  console.log(
    'visdom-compare: skipped — set VISDOM_SRC to a fossasia/visdom checkout ' +
      `(${VISDOM_SRC ? `no py/visdom in ${VISDOM_SRC}` : 'VISDOM_SRC is not set'}).`,
  );
  process.exit(0);
}
const OUT = resolve(flag('out') ?? process.env.OUT ?? '/tmp/visdom-compare');
const VISDOM_PORT = Number(flag('visdom-port') ?? process.env.VISDOM_PORT ?? 8098);
const PY = process.env.PY ?? '/usr/bin/python3';
const ONLY = new Set((flag('only') ?? 'demo,components,sweep').split(','));
const STEPS = Number(flag('steps') ?? 1000);
const NOTES: Record<string, string> = flag('notes') ? JSON.parse(readFileSync(flag('notes')!, 'utf8')) : {};
const SKIP_RUN = has('skip-run');

// ---------- servers ----------
async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

async function post(base: string, path: string, body: unknown): Promise<string | null> {
  try {
    const r = await fetch(base + path, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
    return await r.text();
  } catch {
    return null;
  }
}

async function waitFor(what: string, ok: () => Promise<boolean>, child?: ChildProcess, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await ok()) return;
    if (child && child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}) while starting`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not answer within ${ms / 1000} s`);
}

const visdomAnswers = async (base: string) => {
  const t = await post(base, '/win_exists', { win: '', eid: 'main' });
  return t === 'true' || t === 'false';
};

/** Uses the Visdom on VISDOM_PORT, or starts one from VISDOM_SRC (loopback, temp env_path). */
async function startVisdom(): Promise<{ url: string; stop(): Promise<void>; started: boolean }> {
  const url = `http://127.0.0.1:${VISDOM_PORT}`;
  if (await visdomAnswers(url)) return { url, started: false, stop: async () => {} };
  const envPath = mkdtempSync(join(tmpdir(), 'visdom-compare-env-'));
  const child = spawn(
    PY,
    ['-c', 'from visdom.server.run_server import main; main()', '-port', String(VISDOM_PORT), '-env_path', envPath,
      '-bind_local', '-logging_level', 'WARNING'],
    { env: { ...process.env, PYTHONPATH: join(VISDOM_SRC!, 'py') }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  try {
    await waitFor('visdom', () => visdomAnswers(url), child);
  } catch (e) {
    console.error(err);
    throw e;
  }
  console.log(`started Visdom from ${VISDOM_SRC} on ${url} (pid ${child.pid})`);
  return {
    url,
    started: true,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(envPath, { recursive: true, force: true });
    },
  };
}

/** A runboard built from this checkout, on a free port and a temp SQLite file. */
async function startRunboard(): Promise<{ url: string; stop(): Promise<void> }> {
  const given = flag('runboard-url');
  if (given) return { url: given.replace(/\/$/, ''), stop: async () => {} };
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-client.ts'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the dashboard failed');
  const dir = mkdtempSync(join(tmpdir(), 'runboard-compare-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', String(port), '--db', join(dir, 'runboard.db')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, RUNBOARD_LOG: 'warn' },
  });
  await new Promise<void>((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('serving') && res());
    child.once('exit', (code) => rej(new Error(`runboard exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  console.log(`started runboard from ${ROOT} on ${url} (pid ${child.pid}, db ${dir}/runboard.db)`);
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------- workloads (the same client calls against both) ----------
interface Workload {
  name: string;
  envs: string[];
  /** Python argv after the interpreter, for a server on `port`. */
  runs(port: number): string[][];
}
const example = join(VISDOM_SRC, 'example');
const demo = join(example, 'demo.py');
const common = (port: number) => ['-port', String(port), '-server', 'http://127.0.0.1'];
/** Functions in example/components that demo.py's run_demo does not call. */
const EXTRA_COMPONENTS = ['image_svg', 'image_callback2', 'plot_line_many_updates', 'text_fork_part1', 'properties_basic'];
const ALL_WORKLOADS: Workload[] = [
  { name: 'demo', envs: ['demo'], runs: (p) => [[demo, ...common(p), '-env', 'demo', '-testing']] },
  {
    name: 'components',
    envs: ['demo-extra'],
    runs: (p) => EXTRA_COMPONENTS.map((fn) => [demo, ...common(p), '-env', 'demo-extra', '-testing', '-run', fn]),
  },
  {
    name: 'sweep',
    envs: ['sweep-run1', 'sweep-run2', 'sweep-run3', 'sweep-extras'],
    runs: (p) => [[join(ROOT, 'bench', 'visdom-sweep.py'), ...common(p), '-prefix', 'sweep', '-steps', String(STEPS)]],
  },
];
const WORKLOADS = ALL_WORKLOADS.filter((w) => ONLY.has(w.name));

interface Rec {
  i: number;
  endpoint: string;
  eid: string | null;
  win_sent: string | null;
  win: string | null;
  type: string | null;
  title: string | null;
}

function runPython(argv: string[], recFile: string, log: string[]): Promise<void> {
  return new Promise((res) => {
    const child = spawn(PY, [join(ROOT, 'bench', 'visdom-record.py'), recFile, ...argv], {
      cwd: example,
      env: { ...process.env, PYTHONPATH: join(VISDOM_SRC!, 'py') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), 10 * 60_000);
    const keep = (d: Buffer) => log.push(...d.toString().split('\n').filter((l) => l && !/None-incompatible opt title/.test(l)));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) log.push(`!! exit ${code}: ${argv.slice(0, 1).concat(argv.slice(-2)).join(' ')}`);
      res();
    });
  });
}

/** Runs every workload against one server; returns the records file. */
async function runAll(label: string, url: string): Promise<string> {
  const port = Number(new URL(url).port);
  const recFile = join(OUT, `calls-${label}.jsonl`);
  rmSync(recFile, { force: true });
  const log: string[] = [];
  for (const w of WORKLOADS) {
    for (const env of w.envs) await post(url, '/delete_env', { eid: env });
    const t0 = Date.now();
    for (const argv of w.runs(port)) await runPython(argv, recFile, log);
    console.log(`  ${label}: ${w.name} sent in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  writeFileSync(join(OUT, `client-${label}.log`), log.join('\n') + '\n');
  return recFile;
}

function readRecs(file: string): Rec[] {
  if (!existsSync(file)) return [];
  // Several scripts append to one file, each counting its calls from 1: number them on.
  let base = 0;
  let prev = 0;
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => {
    const rec = JSON.parse(l) as Rec;
    if (rec.i <= prev) base += 1_000_000;
    prev = rec.i;
    return { ...rec, i: base + rec.i };
  });
}

// ---------- pairing ----------
interface PaneRow {
  key: string;
  env: string;
  /** call index that created the window (same script, same order on both servers) */
  i: number;
  title: string;
  sentType: string;
  visdomWin: string | null;
  runboardWin: string | null;
  visdomPng?: string;
  runboardPng?: string;
  pairPng?: string;
  runboardType?: string;
  runboardNote?: string;
  visdomNote?: string;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/<[^>]*>/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'untitled';
}

/** The windows each script created, in creation order, paired by the call that created them. */
function pairWindows(v: Rec[], r: Rec[]): PaneRow[] {
  const firsts = (recs: Rec[]) => {
    const seen = new Map<string, Rec>();
    for (const rec of recs) {
      if (!rec.eid || !rec.win) continue;
      const k = `${rec.eid}\u0000${rec.win}`;
      if (!seen.has(k)) seen.set(k, rec);
    }
    return [...seen.values()];
  };
  const byI = (recs: Rec[]) => new Map(firsts(recs).map((x) => [`${x.eid}\u0000${x.i}`, x]));
  const vm = byI(v);
  const rm = byI(r);
  const keys = [...new Set([...vm.keys(), ...rm.keys()])].sort((a, b) => Number(a.split('\u0000')[1]) - Number(b.split('\u0000')[1]));
  const counters = new Map<string, number>();
  return keys.map((k) => {
    const a = vm.get(k);
    const b = rm.get(k);
    const rec = (a ?? b)!;
    const n = (counters.get(rec.eid!) ?? 0) + 1;
    counters.set(rec.eid!, n);
    const title = (a?.title ?? b?.title ?? '') || '';
    // Ids the client made up (window_<hex time>) differ between the servers: name those by type.
    const named = rec.win_sent && !/^window_[0-9a-f]+$/.test(rec.win_sent) ? rec.win_sent : '';
    const name = title || named || rec.type || 'window';
    return {
      key: `${rec.eid}/${String(n).padStart(2, '0')}-${slug(name)}`,
      env: rec.eid!,
      i: rec.i,
      title,
      sentType: rec.type ?? '?',
      visdomWin: a?.win ?? null,
      runboardWin: b?.win ?? null,
    };
  });
}

// ---------- screenshots ----------
async function settle(page: Page, ms: number) {
  await page.waitForTimeout(ms);
}

/** How many of these windows the server still holds (Visdom's /win_exists, which runboard serves too). */
async function countExisting(base: string, env: string, wins: (string | null)[]): Promise<number> {
  let n = 0;
  for (const win of wins) if (win && (await post(base, '/win_exists', { win, eid: env })) === 'true') n++;
  return n;
}

/** Marks Visdom's grid items with data-cmp-win = the pane's window id (the React key of the grid child). */
async function markVisdomPanes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ids: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.react-grid-item')) {
      const k = Object.keys(el).find((p) => p.startsWith('__reactInternalInstance$') || p.startsWith('__reactFiber$'));
      let f = k ? (el as unknown as Record<string, { key: string | null; return: unknown } | undefined>)[k] : undefined;
      while (f && f.key == null) f = f.return as typeof f;
      if (f?.key) {
        el.dataset.cmpWin = f.key;
        ids.push(f.key);
      }
    }
    return ids;
  });
}

/** Waits until `expected` panes are on the page (or, past that, until their count is stable for 5 s). */
async function waitPanes(page: Page, selector: string, expected: number, ms = 120_000): Promise<number> {
  const t0 = Date.now();
  let last = -1;
  let since = Date.now();
  while (Date.now() - t0 < ms) {
    const n = await page.locator(selector).count();
    if (n >= expected) return n;
    if (n !== last) {
      last = n;
      since = Date.now();
    } else if (Date.now() - since > 5000) return n;
    await page.waitForTimeout(250);
  }
  return last;
}

async function shootVisdom(ctx: BrowserContext, base: string, env: string, rows: PaneRow[]) {
  const page = await ctx.newPage();
  await page.goto(`${base}/env/${encodeURIComponent(env)}`, { waitUntil: 'load' });
  const expected = await countExisting(base, env, rows.map((r) => r.visdomWin));
  const n = await waitPanes(page, '.react-grid-item', expected);
  await settle(page, 1500);
  const ids = new Set(await markVisdomPanes(page));
  console.log(`  visdom ${env}: ${n} of ${expected} panes`);
  for (const row of rows) {
    if (!row.visdomWin || !ids.has(row.visdomWin)) {
      row.visdomNote = row.visdomWin ? 'no pane (window closed or replaced)' : 'not created';
      continue;
    }
    const loc = page.locator(`[data-cmp-win="${row.visdomWin.replace(/"/g, '\\"')}"]`);
    await loc.scrollIntoViewIfNeeded();
    await settle(page, 250);
    const file = join(OUT, `${row.key}.visdom.png`);
    mkdirSync(dirname(file), { recursive: true });
    await loc.screenshot({ path: file, animations: 'disabled' });
    row.visdomPng = file;
  }
  await page.close();
}

async function shootRunboard(ctx: BrowserContext, base: string, env: string, rows: PaneRow[]) {
  const page = await ctx.newPage();
  await page.goto(`${base}/env/${encodeURIComponent(env)}`, { waitUntil: 'load' });
  const expected = await countExisting(base, env, rows.map((r) => r.runboardWin));
  const n = await waitPanes(page, 'rb-pane', expected);
  console.log(`  runboard ${env}: ${n} of ${expected} panes`);
  for (const row of rows) {
    const loc = page.locator(`rb-pane[data-win="${(row.runboardWin ?? '').replace(/"/g, '\\"')}"]`);
    if (!row.runboardWin || (await loc.count()) === 0) {
      row.runboardNote = row.runboardWin ? 'no pane (window closed or replaced)' : 'not created';
      continue;
    }
    await loc.scrollIntoViewIfNeeded();
    // Bodies render once near the viewport, and line panes fetch their decimated view then.
    await settle(page, 900);
    row.runboardType = ((await loc.locator('.head .type').first().textContent().catch(() => '')) ?? '').trim();
    if ((await loc.locator('.unsupported').count()) > 0) row.runboardNote = 'not supported';
    const file = join(OUT, `${row.key}.runboard.png`);
    mkdirSync(dirname(file), { recursive: true });
    await loc.screenshot({ path: file, animations: 'disabled' });
    row.runboardPng = file;
  }
  await page.close();
}

/** One PNG with both screenshots next to each other, labelled. */
async function composePair(page: Page, row: PaneRow) {
  const img = (f: string | undefined, label: string) =>
    `<figure><figcaption>${label}</figcaption>${
      f ? `<img src="data:image/png;base64,${readFileSync(f).toString('base64')}">` : `<div class="none">${label === 'Visdom' ? row.visdomNote : row.runboardNote}</div>`
    }</figure>`;
  await page.setContent(
    `<style>body{margin:0;font:13px sans-serif;background:#fff}#w{display:inline-flex;gap:16px;padding:8px;align-items:flex-start}
     figure{margin:0}figcaption{font-weight:bold;margin-bottom:4px}img{border:1px solid #ccc;display:block}
     .none{width:300px;height:200px;border:1px dashed #c00;color:#c00;padding:8px}h3{margin:8px}</style>
     <div id="all" style="display:inline-block"><h3>${row.key} — ${escapeHtml(row.title || '(untitled)')} [${row.sentType}]</h3>
     <div id="w">${img(row.visdomPng, 'Visdom')}${img(row.runboardPng, 'runboard')}</div></div>`,
  );
  const file = join(OUT, `${row.key}.pair.png`);
  await page.locator('#all').screenshot({ path: file });
  row.pairPng = file;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

// ---------- main ----------
async function main() {
  mkdirSync(OUT, { recursive: true });
  const visdom = await startVisdom();
  if (!visdom.started) console.log(`using the Visdom already on ${visdom.url} (left running)`);
  if (!existsSync(join(VISDOM_SRC!, 'py', 'visdom', 'static', 'js', 'plotly-plotly.min.js')))
    console.warn(`!! ${VISDOM_SRC}/py/visdom/static lacks the UI libraries: Visdom's page will be blank (fill it first)`);
  const runboard = await startRunboard();
  let ctx: BrowserContext | undefined;
  const profile = mkdtempSync(join(tmpdir(), 'visdom-compare-chromium-'));
  try {
    let vFile = join(OUT, 'calls-visdom.jsonl');
    let rFile = join(OUT, 'calls-runboard.jsonl');
    if (!SKIP_RUN) {
      console.log(`sending the same client calls to both (${WORKLOADS.map((w) => w.name).join(', ')})…`);
      [vFile, rFile] = await Promise.all([runAll('visdom', visdom.url), runAll('runboard', runboard.url)]);
    }
    const rows = pairWindows(readRecs(vFile), readRecs(rFile)).filter((r) => WORKLOADS.some((w) => w.envs.includes(r.env)));

    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: VIEWPORT,
    });
    const envs = [...new Set(rows.map((r) => r.env))];
    for (const env of envs) rmSync(join(OUT, env), { recursive: true, force: true }); // last run's screenshots
    for (const env of envs) {
      const envRows = rows.filter((r) => r.env === env);
      await shootVisdom(ctx, visdom.url, env, envRows);
      await shootRunboard(ctx, runboard.url, env, envRows);
    }
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 2400, height: 1000 });
    for (const row of rows) if (row.visdomPng || row.runboardPng) await composePair(page, row);
    await page.close();
    report(rows);
  } finally {
    await ctx?.close();
    rmSync(profile, { recursive: true, force: true });
    await runboard.stop();
    await visdom.stop();
  }
}

function report(rows: PaneRow[]) {
  const rel = (f?: string) => (f ? relative(OUT, f) : '');
  const same = (r: PaneRow) => NOTES[r.key] ?? '';
  const cell = (png: string | undefined, note: string | undefined) => (png ? rel(png) : `— ${note ?? ''}`) + (png && note ? ` (${note})` : '');
  const lines = [
    '| pane | type | Visdom | runboard | same? |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.key}${r.title ? ` “${r.title.replace(/\|/g, '/')}”` : ''} | ${r.sentType}${r.runboardType && r.runboardType !== r.sentType ? ` → ${r.runboardType}` : ''} | ${cell(r.visdomPng, r.visdomNote)} | ${cell(r.runboardPng, r.runboardNote)} | ${same(r)} |`,
    ),
  ];
  writeFileSync(join(OUT, 'table.md'), lines.join('\n') + '\n');
  writeFileSync(join(OUT, 'panes.json'), JSON.stringify(rows, null, 1));
  const html = rows
    .filter((r) => r.pairPng)
    .map((r) => `<h4 id="${escapeHtml(r.key)}">${escapeHtml(r.key)}</h4><img src="${escapeHtml(rel(r.pairPng))}">`)
    .join('\n');
  writeFileSync(join(OUT, 'index.html'), `<!doctype html><title>Visdom vs runboard</title><body style="font:13px sans-serif">${html}</body>`);
  console.log(`\n${lines.join('\n')}\n`);
  const unsupported = rows.filter((r) => r.runboardNote === 'not supported');
  console.log(`${rows.length} panes; ${unsupported.length} shown as 'not supported' by runboard: ${[...new Set(unsupported.map((r) => r.runboardType))].join(', ')}`);
  console.log(`pairs: ${OUT}/<env>/*.pair.png, all in ${OUT}/index.html; table ${OUT}/table.md`);
}

await main();
