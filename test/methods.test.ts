import { describe, expect, it, onTestFinished } from 'vitest';
import { createRuntime } from '../server/runtime.js';

async function app() {
  const rt = await createRuntime({ dbPath: ':memory:' });
  onTestFinished(() => rt.close());
  return rt.app;
}

describe('a request with the wrong method', () => {
  it('gets 405 with an Allow header and a message naming the method to use', async () => {
    const res = await (await app()).inject({ method: 'GET', url: '/api/env/main/line' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.json()).toMatchObject({ statusCode: 405, code: 'RB_ERR_METHOD_NOT_ALLOWED' });
    expect(res.json().message).toContain('send it as POST');
  });

  it('gets 405 on a Visdom POST route and on a path served by GET and DELETE', async () => {
    const a = await app();
    const events = await a.inject({ method: 'GET', url: '/events' });
    expect(events.statusCode).toBe(405);
    expect(events.headers.allow).toBe('POST');
    const env = await a.inject({ method: 'PUT', url: '/api/env/main' });
    expect(env.statusCode).toBe(405);
    expect(env.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
  });

  it('still gets 404 on a path no route serves', async () => {
    const res = await (await app()).inject({ method: 'GET', url: '/nothing/here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('RB_ERR_NO_ROUTE');
  });
});
