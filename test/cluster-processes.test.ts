/**
 * Several servers as real processes (`server/main.ts --db postgres://…`) on one
 * Postgres, all on loopback: the fan-out, the resume across servers, and the fault
 * drills of issue 11 (a lost hint, a killed LISTEN connection, a SIGKILLed server,
 * a Postgres restart). Runs when RUNBOARD_TEST_PG is set; skipped (with a note) otherwise.
 */
import { expect, it } from 'vitest';
import pg from 'pg';
import { terminateListeners } from '../server/store/pg-channel.js';
import { eventually } from './browser.js';
import { describePg, receivedExactly, testChannel, upTo, watch } from './cluster-helpers.js';
import { spawnServer, startIngest, storedPoints, type ServerProcess } from './crash-harness.js';
import { post } from './helpers.js';
import { canRunOwnPostgres, freshDatabase, ownPostgres } from './pg-fixture.js';

interface Proc extends ServerProcess {
  wsUrl: string;
}

async function servers(url: string, n: number, env: (i: number) => Record<string, string> = () => ({})): Promise<Proc[]> {
  const out: Proc[] = [];
  for (let i = 0; i < n; i++) {
    const p = await spawnServer(url, ['--host', '127.0.0.1'], env(i));
    out.push({ ...p, wsUrl: p.url.replace(/^http/, 'ws') });
  }
  return out;
}

function stopAll(procs: Proc[]): Promise<unknown> {
  return Promise.all(procs.map((p) => (p.child.exitCode === null && p.child.signalCode === null ? (p.child.kill('SIGTERM'), p.exited) : null)));
}

const line = (url: string, env: string, body: unknown) => post(`${url}/api/env/${env}/line`, body);
const traceId = async (url: string, env: string, win: string): Promise<number> =>
  ((await (await fetch(`${url}/api/env/${env}/win/${win}`)).json()) as { traces: { id: number }[] }).traces[0]!.id;

describePg('three server processes on one Postgres', { timeout: 120_000 }, () => {
  it('1. points POSTed to A reach sockets on B and C in order, exactly once', async () => {
    const all = await servers(await freshDatabase(), 3);
    try {
      const [a, b, c] = all as [Proc, Proc, Proc];
      await line(a.url, 'run', { win: 'w', X: [0], Y: [0] });
      const id = await traceId(a.url, 'run', 'w');
      const viewers = [await watch(b, ['run']), await watch(c, ['run'])];
      for (let i = 1; i < 300; i++) expect((await line(a.url, 'run', { win: 'w', X: [i], Y: [i], update: 'append' })).status).toBe(200);
      for (const v of viewers) {
        await receivedExactly(v.ledger, id, upTo(300));
      }
    } finally {
      await stopAll(all);
    }
  });

  it('2. two trainers appending to one trace via A and B get contiguous sequence numbers, nothing lost', async () => {
    const all = await servers(await freshDatabase(), 3);
    try {
      const [a, b, c] = all as [Proc, Proc, Proc];
      await line(a.url, 'run', { win: 'w', X: [0], Y: [0], opts: { legend: ['t'] } });
      const id = await traceId(a.url, 'run', 'w');
      const v = await watch(c, ['run']);
      const trainer = async (srv: Proc, base: number) => {
        for (let i = 1; i <= 150; i++) expect((await line(srv.url, 'run', { win: 'w', Y: [base + i], name: 't', update: 'append' })).status).toBe(200);
      };
      await Promise.all([trainer(a, 1000), trainer(b, 2000)]);
      await eventually(() => v.ledger.points(id).length).toBe(301);
      const got = v.ledger.points(id) as number[];
      expect(got.filter((y) => y > 1000 && y < 2000)).toEqual(upTo(150).map((i) => 1001 + i));
      expect(got.filter((y) => y > 2000)).toEqual(upTo(150).map((i) => 2001 + i));
      expect(v.ledger.duplicates + v.ledger.gaps).toBe(0);
      // The store holds them with seq 0..300 and no hole: x defaults to the seq.
      const data = (await (await fetch(`${b.url}/api/env/run/win/w/data?format=json`)).json()) as { traces: { points: [number, number][] }[] };
      expect(data.traces[0]!.points.map((p) => p[0])).toEqual(upTo(301));
    } finally {
      await stopAll(all);
    }
  });

  it('3. a viewer moving from B to C with its cursors gets no gap and no duplicate', async () => {
    const all = await servers(await freshDatabase(), 3);
    try {
      const [a, b, c] = all as [Proc, Proc, Proc];
      await line(a.url, 'run', { win: 'w', X: [0], Y: [0] });
      const id = await traceId(a.url, 'run', 'w');
      const vb = await watch(b, ['run']);
      const writer = (async () => {
        for (let i = 1; i < 400; i++) await line(a.url, 'run', { win: 'w', X: [i], Y: [i], update: 'append' });
      })();
      await eventually(() => vb.ledger.points(id).length).toBeGreaterThan(100);
      vb.sock.close();
      // B goes away for good, as a killed server would: the viewer resumes on C while A keeps writing.
      b.child.kill('SIGKILL');
      const vc = await watch(c, ['run'], vb.ledger);
      await writer;
      await receivedExactly(vc.ledger, id, upTo(400));
    } finally {
      await stopAll(all);
    }
  });

  it('4. a dropped hint: the poll of trace counts delivers within about a second', async () => {
    // A hints on a channel of its own: B never hears it, only B's 1 s poll can deliver.
    const all = await servers(await freshDatabase(), 2, (i) => ({ RUNBOARD_HINT_CHANNEL: i === 0 ? testChannel() : 'runboard_hint' }));
    try {
      const [a, b] = all as [Proc, Proc];
      await line(a.url, 'run', { win: 'w', X: [0], Y: [0] });
      const id = await traceId(a.url, 'run', 'w');
      const vb = await watch(b, ['run']);
      for (let i = 1; i <= 3; i++) {
        expect((await line(a.url, 'run', { win: 'w', X: [i], Y: [i], update: 'append' })).status).toBe(200);
        await eventually(() => vb.ledger.points(id).length, 1800).toBe(i + 1);
      }
      expect(vb.ledger.points(id)).toEqual(upTo(4));
      expect(vb.ledger.duplicates + vb.ledger.gaps).toBe(0);
    } finally {
      await stopAll(all);
    }
  });

  it('5. pg_terminate_backend on the LISTEN connections: servers listen again and catch up', async () => {
    const url = await freshDatabase();
    const all = await servers(url, 3);
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const [a, b, c] = all as [Proc, Proc, Proc];
      await line(a.url, 'run', { win: 'w', X: [0], Y: [0] });
      const id = await traceId(a.url, 'run', 'w');
      const viewers = [await watch(b, ['run']), await watch(c, ['run'])];
      expect(await terminateListeners(admin)).toBe(3);
      for (let i = 1; i < 100; i++) expect((await line(a.url, 'run', { win: 'w', X: [i], Y: [i], update: 'append' })).status).toBe(200);
      // Every server is LISTENing again.
      await eventually(async () => Number((await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'runboard-listen' AND datname = current_database()")).rows[0].n)).toBe(3);
      for (let i = 100; i < 150; i++) expect((await line(a.url, 'run', { win: 'w', X: [i], Y: [i], update: 'append' })).status).toBe(200);
      for (const v of viewers) {
        await receivedExactly(v.ledger, id, upTo(150));
      }
    } finally {
      await admin.end();
      await stopAll(all);
    }
  });

  it('6. SIGKILL of a server during ingest: no acknowledged point is lost, viewers elsewhere get them all once', async () => {
    const all = await servers(await freshDatabase(), 3);
    try {
      const [a, b, c] = all as [Proc, Proc, Proc];
      await line(a.url, 'crash', { win: 'probe', X: [0], Y: [0] });
      const viewer = await watch(c, ['crash']);
      const ingest = startIngest(a.url, 4, 0);
      await eventually(() => [...ingest.acked.values()].reduce((n, s) => n + s.size, 0)).toBeGreaterThan(400);
      a.child.kill('SIGKILL');
      await a.exited;
      ingest.stop();
      await ingest.done;
      const wins = [...ingest.acked.keys()];
      const stored = await storedPoints(b.url, wins);
      let acked = 0;
      for (const [win, xs] of ingest.acked) {
        acked += xs.size;
        for (const x of xs) expect(stored.get(win)!.has(x), `${win} x=${x}`).toBe(true);
      }
      expect(acked).toBeGreaterThan(400);
      // C's viewer has every stored point, each once.
      for (const win of wins) {
        const id = await traceId(b.url, 'crash', win);
        const want = [...stored.get(win)!].sort((p, q) => p - q).map((x) => x / 2);
        await eventually(() => viewer.ledger.points(id).length).toBe(want.length);
        expect(viewer.ledger.points(id)).toEqual(want);
      }
      expect(viewer.ledger.duplicates + viewer.ledger.gaps).toBe(0);
    } finally {
      await stopAll(all);
    }
  });

  it.runIf(canRunOwnPostgres())('7. a Postgres restart: writes answer 503 meanwhile, then everything recovers by itself', async () => {
    const own = await ownPostgres();
    const all = await servers(own.url, 2);
    try {
      const [a, b] = all as [Proc, Proc];
      await line(a.url, 'run', { win: 'w', X: [0], Y: [0] });
      const id = await traceId(a.url, 'run', 'w');
      const vb = await watch(b, ['run']);
      await eventually(() => vb.ledger.points(id).length).toBe(1);
      own.stop();
      const down = await line(a.url, 'run', { win: 'w', X: [1], Y: [1], update: 'append' });
      expect(down.status).toBe(503);
      expect(down.body.code).toBe('RB_ERR_DB_UNAVAILABLE');
      expect(down.body.message).toMatch(/database server cannot be reached/);
      // The dashboard itself is still served.
      expect((await fetch(`${b.url}/`)).status).toBe(200);
      own.start();
      // Writes succeed again without restarting anything, and B's viewer gets them.
      await eventually(async () => (await line(a.url, 'run', { win: 'w', X: [1], Y: [1], update: 'append' })).status, 20_000).toBe(200);
      for (let i = 2; i < 20; i++) expect((await line(a.url, 'run', { win: 'w', X: [i], Y: [i], update: 'append' })).status).toBe(200);
      await receivedExactly(vb.ledger, id, upTo(20), 20_000);
    } finally {
      await stopAll(all);
    }
  });
});
