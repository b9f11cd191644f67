/**
 * Exports read a large window in slices and let the event loop run between them, so a
 * write sent while an export streams is applied before the export's last read.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { sqliteOf } from './helpers.js';
import { createRuntime, type Runtime } from '../server/runtime.js';

const POINTS = 300_000;

async function bigWindow(): Promise<Runtime> {
  const rt = await createRuntime({ dbPath: ':memory:' });
  onTestFinished(() => rt.close());
  const y = Float64Array.from({ length: POINTS }, (_, i) => Math.sin(i / 100));
  await rt.ingest.series({ env: 'main', win: 'big', mode: 'create', type: 'line', traces: [{ name: 'loss', x: null, y }] });
  return rt;
}

/** The order in which the export read pages and the append was written; `onFirstRead` runs once the export reads. */
function watch(rt: Runtime, onFirstRead: () => void): string[] {
  const events: string[] = [];
  const store = sqliteOf(rt);
  const readSeq = store.readSeq.bind(store);
  store.readSeq = (id, from, to) => {
    if (!events.includes('read')) onFirstRead();
    events.push('read');
    return readSeq(id, from, to);
  };
  const series = rt.ingest.series.bind(rt.ingest);
  rt.ingest.series = (cmd) => {
    events.push('append');
    return series(cmd);
  };
  return events;
}

const exports = [
  ['CSV export', { method: 'GET', url: '/api/env/main/win/big/data?format=csv' }],
  ['JSON export', { method: 'GET', url: '/api/env/main/win/big/data?format=json' }],
  ['env export', { method: 'GET', url: '/api/env/main/export' }],
  ['Visdom env file', { method: 'GET', url: '/api/env/main/visdom.json' }],
  ['/win_data', { method: 'POST', url: '/win_data', payload: JSON.stringify({ eid: 'main', win: 'big' }) }],
  ['/win_data of the env', { method: 'POST', url: '/win_data', payload: JSON.stringify({ eid: 'main', win: null }) }],
  ['/win_hash', { method: 'POST', url: '/win_hash', payload: JSON.stringify({ eid: 'main', win: 'big' }) }],
] as const;

describe('exports of a large window', () => {
  it.each(exports)('%s lets an append sent while it streams through before its last read', async (_name, request) => {
    const rt = await bigWindow();
    let append: Promise<{ statusCode: number }> | undefined;
    const events = watch(rt, () => {
      append = rt.app.inject({ method: 'POST', url: '/api/env/main/line', payload: JSON.stringify({ win: 'big', Y: [1], update: 'append' }) });
    });
    const res = await rt.app.inject(request as never);
    expect(res.statusCode).toBe(200);
    expect((await append!).statusCode).toBe(200);
    const appendAt = events.indexOf('append');
    expect(appendAt).toBeGreaterThan(0);
    expect(events.lastIndexOf('read')).toBeGreaterThan(appendAt);
  });

  it('exports the points stored when the export began, not the append that came during it', async () => {
    const rt = await bigWindow();
    const exported = rt.app.inject({ method: 'GET', url: '/api/env/main/win/big/data?format=csv' });
    await rt.app.inject({ method: 'POST', url: '/api/env/main/line', payload: JSON.stringify({ win: 'big', Y: [1], update: 'append' }) });
    expect((await exported).body.trim().split('\n')).toHaveLength(POINTS + 1);
  });

  it('hashes a window as visdom does whether or not its points are read in slices', async () => {
    const rt = await createRuntime({ dbPath: ':memory:' });
    onTestFinished(() => rt.close());
    const body = { eid: 'main', win: 'w', data: [{ x: [1, 2, 3], y: [4, null, 6], name: 'a', type: 'scatter', mode: 'lines' }], layout: { title: 't' }, opts: {} };
    await rt.app.inject({ method: 'POST', url: '/events', payload: JSON.stringify(body) });
    const hash = (await rt.app.inject({ method: 'POST', url: '/win_hash', payload: JSON.stringify({ eid: 'main', win: 'w' }) })).body;
    const data = (await rt.app.inject({ method: 'POST', url: '/win_data', payload: JSON.stringify({ eid: 'main', win: 'w' }) })).body;
    const { createHash } = await import('node:crypto');
    const canonical = (v: unknown): string =>
      Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
      : v !== null && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as any)[k])}`).join(',')}}`
      : JSON.stringify(v);
    expect(hash).toBe(createHash('md5').update(canonical(JSON.parse(data))).digest('hex'));
  });
});
