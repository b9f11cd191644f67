/**
 * What only the Postgres store has to prove (the shared suites run on it too, see
 * vitest.config.ts): sequence numbers reserved in the append's own transaction stay
 * contiguous when two servers append to one trace; trace ids are global; reads in one
 * snapshot never see a chunk being sealed twice or not at all; no column is named like
 * a system column; and writes answer 503 naming the cause while Postgres is unreachable,
 * then resume by themselves; a database of an older schema is brought up to date.
 */
import { createServer, Socket as NetSocket, type Socket } from 'node:net';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createRuntime, type Runtime } from '../server/runtime.js';
import { ENV_TOUCH_MS } from '../server/store/pg-apply.js';
import { PG_MIGRATIONS } from '../server/store/pg-migrations.js';
import { PgStore } from '../server/store/pg-store.js';
import { planSeries, seriesState, type SeriesCommand } from '../server/write/series-rules.js';
import { freshDbPath } from './backend.js';
import { post, startServer } from './helpers.js';

async function runtime(dbPath: string): Promise<Runtime> {
  const rt = await createRuntime({ dbPath });
  onTestFinished(() => rt.close());
  return rt;
}

async function query<R = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as R[];
  } finally {
    await c.end();
  }
}

const inject = (rt: Runtime, url: string, body: unknown) => rt.app.inject({ method: 'POST', url, payload: JSON.stringify(body) });

describe('Postgres store', () => {
  it('gives two servers appending to one trace contiguous sequence numbers, each point once, under one global trace id', async () => {
    const db = await freshDbPath();
    const [a, b] = [await runtime(db), await runtime(db)];
    expect((await inject(a, '/api/env/e/line', { win: 'w', X: [0], Y: [0], name: 's' })).statusCode).toBe(200);
    const PER = 300;
    const send = (rt: Runtime, base: number) =>
      Promise.all(Array.from({ length: PER }, (_, i) => inject(rt, '/api/env/e/line', { win: 'w', Y: [base + i], name: 's', update: 'append' })));
    const results = (await Promise.all([send(a, 1_000), send(b, 2_000)])).flat();
    expect(results.filter((r) => r.statusCode !== 200).map((r) => r.body)).toEqual([]);
    const [ta] = await a.store.traces('e', 'w');
    const [tb] = await b.store.traces('e', 'w');
    expect(tb!.id).toBe(ta!.id);
    expect(ta!.n).toBe(1 + 2 * PER);
    const all = await b.store.readSeq(ta!.id, 0, ta!.n);
    // x continued the step count: 0..2·PER, with no gap and no repeat, though two servers wrote.
    expect(all.x).toEqual(Array.from({ length: 1 + 2 * PER }, (_, i) => i));
    expect([...all.y].sort((p, q) => p! - q!)).toEqual([0, ...Array.from({ length: PER }, (_, i) => 1_000 + i), ...Array.from({ length: PER }, (_, i) => 2_000 + i)]);
    // 601 points: two sealed chunks and a tail, read back the same from either server.
    expect(ta!.sealed).toBe(512);
    expect(await a.store.readSeq(ta!.id, 250, 520)).toEqual(await b.store.readSeq(ta!.id, 250, 520));
  });

  it('reads a trace in one snapshot while another server seals it: every read holds a whole prefix, exactly', async () => {
    const db = await freshDbPath();
    const [writer, reader] = [await runtime(db), await runtime(db)];
    await inject(writer, '/api/env/e/line', { win: 'w', X: [0], Y: [0] });
    let done = false;
    const writes = (async () => {
      for (let i = 1; i < 1200; i += 7) await inject(writer, '/api/env/e/line', { win: 'w', X: Array.from({ length: 7 }, (_, k) => i + k), Y: Array.from({ length: 7 }, (_, k) => i + k), update: 'append' });
      done = true;
    })();
    let reads = 0;
    while (!done) {
      const res = await reader.app.inject('/api/env/e/win/w/data?buckets=10000');
      const [trace] = res.json().traces;
      expect(trace.x).toEqual(Array.from({ length: trace.end }, (_, i) => i));
      reads++;
    }
    await writes;
    expect(reads).toBeGreaterThan(3);
  });

  it('reads points by sequence number (the fan-out\'s read) whole while another server seals them', async () => {
    const db = await freshDbPath();
    const [writer, reader] = [await runtime(db), await runtime(db)];
    await inject(writer, '/api/env/e/line', { win: 'w', X: [0], Y: [0] });
    const id = (await reader.store.traces('e', 'w'))[0]!.id;
    let done = false;
    const writes = (async () => {
      for (let i = 1; i < 3000; i += 5) await inject(writer, '/api/env/e/line', { win: 'w', X: Array.from({ length: 5 }, (_, k) => i + k), Y: Array.from({ length: 5 }, (_, k) => i + k), update: 'append' });
      done = true;
    })();
    let reads = 0;
    while (!done) {
      const n = (await reader.store.traces('e', 'w'))[0]!.n;
      // From inside the tail's window: a seal in between would move these points into a chunk.
      const from = Math.max(0, n - 300);
      const cols = await reader.store.readSeq(id, from, n);
      expect(cols.x).toEqual(Array.from({ length: n - from }, (_, i) => from + i));
      reads++;
    }
    await writes;
    expect(reads).toBeGreaterThan(10);
  });

  it('names no column xmin or xmax (system columns), and records its schema version', async () => {
    const db = await freshDbPath();
    await runtime(db);
    const schema = new URL(db).searchParams.get('options')!.replace('-c search_path=', '');
    const columns = await query<{ column_name: string }>(db, 'SELECT column_name FROM information_schema.columns WHERE table_schema = $1', [schema]);
    expect(columns.map((c) => c.column_name)).toContain('x_min');
    expect(columns.filter((c) => ['xmin', 'xmax', 'cmin', 'cmax', 'ctid', 'tableoid'].includes(c.column_name))).toEqual([]);
    expect(await query(db, 'SELECT version FROM runboard_schema')).toEqual([{ version: PG_MIGRATIONS.length }]);
    // A database from a newer runboard is refused with a message that says so.
    await query(db, 'UPDATE runboard_schema SET version = $1', [PG_MIGRATIONS.length + 1]);
    await expect(createRuntime({ dbPath: db })).rejects.toThrow(/schema version \d+ is newer than this runboard/);
  });

  it('brings a database of schema 1 (before run metadata) up to date: its envs keep their data and take metadata', async () => {
    const db = await freshDbPath();
    await query(db, PG_MIGRATIONS[0]!);
    await query(db, 'CREATE TABLE runboard_schema (version integer NOT NULL); INSERT INTO runboard_schema VALUES (1)');
    await query(db, "INSERT INTO envs (id, created_at, updated_at) VALUES ('old', 1, 2)");
    const rt = await runtime(db);
    expect(await query(db, 'SELECT version FROM runboard_schema')).toEqual([{ version: PG_MIGRATIONS.length }]);
    const envs = async () => JSON.parse((await rt.app.inject({ method: 'GET', url: '/api/envs' })).body).envs as { id: string; createdAt: number; meta: unknown }[];
    expect(await envs()).toEqual([expect.objectContaining({ id: 'old', createdAt: 1, meta: { config: {}, tags: [], notes: '', color: null, finishedAt: null } })]);
    const res = await rt.app.inject({ method: 'PATCH', url: '/api/env/old', payload: JSON.stringify({ config: { lr: 0.1 }, tags: ['a'] }), headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect((await envs())[0]!.meta).toEqual({ config: { lr: 0.1 }, tags: ['a'], notes: '', color: null, finishedAt: null });
  });

  it('answers writes with 503 naming the cause while Postgres is unreachable, keeps serving, and resumes by itself', async () => {
    const db = await freshDbPath();
    const target = new URL(db);
    // A TCP relay between the server and Postgres: closing it is Postgres going away.
    const sockets = new Set<Socket>();
    let up = true;
    const relay = createServer((client) => {
      if (!up) return client.destroy();
      const server = new NetSocket();
      server.connect(Number(target.port), target.hostname);
      for (const s of [client, server]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(server).pipe(client);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    onTestFinished(() => void relay.close());
    const via = new URL(db);
    via.port = String((relay.address() as { port: number }).port);
    const srv = await startServer({}, via.toString());
    expect((await post(`${srv.url}/api/env/e/line`, { win: 'w', Y: [1] })).status).toBe(200);

    up = false;
    for (const s of sockets) s.destroy();
    const refused = await post(`${srv.url}/api/env/e/line`, { win: 'w', Y: [2], update: 'append' });
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('RB_ERR_DB_UNAVAILABLE');
    expect(refused.body.message).toMatch(/cannot be reached \((ECONNRESET|ECONNREFUSED|connection lost)/);
    const visdom = await post(`${srv.url}/update`, { eid: 'e', win: 'w', data: [{ x: [5], y: [5], type: 'scatter', mode: 'lines' }], opts: {}, append: true });
    expect(visdom.status).toBe(503);
    expect(visdom.text).toMatch(/database server cannot be reached/);
    // The server itself is fine: the dashboard is still served.
    expect((await fetch(`${srv.url}/`)).status).toBe(200);

    up = true;
    const back = await post(`${srv.url}/api/env/e/line`, { win: 'w', Y: [3], update: 'append' });
    expect(back.status, back.text).toBe(200);
    const data = await (await fetch(`${srv.url}/api/env/e/win/w/data`)).json();
    expect(data.traces[0].y).toEqual([1, 3]);
  });

  it('lets trainers of one env append while the env row is locked, and still marks the env active about once a second', async () => {
    const db = await freshDbPath();
    const store = await PgStore.open(db);
    onTestFinished(() => store.close());
    const append = (win: string, y: number, now: number) => {
      const cmd: SeriesCommand = { env: 'e', win, mode: 'append', type: 'line', traces: [{ name: 's', x: null, y: Float64Array.of(y) }] };
      return store.write(seriesState(cmd, win, now), (s) => planSeries(cmd, win, s));
    };
    const T = 1_700_000_000_000;
    await append('a', 0, T);
    // Another writer holds the env row as a trainer's activity update does (FOR NO KEY UPDATE), until its commit.
    const holder = new pg.Client({ connectionString: db });
    await holder.connect();
    onTestFinished(() => holder.end());
    await holder.query('BEGIN');
    await holder.query("SELECT * FROM envs WHERE id = 'e' FOR NO KEY UPDATE");
    const waitingOnLock = async () =>
      (await holder.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()")).rows[0].n > 0;
    /** Settles when the write commits (true) or once it is seen queued on a row lock (false). */
    const commitsWithoutWaiting = async (write: Promise<unknown>) => {
      let done = false;
      void write.then(() => (done = true), () => (done = true));
      for (;;) {
        if (done) return true;
        if (await waitingOnLock()) return false;
        await new Promise((r) => setImmediate(r));
      }
    };
    // Within the second: the append neither waits for the env row nor rewrites it.
    expect(await commitsWithoutWaiting(append('b', 1, T + ENV_TOUCH_MS - 1))).toBe(true);
    // A second later the env's activity time moves: that write takes the row, so it waits its turn.
    const later = append('a', 2, T + ENV_TOUCH_MS);
    expect(await commitsWithoutWaiting(later)).toBe(false);
    await holder.query('COMMIT');
    await later;
    expect((await store.envSummary('e'))!.lastActivity).toBe(T + ENV_TOUCH_MS);
    expect((await store.traces('e', 'b'))[0]!.n).toBe(1);
  });
});
