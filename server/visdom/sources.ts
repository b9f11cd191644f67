/**
 * Trainer-side event sources: the Python client's `/vis_socket` WebSockets and its
 * `/vis_socket_wrap` polling sessions. Window closes (from any env, through the hub)
 * are forwarded to every source in Visdom's event shape, as Visdom does.
 */
import { randomUUID } from 'node:crypto';
import { VIS_ALIVE, type CloseMessage, type VisCloseEvent } from '../../protocol/index.js';
import { CLOSE_TOPIC, type Hub } from '../hub.js';

/** A polling session not queried for this long is dropped, with its queue. */
export const POLL_IDLE_MS = 60_000;
/** Undelivered events kept per polling session, in characters; the oldest are dropped past it. */
export const POLL_QUEUE_CHARS = 1024 * 1024;
/** Longest event forwarded (as /vis_socket's frame limit); longer echoes are dropped. */
export const MAX_EVENT_CHARS = 1024 * 1024;

export interface SourceOptions {
  /** The clock sessions age by (injectable for tests). */
  now?: () => number;
  idleMs?: number;
  queueChars?: number;
  /** In a cluster: trainers' echoes go to the trainers connected to other servers too. */
  relay?: { frame(f: string): void };
}

interface PollSession {
  queue: string[];
  /** Characters held in `queue`. */
  chars: number;
  lastSeen: number;
}

export class VisSources {
  private readonly sockets = new Set<(frame: string) => void>();
  private readonly polls = new Map<string, PollSession>();
  private readonly unsubscribe: () => void;
  private readonly now: () => number;
  private readonly idleMs: number;
  private readonly queueChars: number;
  private readonly relay: { frame(f: string): void } | undefined;
  /** Drops idle sessions even when no request comes to do it. */
  private readonly sweep: NodeJS.Timeout;

  constructor(hub: Hub, { now = Date.now, idleMs = POLL_IDLE_MS, queueChars = POLL_QUEUE_CHARS, relay }: SourceOptions = {}) {
    this.relay = relay;
    this.now = now;
    this.idleMs = idleMs;
    this.queueChars = queueChars;
    this.sweep = setInterval(() => this.expire(), idleMs / 2).unref();
    this.unsubscribe = hub.subscribe(CLOSE_TOPIC, (frame) => {
      const msg = JSON.parse(frame) as CloseMessage;
      const event: VisCloseEvent = { event_type: 'close', target: msg.win, eid: msg.env, pane_data: false };
      this.broadcast(JSON.stringify(event));
    });
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  /** Live polling sessions (expired ones are dropped first). */
  get pollCount(): number {
    this.expire();
    return this.polls.size;
  }

  /** Registers a socket's send function; returns the function that removes it. */
  addSocket(send: (frame: string) => void): () => void {
    this.sockets.add(send);
    send(JSON.stringify(VIS_ALIVE));
    return () => this.sockets.delete(send);
  }

  /** Starts a polling session; its first message is the alive handshake. */
  openPoll(): string {
    this.expire();
    const sid = randomUUID();
    const alive = JSON.stringify(VIS_ALIVE);
    this.polls.set(sid, { queue: [alive], chars: alive.length, lastSeen: this.now() });
    return sid;
  }

  /** Messages queued for a session, newest first (as Visdom pops its queue), or null if the session is unknown. */
  poll(sid: string): string[] | null {
    this.expire();
    const s = this.polls.get(sid);
    if (!s) return null;
    s.lastSeen = this.now();
    s.chars = 0;
    return s.queue.splice(0).reverse();
  }

  hasPoll(sid: string): boolean {
    this.expire();
    return this.polls.has(sid);
  }

  /** Characters queued for a session (0 when unknown). */
  queued(sid: string): number {
    return this.polls.get(sid)?.chars ?? 0;
  }

  /** A message from a trainer: `{"cmd":"echo"}`-style messages are sent back to every source, as Visdom does. */
  receive(message: unknown): void {
    const m = message as { cmd?: unknown } | null;
    if (!m || typeof m !== 'object' || m.cmd !== 'echo') return;
    const frame = JSON.stringify(m);
    if (frame.length > MAX_EVENT_CHARS) return;
    this.broadcast(frame);
    this.relay?.frame(frame);
  }

  broadcast(frame: string): void {
    for (const send of this.sockets) send(frame);
    this.expire();
    for (const s of this.polls.values()) {
      s.queue.push(frame);
      s.chars += frame.length;
      // The newest events are kept: a session that stopped polling holds at most queueChars.
      while (s.chars > this.queueChars && s.queue.length > 1) s.chars -= s.queue.shift()!.length;
    }
  }

  close(): void {
    clearInterval(this.sweep);
    this.unsubscribe();
    this.sockets.clear();
    this.polls.clear();
  }

  private expire(): void {
    const now = this.now();
    for (const [sid, s] of this.polls) if (now - s.lastSeen > this.idleMs) this.polls.delete(sid);
  }
}
