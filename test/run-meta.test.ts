/** PATCH /api/env/:env: run metadata through the one write path, against the real server and a real SQLite file. */
import { describe, expect, it } from 'vitest';
import { MAX_CONFIG_BYTES, type EnvSummary } from '../protocol/index.js';
import { get, post, SocketClient, startServer, type JsonResponse } from './helpers.js';

async function patch(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const res = await fetch(url, { method: 'PATCH', body: typeof body === 'string' ? body : JSON.stringify(body), headers });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, body: parsed, text };
}

const line = (url: string, env: string, Y: number[]) => post(`${url}/api/env/${env}/line`, { win: 'loss', Y, X: Y.map((_, i) => i) });
const envEntry = async (url: string, env: string): Promise<EnvSummary> =>
  ((await get(`${url}/api/envs`)).body.envs as EnvSummary[]).find((e) => e.id === env)!;

describe('PATCH /api/env/:env', () => {
  it('stores config, tags, notes, colour and finished; GET /api/envs and GET /api/env/:env return them; keys left out stay', async () => {
    const srv = await startServer();
    await line(srv.url, 'run1', [3, 2, 1]);
    expect((await envEntry(srv.url, 'run1')).meta).toEqual({ config: {}, tags: [], notes: '', color: null, finishedAt: null });

    const config = { optim: { name: 'adam', lr: 1e-3 }, batch: 64, layers: [128, 256] };
    const r = await patch(`${srv.url}/api/env/run1`, { config, tags: ['sweep-a', 'seed 1'], notes: 'baseline <b>x</b>', color: '#ff8800' });
    expect(r.status).toBe(200);
    expect(r.body.meta).toMatchObject({ config, tags: ['sweep-a', 'seed 1'], notes: 'baseline <b>x</b>', color: '#ff8800', finishedAt: null });

    await patch(`${srv.url}/api/env/run1`, { notes: 'changed', finished: true });
    const one = (await get(`${srv.url}/api/env/run1`)).body;
    expect(one.meta).toMatchObject({ config, tags: ['sweep-a', 'seed 1'], notes: 'changed', color: '#ff8800' });
    expect(one.meta.finishedAt).toBeGreaterThan(0);
    expect(one.windows.map((w: { id: string }) => w.id)).toEqual(['loss']);
    expect((await envEntry(srv.url, 'run1')).meta).toEqual(one.meta);

    // null colour goes back to the palette; survives a restart (it is in the database).
    await patch(`${srv.url}/api/env/run1`, { color: null });
    const again = await srv.restart();
    expect((await envEntry(again.url, 'run1')).meta).toMatchObject({ color: null, notes: 'changed', config });
  });

  it('refuses bad input with a 4xx saying what to fix, and changes nothing', async () => {
    const srv = await startServer();
    await line(srv.url, 'run1', [1]);
    await patch(`${srv.url}/api/env/run1`, { config: { lr: 0.1 }, tags: ['a'], notes: 'n', color: '#123456' });
    const before = (await envEntry(srv.url, 'run1')).meta;
    const deep = { a: { b: { c: { d: { e: 1 } } } } };
    const big = { blob: 'x'.repeat(MAX_CONFIG_BYTES) };
    const cases: [unknown, number, RegExp][] = [
      [{ color: 'red' }, 400, /body\.color must be a CSS hex colour/],
      [{ color: '#12345' }, 400, /CSS hex colour/],
      [{ tags: ['a,b'] }, 400, /body\.tags\[0\] must be .*without a comma/],
      [{ tags: ['a', 'a'] }, 400, /duplicate|identical/],
      [{ tags: 'a' }, 400, /body\.tags must be an array/],
      [{ config: deep }, 400, /nests deeper than 4 levels/],
      [{ config: big }, 400, /over the limit of 16384/],
      [{ config: [1, 2] }, 400, /body\.config must be an object/],
      [{ notes: 'x'.repeat(10_001) }, 400, /must NOT have more than 10000 characters/],
      [{ colour: '#fff' }, 400, /unknown key "colour"/],
      [{}, 400, /fewer than 1 properties|must NOT have fewer/],
      ['{"notes": ', 400, /not valid JSON/],
    ];
    for (const [body, status, message] of cases) {
      const r = await patch(`${srv.url}/api/env/run1`, body);
      expect([JSON.stringify(body).slice(0, 60), r.status]).toEqual([JSON.stringify(body).slice(0, 60), status]);
      expect(r.body.message).toMatch(message);
      expect(r.body.code).toMatch(/^RB_ERR_/);
    }
    expect((await envEntry(srv.url, 'run1')).meta).toEqual(before);
    expect((await get(`${srv.url}/api/envs`)).body.envs.map((e: EnvSummary) => e.id)).toEqual(['run1']);
  });

  it('creates the env it names (a trainer declares its run and config before logging), without touching an existing one\'s activity', async () => {
    const srv = await startServer();
    const r = await patch(`${srv.url}/api/env/fresh`, { config: { lr: 0.1 } });
    expect(r.status).toBe(200);
    expect(await envEntry(srv.url, 'fresh')).toMatchObject({ windows: 0, meta: { config: { lr: 0.1 } } });
    await line(srv.url, 'old', [1]);
    const before = (await envEntry(srv.url, 'old')).lastActivity;
    // Past the millisecond of the write, so a touch would show.
    while (Date.now() <= before + 1) await new Promise((res) => setImmediate(res));
    await patch(`${srv.url}/api/env/old`, { notes: 'n' });
    expect((await envEntry(srv.url, 'old')).lastActivity).toBe(before);
  });

  it('needs the write credential', async () => {
    const srv = await startServer({ access: { token: 'reader', writeToken: 'writer' } });
    await post(`${srv.url}/api/env/run1/line`, { Y: [1] }, { authorization: 'Bearer writer' });
    expect((await patch(`${srv.url}/api/env/run1`, { notes: 'x' })).status).toBe(401);
    const ro = await patch(`${srv.url}/api/env/run1`, { notes: 'x' }, { authorization: 'Bearer reader' });
    expect(ro.status).toBe(403);
    expect((await patch(`${srv.url}/api/env/run1`, { notes: 'ok' }, { authorization: 'Bearer writer' })).status).toBe(200);
  });

  it('reaches every viewer live, as an envs_delta carrying the new entry', async () => {
    const srv = await startServer();
    await line(srv.url, 'run1', [1]);
    const a = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    const b = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    await a.next('hello');
    await b.next('hello');
    await patch(`${srv.url}/api/env/run1`, { tags: ['live'], color: '#abc' });
    for (const c of [a, b]) {
      const d = await c.next('envs_delta', (m) => m.changed.some((e) => e.id === 'run1' && e.meta.color === '#abc'));
      expect(d.changed.find((e) => e.id === 'run1')!.meta.tags).toEqual(['live']);
    }
  });

  it('is carried by fork, rename, export and import', async () => {
    const srv = await startServer();
    await line(srv.url, 'run1', [5, 4, 3]);
    const meta = { config: { lr: 0.01, model: { depth: 3 } }, tags: ['t1'], notes: 'note, with "quotes" and ]} brackets', color: '#00ff00' };
    await patch(`${srv.url}/api/env/run1`, { ...meta, finished: true });
    expect((await post(`${srv.url}/api/env/run1/fork`, { to: 'copy' })).status).toBe(200);
    expect((await envEntry(srv.url, 'copy')).meta).toMatchObject(meta);
    // The copy is its own run: changing it leaves the original.
    await patch(`${srv.url}/api/env/copy`, { notes: 'copy only' });
    expect((await envEntry(srv.url, 'run1')).meta.notes).toBe(meta.notes);

    expect((await post(`${srv.url}/api/env/run1/rename`, { to: 'renamed' })).status).toBe(200);
    expect((await envEntry(srv.url, 'renamed')).meta).toMatchObject(meta);
    expect((await envEntry(srv.url, 'renamed')).meta.finishedAt).toBeGreaterThan(0);

    const exported = await (await fetch(`${srv.url}/api/env/renamed/export`)).text();
    expect(JSON.parse(exported).meta).toMatchObject(meta);
    const other = await startServer();
    const imp = await post(`${other.url}/api/import?name=x.runboard.json`, exported);
    expect(imp.status).toBe(200);
    expect(imp.body).toMatchObject({ env: 'renamed', errors: 0 });
    const entry = await envEntry(other.url, 'renamed');
    expect(entry.meta).toMatchObject(meta);
    expect(entry.meta.finishedAt).toBeGreaterThan(0);
    expect(entry.points).toBe(3);

    // An export whose meta is invalid imports its windows and reports the meta.
    const bad = exported.replace('"#00ff00"', '"green"');
    const imp2 = await post(`${other.url}/api/import?name=y.json&onExists=rename`, bad);
    expect(imp2.body.errors).toBe(1);
    expect(imp2.body.problems.join()).toMatch(/meta is not valid.*color/);
    expect((await envEntry(other.url, imp2.body.env)).meta.color).toBe(null);
  });
});
