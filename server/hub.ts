/**
 * A tiny pub/sub for socket frames. Topics are env ids plus ENVS_TOPIC for the env
 * list. Published messages are queued and sent together: on the next turn of the
 * event loop after a quiet spell (so a lone append is not held back), otherwise
 * `coalesceMs` after the previous send, so a burst becomes at most one batch of
 * frames every `coalesceMs`. Queued appends to the same window are merged into one,
 * and each frame is serialized once and handed to every subscriber of the topic. It
 * knows nothing of HTTP, SQL or sockets.
 */
import type { AppendMessage, ServerMessage } from '../protocol/index.js';

/** Topic of messages about the env list as a whole. */
export const ENVS_TOPIC = '\u0000envs';
/** Topic of every `close` message, whatever its env (the Visdom /vis_socket forwards them to trainers). */
export const CLOSE_TOPIC = '\u0000close';

/** Gets each frame, and the message it serializes (shared between subscribers: read it, never change it). */
export type Send = (frame: string, msg: ServerMessage) => void;

export class Hub {
  private readonly subscribers = new Map<string, Set<Send>>();
  private readonly pending = new Map<string, ServerMessage[]>();
  /** Cancels the scheduled send, if one is scheduled. */
  private cancelScheduled: (() => void) | null = null;
  private lastSend = -Infinity;

  constructor(private readonly coalesceMs = 2) {}

  subscribe(topic: string, send: Send): () => void {
    let set = this.subscribers.get(topic);
    if (!set) this.subscribers.set(topic, (set = new Set()));
    set.add(send);
    return () => {
      set.delete(send);
      if (set.size === 0 && this.subscribers.get(topic) === set) this.subscribers.delete(topic);
    };
  }

  /** Topics with at least one subscriber. */
  topics(): string[] {
    return [...this.subscribers.keys()];
  }

  subscriberCount(topic: string): number {
    return this.subscribers.get(topic)?.size ?? 0;
  }

  publish(topic: string, msg: ServerMessage): void {
    if (!this.subscribers.has(topic)) return;
    let queue = this.pending.get(topic);
    if (!queue) this.pending.set(topic, (queue = []));
    const last = queue[queue.length - 1];
    if (!(msg.type === 'append' && last?.type === 'append' && mergeAppend(last, msg))) queue.push(msg);
    if (!this.cancelScheduled) this.schedule();
  }

  private schedule(): void {
    const send = () => {
      this.cancelScheduled = null;
      this.lastSend = performance.now();
      this.flush();
    };
    const wait = this.lastSend + this.coalesceMs - performance.now();
    if (wait <= 0) {
      // Still after this turn's I/O callbacks: writes that arrived together go out together.
      const immediate = setImmediate(send);
      this.cancelScheduled = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(send, wait);
      this.cancelScheduled = () => clearTimeout(timer);
    }
  }

  /** Sends everything queued (for one topic, or all) now. */
  flush(topic?: string): void {
    const topics = topic === undefined ? [...this.pending.keys()] : [topic];
    for (const t of topics) {
      const queue = this.pending.get(t);
      if (!queue) continue;
      this.pending.delete(t);
      const subs = this.subscribers.get(t);
      if (!subs) continue;
      for (const msg of queue) {
        const frame = JSON.stringify(msg);
        for (const send of [...subs]) send(frame, msg);
      }
    }
    if (this.pending.size === 0 && this.cancelScheduled) {
      this.cancelScheduled();
      this.cancelScheduled = null;
    }
  }

  close(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
    this.pending.clear();
    this.subscribers.clear();
  }
}

/** Merges `next` into `into` when both append to the same window and every trace continues where it left off. */
function mergeAppend(into: AppendMessage, next: AppendMessage): boolean {
  if (into.env !== next.env || into.win !== next.win) return false;
  for (const tr of next.traces) {
    const cur = into.traces.find((c) => c.id === tr.id);
    if (cur && cur.start + cur.x.length !== tr.start) return false;
  }
  for (const tr of next.traces) {
    const cur = into.traces.find((c) => c.id === tr.id);
    if (!cur) {
      into.traces.push({ ...tr, x: [...tr.x], y: [...tr.y], t: [...tr.t] });
      continue;
    }
    for (let i = 0; i < tr.x.length; i++) {
      cur.x.push(tr.x[i]!);
      cur.y.push(tr.y[i]!);
      cur.t.push(tr.t[i]!);
    }
  }
  return true;
}
