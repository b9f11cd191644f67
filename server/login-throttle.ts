/**
 * Slows down password guessing: after a few failed logins from one client address,
 * each further attempt must wait, twice as long after every failure (capped). A
 * success clears the address; an address quiet for a while starts over.
 */

/** Failures allowed before any wait (a mistyped password or two costs nothing). */
const FREE_FAILURES = 3;
const FIRST_WAIT_MS = 1000;
const MAX_WAIT_MS = 15 * 60_000;
/** An address without failures for this long is forgotten. */
const FORGET_AFTER_MS = 60 * 60_000;
/** Addresses tracked at once; the oldest are forgotten first, so a flood of addresses cannot grow memory. */
const MAX_TRACKED = 10_000;

interface Failures {
  count: number;
  last: number;
  /** No attempt is checked before this time. */
  until: number;
}

export class LoginThrottle {
  private readonly byClient = new Map<string, Failures>();

  constructor(private readonly now: () => number) {}

  /** Milliseconds this client must still wait before its next attempt (0: go ahead). */
  wait(client: string): number {
    const f = this.current(client);
    return f ? Math.max(0, f.until - this.now()) : 0;
  }

  failed(client: string): void {
    const now = this.now();
    const f = this.current(client) ?? { count: 0, last: now, until: 0 };
    f.count++;
    f.last = now;
    const over = f.count - FREE_FAILURES;
    f.until = over > 0 ? now + Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (over - 1)) : 0;
    // Re-insert so the map stays ordered by last failure, oldest first.
    this.byClient.delete(client);
    this.byClient.set(client, f);
    for (const key of this.byClient.keys()) {
      if (this.byClient.size <= MAX_TRACKED) break;
      this.byClient.delete(key);
    }
  }

  succeeded(client: string): void {
    this.byClient.delete(client);
  }

  private current(client: string): Failures | undefined {
    const f = this.byClient.get(client);
    if (f && this.now() - f.last > FORGET_AFTER_MS && this.now() >= f.until) {
      this.byClient.delete(client);
      return undefined;
    }
    return f;
  }
}
