/**
 * Traces drawn as paths (Visdom's quiver: x goes back, segments split by null x) are
 * sent whole instead of min/max decimated over x, which would scramble them.
 */
import { describe, expect, it } from 'vitest';
import { get, post, startServer } from './helpers.js';

/** n arrows on a grid as vis.quiver sends them: shaft, null, head (3 points), null. */
function quiver(n: number): { x: (number | null)[]; y: (number | null)[] } {
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const x0 = i % 10;
    const y0 = Math.floor(i / 10);
    x.push(x0, x0 + 0.5, null, x0 + 0.4, x0 + 0.5, x0 + 0.4, null);
    y.push(y0, y0 + 0.3, null, y0 + 0.35, y0 + 0.3, y0 + 0.2, null);
  }
  return { x, y };
}

describe('path traces', () => {
  it('sends a quiver of 200 arrows whole when the view asks for 100 buckets', async () => {
    const srv = await startServer();
    const { x, y } = quiver(200);
    await post(`${srv.url}/events`, JSON.stringify({ data: [{ x, y, type: 'scatter', mode: 'lines', name: '1' }], win: 'q', eid: 'main', layout: {}, opts: {} }));
    const view = (await get<{ traces: { x: (number | null)[]; y: (number | null)[]; decimated: boolean }[] }>(`${srv.url}/api/env/main/win/q/data?buckets=100`)).body;
    expect(view.traces[0]!.decimated).toBe(false);
    expect(view.traces[0]!.x).toEqual(x);
    expect(view.traces[0]!.y).toEqual(y);
  });

  it('still decimates a long trace whose x only grows', async () => {
    const srv = await startServer();
    const X = Array.from({ length: 5000 }, (_, i) => i);
    await post(`${srv.url}/api/env/main/line`, { win: 'l', X, Y: X.map((i) => Math.sin(i)) });
    const view = (await get<{ traces: { x: number[]; decimated: boolean }[] }>(`${srv.url}/api/env/main/win/l/data?buckets=100`)).body;
    expect(view.traces[0]!.decimated).toBe(true);
    expect(view.traces[0]!.x.length).toBeLessThanOrEqual(400);
  });
});
