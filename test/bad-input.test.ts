/**
 * Property-based bad input for every native route: each request is refused with a
 * 4xx in our error shape and the store is unchanged (a full SQL dump per request,
 * and the API's own dump per property). About 10,000 requests in all.
 */
import fc from 'fast-check';
import { MAX_NAME_LENGTH } from '../protocol/index.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createRuntime, type Runtime } from '../server/runtime.js';
import { badId, badLineBody, badPathId, dumpApi, enormousBody, expectRejected, impossibleCommand, lineText, malformedJson, nonFiniteLookalike, oversizedRequest } from './fuzz.js';

const BODY_LIMIT = 1_000_000;

/** A fresh in-memory runtime with env `main` (window `loss`: traces a, b) and env `other`. */
async function seeded(): Promise<Runtime> {
  const rt = await createRuntime({ dbPath: ':memory:', bodyLimit: BODY_LIMIT });
  onTestFinished(() => rt.close());
  const write = async (env: string, body: unknown) => {
    const res = await rt.app.inject({ method: 'POST', url: `/api/env/${env}/line`, payload: JSON.stringify(body) });
    expect(res.statusCode, res.body).toBe(200);
  };
  await write('main', { win: 'loss', X: [1, 2, 3], Y: [[1, 2], [3, 4], [5, null]], opts: { legend: ['a', 'b'] } });
  await write('main', { win: 'acc', Y: [0.1, 0.2] });
  await write('other', { win: 'w', X: [0], Y: [7] });
  return rt;
}

/** Runs the property, then checks the store as the API shows it is what it was. */
async function unchangedThrough(rt: Runtime, run: () => Promise<void>): Promise<void> {
  const before = await dumpApi(rt.app);
  await run();
  expect(await dumpApi(rt.app)).toBe(before);
}

const headers = fc.constantFrom<Record<string, string>>(
  {},
  { 'content-type': 'application/json' },
  { 'content-type': 'text/plain' },
  { 'content-type': 'application/x-www-form-urlencoded' },
  { 'content-type': 'multipart/form-data; boundary=x' },
  { 'content-type': 'application/json; charset=latin1' },
);

describe('bad input on the native API', () => {
  it('refuses every malformed line body with a 4xx that says what is wrong, storing nothing', async () => {
    const rt = await seeded();
    const codes = new Map<string, number>();
    await unchangedThrough(rt, () =>
      fc.assert(
        fc.asyncProperty(badLineBody, fc.constantFrom('main', 'other', 'fresh'), headers, async (body, env, h) => {
          const r = await expectRejected(rt, { method: 'POST', url: `/api/env/${env}/line`, payload: lineText(body), headers: h });
          codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
        }),
        { numRuns: 3500 },
      ),
    );
    // Each family of mistakes is caught where it should be, not all by one catch-all.
    expect([...codes.keys()].sort()).toEqual(['RB_ERR_SHAPE', 'RB_ERR_TOO_DEEP', 'RB_ERR_VALIDATION']);
  });

  it('refuses enormous arrays that are wrong in one place', async () => {
    const rt = await seeded();
    await unchangedThrough(rt, () =>
      fc.assert(
        fc.asyncProperty(enormousBody, async (body) => {
          const r = await expectRejected(rt, { method: 'POST', url: '/api/env/main/line', payload: lineText(body) });
          expect(r.message).toMatch(/^X has \d+ points but Y has|^X\[\d+\] is NaN|^body\.Y\[\d+\] must be a number or null$|^Y\[\d+\] has 1 values/);
        }),
        { numRuns: 60 },
      ),
    );
  });

  it('serves ids of the longest allowed length in the URL, percent-encoded', async () => {
    const rt = await seeded();
    const id = '😀'.repeat(MAX_NAME_LENGTH);
    const res = await rt.app.inject({ method: 'POST', url: `/api/env/${encodeURIComponent(id)}/line`, payload: JSON.stringify({ win: id, Y: [1] }) });
    expect(res.statusCode, res.body).toBe(200);
    const read = await rt.app.inject(`/api/env/${encodeURIComponent(id)}/win/${encodeURIComponent(id)}`);
    expect(read.statusCode).toBe(200);
    const tooLong = await expectRejected(rt, { method: 'GET', url: `/api/env/${'%C3%A9'.repeat(MAX_NAME_LENGTH + 1)}` });
    expect(tooLong.status).toBe(400);
    const wayTooLong = await expectRejected(rt, { method: 'GET', url: `/api/env/${'x'.repeat(13_000)}` });
    expect(wayTooLong).toMatchObject({ status: 414, code: 'RB_ERR_ID_TOO_LONG' });
  });

  it('refuses well-formed commands that cannot apply to what is stored, and rolls back', async () => {
    const rt = await seeded();
    await unchangedThrough(rt, () =>
      fc.assert(
        fc.asyncProperty(impossibleCommand, async (body) => {
          await expectRejected(rt, { method: 'POST', url: '/api/env/main/line', payload: JSON.stringify(body) });
        }),
        { numRuns: 1000 },
      ),
    );
  });

  it('refuses bodies that are not JSON, whatever the Content-Type', async () => {
    const rt = await seeded();
    await unchangedThrough(rt, () =>
      fc.assert(
        fc.asyncProperty(malformedJson, headers, async (text, h) => {
          const r = await expectRejected(rt, { method: 'POST', url: '/api/env/main/line', payload: text, headers: h });
          if (r.code === 'RB_ERR_BAD_JSON') expect(r.message).toMatch(/^Body is not valid JSON/);
        }),
        { numRuns: 1500 },
      ),
    );
  });

  it('refuses bad env and window ids on every route, in the path and in the body', async () => {
    const rt = await seeded();
    const routes = [
      (e: string) => ({ method: 'GET' as const, url: `/api/env/${e}` }),
      (e: string) => ({ method: 'DELETE' as const, url: `/api/env/${e}` }),
      (e: string) => ({ method: 'POST' as const, url: `/api/env/${e}/line`, payload: '{"Y":[1]}' }),
      (e: string) => ({ method: 'GET' as const, url: `/api/env/${e}/win/loss` }),
      (e: string) => ({ method: 'GET' as const, url: `/api/env/main/win/${e}` }),
      (e: string) => ({ method: 'GET' as const, url: `/api/env/main/win/${e}/data?format=json` }),
      (e: string) => ({ method: 'GET' as const, url: `/api/env/${e}/win/loss/data?format=csv` }),
      (e: string) => ({ method: 'DELETE' as const, url: `/api/env/main/win/${e}` }),
      (e: string) => ({ method: 'DELETE' as const, url: `/api/env/${e}/win/loss` }),
    ];
    await unchangedThrough(rt, async () => {
      await fc.assert(
        fc.asyncProperty(badPathId, fc.nat({ max: routes.length - 1 }), async (id, i) => {
          await expectRejected(rt, routes[i]!(id));
        }),
        { numRuns: 2000 },
      );
      await fc.assert(
        fc.asyncProperty(badId, async (id) => {
          const r = await expectRejected(rt, { method: 'POST', url: '/api/env/main/line', payload: JSON.stringify({ win: id, Y: [1] }) });
          expect(r.message).toMatch(/^body\.win must be 1–1000 characters|^body\.win must be a string/);
        }),
        { numRuns: 500 },
      );
    });
  });

  it('refuses bad query strings on the data route', async () => {
    const rt = await seeded();
    const badQuery = fc.oneof(
      fc.record({ buckets: fc.oneof(fc.constantFrom('0', '-1', '1.5', '100001', 'abc', '', '1e309', 'NaN'), fc.integer({ min: 100_001 }).map(String)) }),
      fc.record({ format: fc.string({ maxLength: 10 }).filter((f) => !['view', 'json', 'csv'].includes(f)) }),
      fc.record({ x0: fc.constantFrom('abc', '1x', '[]', '{}') }),
      fc.record({ until: fc.constantFrom('yesterday', '0x', '--1') }),
      fc.tuple(fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !['x0', 'x1', 'buckets', 'format', 'until', 'token', '__proto__'].includes(k)), fc.string({ maxLength: 20 })).map(([k, v]) => ({ [k]: v })),
    );
    await unchangedThrough(rt, () =>
      fc.assert(
        fc.asyncProperty(badQuery, async (q) => {
          await expectRejected(rt, { method: 'GET', url: '/api/env/main/win/loss/data', query: q as Record<string, string> });
        }),
        { numRuns: 1000 },
      ),
    );
  });

  it('refuses a body over the limit with a 413 that names the limit, and keeps serving', async () => {
    const rt = await seeded();
    await unchangedThrough(rt, () =>
      fc.assert(
        fc.asyncProperty(fc.integer({ min: 260_000, max: 600_000 }), async (n) => {
          const r = await expectRejected(rt, { method: 'POST', url: '/api/env/main/line', payload: `{"Y":[${'0.5,'.repeat(n)}1]}` });
          expect(r).toMatchObject({ status: 413, code: 'RB_ERR_BODY_TOO_LARGE' });
          expect(r.message).toContain(`${BODY_LIMIT} bytes`);
          expect(r.message).toContain('--body-limit');
        }),
        { numRuns: 20 },
      ),
    );
    expect((await rt.app.inject({ method: 'POST', url: '/api/env/main/line', payload: '{"win":"after","Y":[1]}' })).statusCode).toBe(200);
  });

  it('accepts the NaN and Infinity tokens in Y as gaps, so the refusals above are about X', async () => {
    const rt = await seeded();
    const res = await rt.app.inject({ method: 'POST', url: '/api/env/main/line', payload: '{"win":"gaps","X":[1,2,3],"Y":[NaN,Infinity,-Infinity]}' });
    expect(res.statusCode).toBe(200);
    const bad = await expectRejected(rt, { method: 'POST', url: '/api/env/main/line', payload: '{"win":"gaps2","X":[1,NaN],"Y":[1,2]}' });
    expect(bad.message).toBe('X[1] is NaN; X values must be finite numbers');
  });

  it('refuses every request over a per-request bound with a 413 naming it, storing nothing', async () => {
    const rt = await createRuntime({ dbPath: ':memory:', bodyLimit: 10_000_000, maxPoints: 1000 });
    onTestFinished(() => rt.close());
    await rt.app.inject({ method: 'POST', url: '/api/env/main/line', payload: JSON.stringify({ win: 'loss', Y: [1, 2] }) });
    const before = await dumpApi(rt.app);
    await fc.assert(
      fc.asyncProperty(oversizedRequest(1000), async ({ url, body }) => {
        const res = await rt.app.inject({ method: 'POST', url, payload: JSON.stringify(body) });
        expect(res.statusCode, res.body).toBe(413);
        // Native routes answer our JSON error; Visdom routes the same sentence as text.
        const message = String(res.headers['content-type']).includes('json') ? res.json().message : res.body;
        expect(message).toMatch(/several requests|send a smaller one/);
      }),
      { numRuns: 30 },
    );
    expect(await dumpApi(rt.app)).toBe(before);
  });

  it('keeps strings that look like NaN or Infinity as strings beside a bare NaN', async () => {
    const rt = await seeded();
    await fc.assert(
      fc.asyncProperty(nonFiniteLookalike, fc.string({ maxLength: 8 }), async (look, pad) => {
        const title = `${pad}${look}`;
        const text = `{"win":"t","Y":[1,NaN],"opts":{"title":${JSON.stringify(title)}}}`;
        const res = await rt.app.inject({ method: 'POST', url: '/api/env/main/line', payload: text });
        expect(res.statusCode, res.body).toBe(200);
        const info = (await rt.app.inject('/api/env/main/win/t')).json();
        expect(info.opts.title).toBe(title);
      }),
      { numRuns: 60 },
    );
  });
});
