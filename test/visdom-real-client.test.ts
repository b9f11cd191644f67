/**
 * Request bodies captured from the stock visdom Python client (0.2.4) while it ran
 * against runboard, for the cases where runboard answered differently from Visdom.
 */
import { describe, expect, it } from 'vitest';
import { get, startServer } from './helpers.js';
import { sendFixture, winData } from './visdom-helpers.js';

describe('bodies from the stock visdom client', () => {
  it('keeps null x as a gap, so stem (and quiver) segments stay apart', async () => {
    const srv = await startServer();
    // vis.stem(X=np.array([0.5, 0.25]), win='stem'): one trace, segments split by NaN x and y.
    expect(await sendFixture(srv.url, 'events', 'stem_create')).toBe('stem');
    const trace = (await winData(srv.url, 'stem')).content.data[0];
    expect(trace.y).toEqual([0, 0.5, null, 0, 0.25, null]);
    expect(trace.x).toHaveLength(6);
    expect(trace.x.filter((_: unknown, i: number) => trace.y[i] !== null)).toEqual([1, 1, 2, 2]);
    const native = (await get<{ traces: { y: (number | null)[] }[] }>(`${srv.url}/api/env/main/win/stem/data`)).body;
    expect(native.traces[0]!.y).toEqual([0, 0.5, null, 0, 0.25, null]);
  });
});
