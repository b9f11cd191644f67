/**
 * Collects what this server committed and tells the other servers in batched hints:
 * at most one hint in flight, and the next no sooner than `intervalMs` after the
 * previous one, so a burst of appends becomes one NOTIFY every ~2 ms naming each trace
 * once with its newest count. Each hint's JSON stays under MAX_HINT_BYTES; more is
 * split over several. Hints are sent after the commit, never inside a write's
 * transaction (a NOTIFY there would hold Postgres's global notify lock until commit).
 */
import { MAX_HINT_BYTES, type Hint, type VisEventHint } from '../../protocol/cluster.js';

export type SendHint = (payload: string) => Promise<void>;

export interface BatcherOptions {
  intervalMs?: number;
  /** After a failed send, the next try waits this long (what failed is kept and merged). */
  retryMs?: number;
  onError?: (err: Error) => void;
}

/** Events and frames kept while hints cannot be sent; older ones are dropped past it. */
const MAX_HELD_EVENTS = 1000;
type Field = Exclude<keyof Hint, 's'>;
const FIELDS: Field[] = ['d', 'c', 'w', 'e', 't', 'v', 'f'];

export class HintBatcher {
  private traces = new Map<number, number>();
  private windows = new Map<string, [string, string, 0 | 1]>();
  private closes: [string, string][] = [];
  private envs = new Set<string>();
  private deleted = new Set<string>();
  private events: VisEventHint[] = [];
  private frames: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sending = false;
  private lastSend = -Infinity;
  private closed = false;
  private readonly intervalMs: number;
  private readonly retryMs: number;
  private readonly onError: (err: Error) => void;
  /** Hints sent, and entries dropped because one alone exceeds a hint. */
  readonly stats = { hints: 0, oversize: 0, failures: 0 };

  constructor(
    private readonly server: string,
    private readonly send: SendHint,
    { intervalMs = 2, retryMs = 250, onError = () => {} }: BatcherOptions = {},
  ) {
    this.intervalMs = intervalMs;
    this.retryMs = retryMs;
    this.onError = onError;
  }

  trace(id: number, n: number): void {
    if ((this.traces.get(id) ?? -1) < n) this.traces.set(id, n);
    this.schedule();
  }

  window(env: string, win: string, data: boolean): void {
    const key = JSON.stringify([env, win]);
    const had = this.windows.get(key);
    this.windows.set(key, [env, win, data || had?.[2] === 1 ? 1 : 0]);
    this.schedule();
  }

  windowClosed(env: string, win: string): void {
    this.closes.push([env, win]);
    this.schedule();
  }

  env(env: string): void {
    this.envs.add(env);
    this.schedule();
  }

  envDeleted(env: string): void {
    this.deleted.add(env);
    this.schedule();
  }

  visEvent(e: VisEventHint): void {
    this.events.push(e);
    if (this.events.length > MAX_HELD_EVENTS) this.events.shift();
    this.schedule();
  }

  frame(f: string): void {
    this.frames.push(f);
    if (this.frames.length > MAX_HELD_EVENTS) this.frames.shift();
    this.schedule();
  }

  get idle(): boolean {
    return !this.sending && !this.timer && this.empty();
  }

  stop(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private empty(): boolean {
    return this.traces.size + this.windows.size + this.closes.length + this.envs.size + this.deleted.size + this.events.length + this.frames.length === 0;
  }

  private schedule(delay?: number): void {
    if (this.closed || this.sending || this.timer || this.empty()) return;
    const wait = delay ?? Math.max(0, this.lastSend + this.intervalMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, wait);
  }

  private async flush(): Promise<void> {
    const entries = this.take();
    if (entries.length === 0) return;
    this.sending = true;
    let failed = false;
    try {
      for (const payload of pack(this.server, entries, () => this.stats.oversize++)) {
        this.lastSend = performance.now();
        await this.send(payload);
        this.stats.hints++;
      }
    } catch (e) {
      failed = true;
      this.stats.failures++;
      this.onError(e as Error);
      // What is newer wins: only put back what was not replaced meanwhile.
      this.restore(entries);
    } finally {
      this.sending = false;
    }
    this.schedule(failed ? this.retryMs : undefined);
  }

  /** Empties the batch into [field, entry] pairs, in the order receivers should apply them. */
  private take(): [Field, unknown][] {
    const out: [Field, unknown][] = [];
    for (const env of this.deleted) out.push(['d', env]);
    for (const c of this.closes) out.push(['c', c]);
    for (const w of this.windows.values()) out.push(['w', w]);
    for (const env of this.envs) out.push(['e', env]);
    for (const t of this.traces) out.push(['t', t]);
    for (const v of this.events) out.push(['v', v]);
    for (const f of this.frames) out.push(['f', f]);
    this.traces = new Map();
    this.windows = new Map();
    this.closes = [];
    this.envs = new Set();
    this.deleted = new Set();
    this.events = [];
    this.frames = [];
    return out;
  }

  private restore(entries: [Field, unknown][]): void {
    for (const [field, v] of entries) {
      if (field === 't') {
        const [id, n] = v as [number, number];
        if ((this.traces.get(id) ?? -1) < n) this.traces.set(id, n);
      } else if (field === 'w') {
        const [env, win, data] = v as [string, string, 0 | 1];
        const key = JSON.stringify([env, win]);
        if (!this.windows.has(key)) this.windows.set(key, [env, win, data]);
      } else if (field === 'c') this.closes.unshift(v as [string, string]);
      else if (field === 'e') this.envs.add(v as string);
      else if (field === 'd') this.deleted.add(v as string);
      else if (field === 'v' && this.events.length < MAX_HELD_EVENTS) this.events.unshift(v as VisEventHint);
      else if (field === 'f' && this.frames.length < MAX_HELD_EVENTS) this.frames.unshift(v as string);
    }
  }
}

/** Packs entries into hint payloads of at most MAX_HINT_BYTES; an entry that alone exceeds one is dropped. */
export function pack(server: string, entries: [Field, unknown][], oversize: () => void = () => {}): string[] {
  const head = Buffer.byteLength(JSON.stringify({ s: server }));
  // Each field present costs `,"x":[]`.
  const budget = MAX_HINT_BYTES - head - FIELDS.length * 7;
  const out: string[] = [];
  let hint: Hint = { s: server };
  let used = 0;
  for (const [field, v] of entries) {
    const json = JSON.stringify(v);
    const size = Buffer.byteLength(json) + 1;
    if (size > budget) {
      oversize();
      continue;
    }
    if (used + size > budget) {
      out.push(JSON.stringify(hint));
      hint = { s: server };
      used = 0;
    }
    ((hint[field] ??= [] as never) as unknown[]).push(v);
    used += size;
  }
  if (used > 0) out.push(JSON.stringify(hint));
  return out;
}
