/** What one request may carry: refused with 413 right after parsing, before anything is written. */
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../server/config.js';
import { MAX_OPTS_KEYS } from '../server/limits.js';
import { createRuntime } from '../server/runtime.js';

async function runtime(maxPoints?: number) {
  const rt = await createRuntime({ dbPath: ':memory:', ...(maxPoints === undefined ? {} : { maxPoints }) });
  onTestFinished(() => rt.close());
  return rt;
}

const line = (body: unknown) => ({ method: 'POST' as const, url: '/api/env/main/line', payload: JSON.stringify(body) });

describe('request limits', () => {
  it('refuses a line with more points than --max-points with a 413 naming the limit and how to send more', async () => {
    const rt = await runtime(1000);
    const Y = Array.from({ length: 1001 }, (_, i) => i);
    const res = await rt.app.inject(line({ win: 'w', X: Y, Y }));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'RB_ERR_TOO_MANY_POINTS' });
    expect(res.json().message).toContain('1000');
    expect(res.json().message).toContain('several requests');
    expect(await rt.store.envExists('main')).toBe(false);
    // At the limit, with X beside Y, it is taken.
    expect((await rt.app.inject(line({ win: 'w', X: Y.slice(1), Y: Y.slice(1) }))).statusCode).toBe(200);
  });

  it('counts every column of a (N,K) Y and the y of Visdom traces, and answers Visdom with the sentence', async () => {
    const rt = await runtime(1000);
    const rows = Array.from({ length: 501 }, () => [1, 2]);
    expect((await rt.app.inject(line({ win: 'w', Y: rows }))).statusCode).toBe(413);
    const y = Array.from({ length: 1001 }, () => 1);
    const res = await rt.app.inject({ method: 'POST', url: '/events', payload: JSON.stringify({ eid: 'main', win: 'v', data: [{ x: y, y, type: 'scatter' }], layout: {}, opts: {} }) });
    expect(res.statusCode).toBe(413);
    expect(res.body).toMatch(/more than 1000 points.*several requests/);
  });

  it('refuses opts with too many keys before merging them into a window', async () => {
    const rt = await runtime();
    const opts = Object.fromEntries(Array.from({ length: MAX_OPTS_KEYS + 1 }, (_, i) => [`k${i}`, 1]));
    const res = await rt.app.inject(line({ win: 'w', Y: [1], opts }));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'RB_ERR_OPTS_TOO_LARGE' });
    expect(res.json().message).toMatch(/^opts holds more than 10000 keys/);
    expect(await rt.store.envExists('main')).toBe(false);
  });

  it('refuses opts larger than a megabyte of JSON, and bodies with too many keys anywhere', async () => {
    const rt = await runtime();
    const big = await rt.app.inject(line({ win: 'w', Y: [1], opts: { title: 'x'.repeat(1024 * 1024) } }));
    expect(big.statusCode).toBe(413);
    expect(big.json().message).toMatch(/bytes of JSON/);
    const content = Object.fromEntries(Array.from({ length: 100_001 }, (_, i) => [`k${i}`, 1]));
    const keys = await rt.app.inject({ method: 'POST', url: '/events', payload: JSON.stringify({ eid: 'main', win: 't', data: [{ content, type: 'text' }] }) });
    expect(keys.statusCode).toBe(413);
    expect(keys.body).toMatch(/more than 100000 object keys/);
  });

  it('reads --max-points and RUNBOARD_MAX_POINTS, 1M by default', () => {
    expect(loadConfig([], {}).maxPoints).toBe(1_000_000);
    expect(loadConfig(['--max-points', '5000'], {}).maxPoints).toBe(5000);
    expect(loadConfig([], { RUNBOARD_MAX_POINTS: '42' }).maxPoints).toBe(42);
  });
});
