/**
 * Helpers for tests of several servers sharing one store: the Postgres URL from
 * RUNBOARD_TEST_PG (.ci/run starts a throwaway cluster and exports it), and a
 * per-socket ledger of the points received per trace, checked the way the dashboard
 * takes them (client/store.ts: points before the cursor are dropped, a start past it is a gap).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, onTestFinished } from 'vitest';
import { eventually } from './browser.js';
import type { ServerMessage } from '../protocol/index.js';
import type { Config } from '../server/config.js';
import { createRuntime, type ClusterSettings } from '../server/runtime.js';
import { SocketClient, tempDir, type TestServer } from './helpers.js';

export const PG_URL = process.env.RUNBOARD_TEST_PG;
if (!PG_URL) console.warn('runboard tests: RUNBOARD_TEST_PG is not set: the tests of several servers on Postgres are skipped (.ci/run sets it).');

/** `describe` when a test Postgres is available, `describe.skip` otherwise. */
export const describePg = PG_URL ? describe : describe.skip;

/** A hint channel name of its own, so tests running at once do not hear each other. */
export function testChannel(): string {
  return `rb_test_${randomBytes(6).toString('hex')}`;
}

/** `n` servers in this process on one SQLite file, joined by a hint channel on the test Postgres. */
export async function startPeers(
  n: number,
  settings: Partial<ClusterSettings> = {},
  each: (i: number) => Partial<ClusterSettings> = () => ({}),
  config: Partial<Config> = {},
): Promise<TestServer[]> {
  const dbPath = join(tempDir(), 'shared.db');
  const channel = settings.channel ?? testChannel();
  const out: TestServer[] = [];
  for (let i = 0; i < n; i++) {
    const rt = await createRuntime({ ...config, dbPath }, false, {}, { url: PG_URL!, channel, pollMs: 1000, log: () => {}, ...settings, ...each(i) });
    const address = await rt.app.listen({ host: '127.0.0.1', port: 0 });
    onTestFinished(() => rt.close());
    out.push({ ...rt, url: address, wsUrl: address.replace(/^http/, 'ws'), dbPath, restart: () => Promise.reject(new Error('not here')) });
  }
  return out;
}

/** Per trace: points held (as the dashboard holds them), points received twice, gaps seen. */
export class Ledger {
  readonly y = new Map<number, (number | null)[]>();
  duplicates = 0;
  gaps = 0;
  appends = 0;

  take(m: ServerMessage): void {
    if (m.type === 'append') {
      this.appends++;
      for (const tr of m.traces) this.extend(tr.id, tr.start, tr.y);
    } else if (m.type === 'snapshot') {
      for (const w of m.windows) for (const d of w.data) this.extend(d.id, d.start, d.y, d.start === 0);
    } else if (m.type === 'window' && m.window.data) {
      for (const d of m.window.data) this.extend(d.id, d.start, d.y, d.start === 0);
    }
  }

  private extend(id: number, start: number, y: (number | null)[], fresh = false): void {
    if (fresh) {
      this.y.set(id, [...y]);
      return;
    }
    const held = this.y.get(id) ?? [];
    this.y.set(id, held);
    if (start > held.length) {
      this.gaps++;
      return;
    }
    this.duplicates += Math.min(y.length, held.length - start);
    for (let i = held.length - start; i < y.length; i++) held.push(y[i]!);
  }

  points(id: number): (number | null)[] {
    return this.y.get(id) ?? [];
  }
}

/** A socket subscribed to `envs` whose every message goes into a ledger (after the snapshots). */
export async function watch(srv: { wsUrl: string }, envs: string[], resume?: Ledger): Promise<{ sock: SocketClient; ledger: Ledger }> {
  const sock = await SocketClient.open(`${srv.wsUrl}/api/ws`);
  await sock.next('hello');
  const ledger = new Ledger();
  // A viewer moving from another server keeps what it holds and sends its cursors.
  for (const [id, y] of resume?.y ?? []) ledger.y.set(id, [...y]);
  const cursors = resume && Object.fromEntries([...resume.y].map(([id, y]) => [String(id), y.length]));
  sock.send({ type: 'subscribe', envs, cursors });
  for (const env of envs) ledger.take(await sock.next('snapshot', (m) => m.env === env));
  const push = sock.messages.push.bind(sock.messages);
  for (const m of sock.messages.splice(0)) ledger.take(m);
  sock.messages.push = (...ms: ServerMessage[]) => {
    for (const m of ms) ledger.take(m);
    return push(...ms);
  };
  return { sock, ledger };
}

export const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Waits until the ledger holds as many points of a trace as `want`, then checks they are `want`, each received once, no gap. */
export async function receivedExactly(ledger: Ledger, id: number, want: (number | null)[], timeout?: number): Promise<void> {
  await eventually(() => ledger.points(id).length, timeout).toBe(want.length);
  expect(ledger.points(id)).toEqual(want);
  expect({ duplicates: ledger.duplicates, gaps: ledger.gaps }).toEqual({ duplicates: 0, gaps: 0 });
}
