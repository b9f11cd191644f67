import { describe, expect, it } from 'vitest';
import type { AppendMessage } from '../protocol/index.js';
import { Hub } from '../server/hub.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function append(start: number, ys: number[]): AppendMessage {
  const x = ys.map((_, i) => start + i);
  return { type: 'append', env: 'e', win: 'w', traces: [{ id: 1, name: 'a', start, x, y: ys, t: ys.map(() => 0) }] };
}

describe('hub', () => {
  it('sends a lone message on the next turn of the event loop, without waiting out the coalescing window', async () => {
    const hub = new Hub(60_000);
    const frames: string[] = [];
    hub.subscribe('e', (f) => frames.push(f));
    hub.publish('e', append(0, [1]));
    expect(frames).toEqual([]);
    await nextTurn();
    expect(frames.map((f) => JSON.parse(f))).toEqual([append(0, [1])]);
    hub.close();
  });

  it('merges appends published in the same turn into one frame', async () => {
    const hub = new Hub(60_000);
    const frames: string[] = [];
    hub.subscribe('e', (f) => frames.push(f));
    hub.publish('e', append(0, [1]));
    hub.publish('e', append(1, [2, 3]));
    await nextTurn();
    expect(frames.map((f) => JSON.parse(f))).toEqual([append(0, [1, 2, 3])]);
    hub.close();
  });

  it('holds what follows a send for the coalescing window, then sends it as one batch', async () => {
    const hub = new Hub(60_000);
    const frames: string[] = [];
    hub.subscribe('e', (f) => frames.push(f));
    hub.publish('e', append(0, [1]));
    await nextTurn();
    hub.publish('e', append(1, [2]));
    await nextTurn();
    hub.publish('e', append(2, [3]));
    await nextTurn();
    expect(frames).toHaveLength(1);
    hub.flush();
    expect(frames.map((f) => JSON.parse(f))).toEqual([append(0, [1]), append(1, [2, 3])]);
    hub.close();
  });

  it('serializes each frame once for every subscriber of the topic, and none of another', async () => {
    const hub = new Hub(0);
    const got: string[][] = [[], [], []];
    hub.subscribe('e', (f) => got[0]!.push(f));
    hub.subscribe('e', (f) => got[1]!.push(f));
    hub.subscribe('other', (f) => got[2]!.push(f));
    hub.publish('e', append(0, [1]));
    await nextTurn();
    expect(got[0]).toHaveLength(1);
    expect(got[1]![0]).toBe(got[0]![0]);
    expect(got[2]).toEqual([]);
    hub.close();
  });
});
