import { describe, expect, it } from 'vitest';
import { ReplayClock } from '../client/replay/clock.js';

const timeline = { env: 'e', start: 0, end: 10_000, width: 1000, counts: [5, 5, 0, 0, 0, 0, 0, 0, 3, 3] };

describe('ReplayClock', () => {
  it('starts at the end (live), and play restarts from the beginning', () => {
    const c = new ReplayClock(timeline);
    expect(c.position).toBe(10_000);
    c.play();
    expect(c.position).toBe(0);
  });

  it('advances by real time times speed and stops at the end', () => {
    const c = new ReplayClock(timeline);
    c.skipIdle = false;
    c.seek(0);
    c.speed = 10;
    c.play();
    expect(c.advance(100)).toBe(true);
    expect(c.position).toBe(1000);
    c.advance(100_000);
    expect(c.position).toBe(10_000);
    expect(c.playing).toBe(false);
  });

  it('skips idle stretches when asked', () => {
    const c = new ReplayClock(timeline);
    c.seek(1500);
    c.speed = 1;
    c.play();
    c.advance(1000); // lands at 2500, an idle slice: jump to 8000
    expect(c.position).toBe(8000);
    c.skipIdle = false;
    c.seek(1500);
    c.advance(1000);
    expect(c.position).toBe(2500);
  });

  it('does not move while paused, and seek clamps to the recording', () => {
    const c = new ReplayClock(timeline);
    expect(c.advance(1000)).toBe(false);
    c.seek(-5);
    expect(c.position).toBe(0);
    c.seek(1e12);
    expect(c.position).toBe(10_000);
  });
});
