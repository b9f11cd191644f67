/**
 * End to end: a real server with --logdir on a temp dir, a trainer appending records to
 * event files while a real socket client watches; then a restart of the server.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from './browser.js';
import { get, SocketClient, startServer, tempDir } from './helpers.js';
import { scalarEvent, TbWriter } from './tb-writer.js';

const T0 = 1_700_000_000;

/** The points of `win` a socket client has been sent so far: the window message's data, then appends. */
function received(ws: SocketClient, win: string): { x: number[]; t: number[] } {
  const out = { x: [] as number[], t: [] as number[] };
  for (const m of ws.messages) {
    const w = m.type === 'window' ? m.window : m.type === 'snapshot' ? m.windows.find((x) => x.id === win) : undefined;
    if (w && w.id === win) {
      const data = (w as unknown as { data?: { x: number[]; t: number[] }[] }).data?.[0];
      if (data) {
        out.x = [...data.x];
        out.t = [...data.t];
      }
    } else if (m.type === 'append' && m.win === win) {
      out.x.push(...(m.traces[0]!.x as number[]));
      out.t.push(...m.traces[0]!.t);
    }
  }
  return out;
}

describe('--logdir, live', () => {
  for (const mode of ['fs events', 'polling only'] as const) {
    it(`delivers each record to a watching socket as it is written (${mode}), and a restart adds no duplicates`, async () => {
      const logdir = tempDir();
      const config = mode === 'fs events' ? { logdir, logdirPollMs: 60_000 } : { logdir, logdirPollMs: 100, logdirWatch: false };
      const srv = await startServer(config);
      const ws = await SocketClient.open(`${srv.wsUrl}/api/ws`);
      ws.send({ type: 'subscribe', envs: ['exp/run1'] });
      // The run directory appears after the server started.
      const w = new TbWriter(join(logdir, 'exp', 'run1', 'events.out.tfevents.1700000000.host.1.0'));
      const steps = Array.from({ length: 12 }, (_, i) => i * 10);
      for (const [i, s] of steps.entries()) {
        w.write(scalarEvent('train/loss', s, 1 / (s + 1), T0 + s / 100));
        // The next record is written once this one has arrived: each is tailed on its own.
        await eventually(() => received(ws, 'train/loss').x.length, 5000).toBe(i + 1);
      }
      const live = received(ws, 'train/loss');
      expect(live.x).toEqual(steps);
      expect(live.t).toEqual(steps.map((s) => Math.round((T0 + s / 100) * 1000)));

      const again = await srv.restart();
      w.write(scalarEvent('train/loss', 120, 0.5, T0 + 2));
      const ws2 = await SocketClient.open(`${again.wsUrl}/api/ws`);
      ws2.send({ type: 'subscribe', envs: ['exp/run1'] });
      await eventually(() => received(ws2, 'train/loss').x, 5000).toEqual([...steps, 120]);
      const data = await get(`${again.url}/api/env/${encodeURIComponent('exp/run1')}/win/${encodeURIComponent('train/loss')}/data`);
      expect(data.body.traces[0].x).toEqual([...steps, 120]);
      const envs = await get(`${again.url}/api/envs`);
      expect(envs.body.envs.map((e: { id: string }) => e.id)).toEqual(['exp/run1']);
    });
  }
});
