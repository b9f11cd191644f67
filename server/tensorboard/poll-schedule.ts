/**
 * When each polled path (an event file, a directory) is checked next, counted in polls.
 * A path is checked every `base` polls while it changes or was modified lately; once its
 * mtime is older than IDLE_MS its interval doubles at each quiet check, up to `cap`
 * polls, so 1,000 long-idle runs cost a fraction of the stats (each a system call) that
 * 1,000 busy ones do. A change seen (by a check, or a read) puts it back to `base` at
 * once. `cap` bounds how late the first record of a run that wakes up can be seen.
 */

/** A path whose mtime is older than this is long-idle: its checks back off. */
export const IDLE_MS = 60_000;

interface Entry {
  /** The poll at which it is due. */
  next: number;
  /** Polls between checks now. */
  every: number;
}

export interface Backoff {
  /** Polls between checks of a path that changes. */
  base: number;
  /** Most polls between checks (the worst-case delay, in polls). */
  cap: number;
}

export class PollSchedule {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly b: Backoff) {}

  /** Whether `key` is checked at poll `n` (a path not seen yet is). */
  due(key: string, n: number): boolean {
    const e = this.entries.get(key);
    return !e || e.next <= n;
  }

  /**
   * Records a check of `key` at poll `n`: whether it had changed, and its mtime (ms) then,
   * at wall time `now`.
   */
  checked(key: string, n: number, changed: boolean, mtimeMs: number, now: number): void {
    const e = this.entries.get(key);
    if (!e) this.entries.set(key, { next: n + this.b.base, every: this.b.base });
    else {
      e.every = changed || now - mtimeMs < IDLE_MS ? this.b.base : Math.min(this.b.cap, e.every * 2);
      e.next = n + e.every;
    }
  }

  /** A change seen some other way (a read found records): checked every `base` polls again. */
  active(key: string, n: number): void {
    const e = this.entries.get(key);
    if (e) {
      e.every = this.b.base;
      e.next = Math.min(e.next, n + this.b.base);
    }
  }

  /** Polls between checks of `key` now (tests, the benchmark). */
  interval(key: string): number {
    return this.entries.get(key)?.every ?? this.b.base;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
