/**
 * Trainer-side event sources: the Python client's `/vis_socket` WebSockets and its
 * `/vis_socket_wrap` polling sessions. Window closes (from any env, through the hub)
 * are forwarded to every source in Visdom's event shape, as Visdom does.
 */
import { randomUUID } from 'node:crypto';
import { VIS_ALIVE, type CloseMessage, type VisCloseEvent } from '../../protocol/index.js';
import { CLOSE_TOPIC, type Hub } from '../hub.js';

/** A polling session not queried for this long is dropped. */
const POLL_IDLE_MS = 60_000;
/** Undelivered events kept per polling session; older ones are dropped. */
const POLL_QUEUE_MAX = 1000;

interface PollSession {
  queue: string[];
  lastSeen: number;
}

export class VisSources {
  private readonly sockets = new Set<(frame: string) => void>();
  private readonly polls = new Map<string, PollSession>();
  private readonly unsubscribe: () => void;

  constructor(hub: Hub) {
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
    this.polls.set(sid, { queue: [JSON.stringify(VIS_ALIVE)], lastSeen: Date.now() });
    return sid;
  }

  /** Messages queued for a session, newest first (as Visdom pops its queue), or null if the session is unknown. */
  poll(sid: string): string[] | null {
    const s = this.polls.get(sid);
    if (!s) return null;
    s.lastSeen = Date.now();
    return s.queue.splice(0).reverse();
  }

  hasPoll(sid: string): boolean {
    return this.polls.has(sid);
  }

  /** A message from a trainer: `{"cmd":"echo"}`-style messages are sent back to every source, as Visdom does. */
  receive(message: unknown): void {
    const m = message as { cmd?: unknown } | null;
    if (m && typeof m === 'object' && m.cmd === 'echo') this.broadcast(JSON.stringify(m));
  }

  broadcast(frame: string): void {
    for (const send of this.sockets) send(frame);
    for (const s of this.polls.values()) {
      s.queue.push(frame);
      if (s.queue.length > POLL_QUEUE_MAX) s.queue.shift();
    }
  }

  close(): void {
    this.unsubscribe();
    this.sockets.clear();
    this.polls.clear();
  }

  private expire(): void {
    const now = Date.now();
    for (const [sid, s] of this.polls) if (now - s.lastSeen > POLL_IDLE_MS) this.polls.delete(sid);
  }
}
