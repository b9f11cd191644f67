/** Ingest.batch: many writes in one transaction, published only once that commits. */
import { readFileSync } from 'node:fs';
import { sqliteOf } from './helpers.js';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ServerMessage } from '../protocol/index.js';
import { createRuntime, type Runtime } from '../server/runtime.js';
import { fixture } from './visdom-helpers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'visdom');

async function runtime(): Promise<Runtime> {
  const rt = await createRuntime({ dbPath: ':memory:' });
  onTestFinished(() => rt.close());
  return rt;
}

/** Every hub.publish call, with whether a transaction was open when it was made. */
function watchPublishes(rt: Runtime): { msg: ServerMessage; inTransaction: boolean }[] {
  const seen: { msg: ServerMessage; inTransaction: boolean }[] = [];
  const publish = rt.hub.publish.bind(rt.hub);
  rt.hub.publish = (topic, msg) => {
    seen.push({ msg, inTransaction: sqliteOf(rt).db.inTransaction });
    publish(topic, msg);
  };
  return seen;
}

describe('Ingest.batch', () => {
  it('publishes an imported offline log only after the transaction that holds it commits', async () => {
    const rt = await runtime();
    const seen = watchPublishes(rt);
    const res = await rt.app.inject({ method: 'POST', url: '/api/import?name=offline.log', payload: readFileSync(join(FIXTURES, 'offline.log'), 'utf8') });
    expect(res.statusCode, res.body).toBe(200);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.inTransaction)).toEqual([]);
  });

  it('replaces an env with set_window_data in one transaction: a failure part way leaves the old env and tells no one', async () => {
    const rt = await runtime();
    const events = (body: string) => rt.app.inject({ method: 'POST', url: '/events', payload: body });
    await events(fixture('line_create'));
    await events(fixture('text_create'));
    const env = JSON.parse((await rt.app.inject({ method: 'POST', url: '/win_data', payload: JSON.stringify({ win: null, eid: 'main' }) })).body);
    // The disk fails while the second window of the new env is written.
    sqliteOf(rt).db.exec("CREATE TEMP TRIGGER fail BEFORE INSERT ON windows WHEN NEW.id = 'second' BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    const seen = watchPublishes(rt);
    const res = await rt.app.inject({
      method: 'POST',
      url: '/win_data',
      payload: JSON.stringify({ win: null, eid: 'main', data: JSON.stringify({ first: env.loss, second: env.log }) }),
    });
    expect(res.statusCode).toBe(500);
    expect((await rt.store.windows('main')).map((w) => w.id)).toEqual(['loss', 'log']);
    expect(seen).toEqual([]);
  });

  it('publishes a whole-env set_window_data once it committed', async () => {
    const rt = await runtime();
    await rt.app.inject({ method: 'POST', url: '/events', payload: fixture('line_create') });
    const env = JSON.parse((await rt.app.inject({ method: 'POST', url: '/win_data', payload: JSON.stringify({ win: null, eid: 'main' }) })).body);
    const seen = watchPublishes(rt);
    const res = await rt.app.inject({ method: 'POST', url: '/win_data', payload: JSON.stringify({ win: null, eid: 'main', data: JSON.stringify({ copy: env.loss }) }) });
    expect(res.statusCode, res.body).toBe(200);
    expect((await rt.store.windows('main')).map((w) => w.id)).toEqual(['copy']);
    expect(seen.map((s) => [s.msg.type, s.inTransaction])).toEqual([['close', false], ['close', false], ['window', false]]);
  });
});
