/**
 * The replay clock: maps real time to a moment of a recorded env. Pure (no DOM,
 * no timers): the caller calls `advance(realMs)` once per animation frame.
 * With `skipIdle`, stretches where nothing arrived are jumped over, so a run that
 * paused overnight replays without a night of nothing.
 */
import type { ActivityReply } from '../../protocol/index.js';

export const SPEEDS = [1, 2, 5, 10, 30, 100, 300, 1000] as const;

export class ReplayClock {
  /** The moment shown, ms since the epoch. */
  position: number;
  playing = false;
  speed = 10;
  skipIdle = true;

  constructor(private timeline: ActivityReply) {
    this.position = timeline.end ?? 0;
  }

  get start(): number {
    return this.timeline.start ?? 0;
  }

  get end(): number {
    return this.timeline.end ?? 0;
  }

  /** Replaces the timeline (a live env grows); the position stays. */
  setTimeline(timeline: ActivityReply): void {
    this.timeline = timeline;
  }

  seek(t: number): void {
    this.position = Math.min(this.end, Math.max(this.start, t));
  }

  play(): void {
    if (this.position >= this.end) this.position = this.start;
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  /** Moves the position on by `realMs` of wall time at the current speed; returns true if it moved. */
  advance(realMs: number): boolean {
    if (!this.playing) return false;
    const before = this.position;
    let next = this.position + realMs * this.speed;
    if (this.skipIdle) next = this.skipIdleFrom(this.position, next);
    this.position = Math.min(this.end, next);
    if (this.position >= this.end) this.playing = false;
    return this.position !== before;
  }

  /** If `next` lands in an idle slice, jumps to the start of the next slice with arrivals. */
  private skipIdleFrom(from: number, next: number): number {
    const { counts, width } = this.timeline;
    if (width <= 0 || counts.length === 0) return next;
    const slice = (t: number) => Math.floor((t - this.start) / width);
    let i = slice(next);
    if (i >= counts.length || counts[i]! > 0) return next;
    // Only skip forward from where we are, never backward.
    i = Math.max(i, slice(from));
    while (i < counts.length && counts[i] === 0) i++;
    return i >= counts.length ? this.end : Math.max(next, this.start + i * width);
  }
}
