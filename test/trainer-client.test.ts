import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createClient, type ClientOptions } from '../examples/client/index.js';
import { createRuntime } from '../server/runtime.js';
import { startCaptureServer } from './capture-server.js';
import { get, startServer, tempDir, type TestServer } from './helpers.js';

/** Fast timers so tests do not wait; the spool in a temp dir. */
function client(url: string, env: string, o: Partial<ClientOptions> = {}) {
  const c = createClient({
    url,
    env,
    flushIntervalMs: 20,
    retryDelayMs: 10,
    maxRetryDelayMs: 50,
    closeTimeoutMs: 300,
    spoolPath: join(tempDir(), 'spool.jsonl'),
    onError: () => {},
    ...o,
  });
  onTestFinished(() => void c.close());
  return c;
}

/** Every stored point of a window, per trace, as [x, y] pairs. */
async function points(url: string, env: string, win: string): Promise<Record<string, [number, number | null][]>> {
  const res = await get(`${url}/api/env/${encodeURIComponent(env)}/win/${encodeURIComponent(win)}/data?format=json`);
  expect(res.status).toBe(200);
  return Object.fromEntries(res.body.traces.map((t: any) => [t.name, t.points.map((p: number[]) => [p[0], p[1]])]));
}

const steps = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Closes the server and starts it again on the same port and database file. */
async function restartOnSamePort(srv: TestServer): Promise<void> {
  const port = Number(new URL(srv.url).port);
  await srv.close();
  const rt = await createRuntime({ dbPath: srv.dbPath });
  onTestFinished(() => rt.close());
  await rt.app.listen({ host: '127.0.0.1', port });
}

describe('trainer client', () => {
  it('sends its config first (the env exists with it before any point), tags later in call order, and marks the run finished on close', async () => {
    const srv = await startServer();
    const c = client(srv.url, 'cfg', { config: { optim: { lr: 3e-4 }, batch: 64 } });
    c.log(1, { loss: 2 });
    c.meta({ tags: ['sweep'] });
    expect(await c.flush()).toBe(true);
    const { meta } = (await get(`${srv.url}/api/env/cfg`)).body;
    expect(meta).toMatchObject({ config: { optim: { lr: 3e-4 }, batch: 64 }, tags: ['sweep'], finishedAt: null });
    expect(await c.close()).toBe(true);
    expect((await get(`${srv.url}/api/env/cfg`)).body.meta.finishedAt).toBeGreaterThan(0);
  });

  it('batches appends: one request per trace however many steps were logged', async () => {
    const srv = await startServer();
    const c = client(srv.url, 'run', { flushIntervalMs: 60_000 });
    for (const s of steps(1, 100)) c.log(s, { 'loss/D': s / 10, 'loss/G': -s, acc: s % 7 });
    expect(c.stats.sent).toBe(0);
    expect(await c.flush()).toBe(true);
    expect(c.stats.sent).toBe(3);
    const loss = await points(srv.url, 'run', 'loss');
    expect(loss.D).toEqual(steps(1, 100).map((s) => [s, s / 10]));
    expect(loss.G).toEqual(steps(1, 100).map((s) => [s, -s]));
    expect((await points(srv.url, 'run', 'acc')).acc).toEqual(steps(1, 100).map((s) => [s, s % 7]));
    const win = (await c.windows()).find((w) => w.id === 'loss');
    expect(win?.opts).toMatchObject({ title: 'loss', xlabel: 'step' });
  });

  it('keeps every point, once and in order, across a server restart', async () => {
    const srv = await startServer();
    const c = client(srv.url, 'restart');
    for (const s of steps(1, 50)) {
      c.log(s, { 'loss/D': s, 'loss/G': 2 * s });
      if (s % 10 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    expect(await c.flush()).toBe(true);
    await srv.close();
    for (const s of steps(51, 100)) c.log(s, { 'loss/D': s, 'loss/G': 2 * s });
    expect(await c.flush()).toBe(false);
    expect(c.stats.retries).toBeGreaterThan(0);
    await restartOnSamePort(srv);
    for (const s of steps(101, 150)) c.log(s, { 'loss/D': s, 'loss/G': 2 * s });
    expect(await c.close()).toBe(true);
    const loss = await points(srv.url, 'restart', 'loss');
    expect(loss.D).toEqual(steps(1, 150).map((s) => [s, s]));
    expect(loss.G).toEqual(steps(1, 150).map((s) => [s, 2 * s]));
    expect(existsSync(c.spool.path)).toBe(false);
  });

  it('spools to disk when the server stays away, and the next client replays the spool first', async () => {
    const down = await startServer();
    const dbPath = down.dbPath;
    await down.close();
    const spoolPath = join(tempDir(), 'run.jsonl');
    const a = client(down.url, 'away', { spoolPath, spoolAfterMs: 0 });
    for (const s of steps(1, 40)) a.log(s, { loss: s });
    a.text('notes', 'started');
    expect(await a.close()).toBe(false);
    const spooled = readFileSync(spoolPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(spooled.filter((op) => op.kind === 'line').flatMap((op) => op.body.Y)).toEqual(steps(1, 40));

    const up = await startServer({}, dbPath);
    const cap = await startCaptureServer(up.url);
    const b = client(cap.url, 'away', { spoolPath });
    for (const s of steps(41, 60)) b.log(s, { loss: s });
    expect(await b.close()).toBe(true);
    expect((await points(up.url, 'away', 'loss')).loss).toEqual(steps(1, 60).map((s) => [s, s]));
    expect(cap.captured.map((r) => [r.path, r.body.data[0].content])).toEqual([['/events', 'started']]);
    expect(existsSync(spoolPath)).toBe(false);
  });

  it('moves batches to the spool when the in-memory buffer is full', async () => {
    const srv = await startServer();
    await srv.close();
    const c = client(srv.url, 'full', { maxBuffer: 50, spoolAfterMs: 60_000 });
    for (const s of steps(1, 200)) c.log(s, { loss: s });
    expect(c.stats.spooled).toBeGreaterThan(0);
    const spooledPoints = readFileSync(c.spool.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l).body.Y.length);
    expect(spooledPoints.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(150);
    await restartOnSamePort(srv);
    expect(await c.close()).toBe(true);
    expect((await points(srv.url, 'full', 'loss')).loss).toEqual(steps(1, 200).map((s) => [s, s]));
  });

  it('writes what is still queued to the spool when the process exits without close()', async () => {
    const dir = tempDir();
    const spoolPath = join(dir, 'exit.jsonl');
    const script = join(dir, 'exit.ts');
    const clientIndex = join(import.meta.dirname, '..', 'examples', 'client', 'index.ts');
    writeFileSync(
      script,
      `import { createClient } from ${JSON.stringify(clientIndex)};
       const c = createClient({ url: 'http://127.0.0.1:9', env: 'exit', spoolPath: ${JSON.stringify(spoolPath)}, flushIntervalMs: 60000 });
       for (let s = 1; s <= 25; s++) c.log(s, { loss: s });
       process.exit(0);`,
    );
    execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: join(import.meta.dirname, '..'), stdio: 'pipe' });
    const ops = readFileSync(spoolPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const T = expect.arrayContaining([]) as unknown as number[];
    expect(ops).toEqual([{ kind: 'line', env: 'exit', body: { win: 'loss', update: 'append', name: 'loss', X: steps(1, 25), Y: steps(1, 25), T, opts: { title: 'loss', xlabel: 'step' } } }]);
    // Each point keeps the time it was logged at, in seconds, through the spool.
    expect(ops[0].body.T).toHaveLength(25);
    for (const t of ops[0].body.T) expect(Math.abs(t * 1000 - Date.now())).toBeLessThan(60_000);
  });

  it('sends other line calls in order with the appends around them', async () => {
    const srv = await startServer();
    const c = client(srv.url, 'order', { flushIntervalMs: 60_000 });
    c.line({ win: 'w', X: [1, 2], Y: [10, 20], name: 'a', opts: { title: 'W' } });
    c.line({ win: 'w', X: [3], Y: [30], name: 'a', update: 'append' });
    c.line({ win: 'w', X: [4], Y: [40], name: 'a', update: 'append' });
    c.line({ win: 'w', X: [0], Y: [0], name: 'a', update: 'replace' });
    c.line({ win: 'w', X: [5], Y: [50], name: 'a', update: 'append' });
    expect(await c.flush()).toBe(true);
    expect((await points(srv.url, 'order', 'w')).a).toEqual([[0, 0], [5, 50]]);
    expect((await c.windows()).find((w) => w.id === 'w')?.opts.title).toBe('W');
  });

  it('reports a request the server refuses, with its message, and goes on', async () => {
    const srv = await startServer();
    const errors: string[] = [];
    const c = client(srv.url, 'bad', { onError: (m) => errors.push(m) });
    c.line({ win: 'w', X: [1, 2, 3], Y: [1, 2] });
    c.log(1, { loss: 1 });
    expect(await c.flush()).toBe(true);
    expect(c.stats.refused).toBe(1);
    expect(errors[0]).toMatch(/400 X has 3 points but Y has 2/);
    expect((await points(srv.url, 'bad', 'loss')).loss).toEqual([[1, 1]]);
  });

  it('reports Visdom refusals that arrive as a 200 with another answer than the window id', async () => {
    const srv = await startServer();
    const errors: string[] = [];
    const c = client(srv.url, 'vis', { onError: (m) => errors.push(m) });
    c.text('missing', 'more', { append: true });
    expect(await c.flush()).toBe(true);
    expect(c.stats.refused).toBe(1);
    expect(errors[0]).toMatch(/\/update: win does not exist/);
  });

  it('closes windows and deletes envs after sending what was logged to them', async () => {
    const srv = await startServer();
    const c = client(srv.url, 'mgmt', { flushIntervalMs: 60_000 });
    c.log(1, { a: 1, b: 2 });
    await c.closeWindow('a');
    expect((await c.windows()).map((w) => w.id)).toEqual(['b']);
    expect((await c.envs()).map((e) => e.id)).toContain('mgmt');
    await c.deleteEnv();
    expect((await c.envs()).map((e) => e.id)).not.toContain('mgmt');
    await expect(c.closeWindow('b')).rejects.toThrow(/404/);
  });

  it('sends text and images as the Visdom client does: /events, then /update for appends and history', async () => {
    const srv = await startServer();
    const cap = await startCaptureServer(srv.url);
    const c = client(cap.url, 'vis');
    const img = { width: 2, height: 1, channels: 1 as const, data: new Uint8Array([0, 255]) };
    c.text('notes', '<b>hi</b>', { opts: { title: 'notes' } });
    c.text('notes', 'more', { append: true });
    c.image('one', img, { caption: 'single' });
    c.image('grid', img, { history: true, caption: 'step 1' });
    c.image('grid', img, { history: true, caption: 'step 2' });
    expect(await c.close()).toBe(true);
    const src = cap.captured.find((r) => r.path === '/events' && r.body.win === 'one')!.body.data[0].content.src;
    expect(src).toMatch(/^data:image\/png;base64,/);
    expect(Buffer.from(src.split(',')[1], 'base64').subarray(1, 4).toString()).toBe('PNG');
    const image = (caption: string, history: boolean) => ({
      data: [{ content: { src, caption }, type: history ? 'image_history' : 'image' }],
      opts: { caption, ...(history && { store_history: true }) },
    });
    expect(cap.captured).toEqual([
      { path: '/events', body: { data: [{ content: '<b>hi</b>', type: 'text' }], win: 'notes', eid: 'vis', opts: { title: 'notes' } } },
      { path: '/update', body: { data: [{ content: 'more', type: 'text' }], win: 'notes', eid: 'vis' } },
      { path: '/events', body: { ...image('single', false), win: 'one', eid: 'vis' } },
      { path: '/win_exists', body: { win: 'grid', eid: 'vis' } },
      { path: '/events', body: { ...image('step 1', true), win: 'grid', eid: 'vis' } },
      { path: '/update', body: { ...image('step 2', true), win: 'grid', eid: 'vis' } },
    ]);
    // And the server made of them what a Visdom user expects.
    const windows = Object.fromEntries((await get(`${srv.url}/api/env/vis`)).body.windows.map((w: any) => [w.id, w]));
    expect(windows.notes.content).toBe('<b>hi</b><br>more');
    expect(windows.one).toMatchObject({ type: 'image', content: { src, caption: 'single' } });
    expect(windows.grid.type).toBe('image_history');
    expect(windows.grid.content.map((c: { caption: string }) => c.caption)).toEqual(['step 1', 'step 2']);
  });
});
