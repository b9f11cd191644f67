/**
 * The live session: one socket, the envs it subscribes to, and the store it feeds.
 * Subscribing again (selection changed, reconnect, or a gap) sends the cursors of
 * every trace held, so the server sends only what is missing.
 */
import { MAX_SUBSCRIBE_BUCKETS, type ClientMessage } from '../protocol/index.js';
import { connect, type Connection } from './socket.js';
import type { ClientStore } from './store.js';

export class Session {
  private envs: string[] = [];
  private buckets = 1000;
  private readonly conn: Connection;

  constructor(
    url: string,
    private readonly store: ClientStore,
  ) {
    this.conn = connect(url, {
      onOpen: (send) => send(this.subscribeMessage()),
      onMessage: (msg) => {
        this.store.apply(msg);
        if (this.store.takeResubscribe()) this.conn.send(this.subscribeMessage());
      },
      onStatus: (status) => this.store.setConnection(status),
    });
  }

  /** Subscribes to these envs, with decimated views of `buckets` points (a pane's pixel width). */
  select(envs: readonly string[], buckets: number): void {
    // Used by the next subscribe; views already held are resumed from their cursors, not re-decimated.
    this.buckets = Math.max(50, Math.min(MAX_SUBSCRIBE_BUCKETS, Math.round(buckets)));
    if (envs.length === this.envs.length && envs.every((e, i) => e === this.envs[i])) return;
    this.envs = [...envs];
    this.store.retainEnvs(this.envs);
    this.conn.send(this.subscribeMessage());
  }

  /** Drops the socket; it reconnects and resumes (for tests and after a sleep). */
  drop(): void {
    this.conn.drop();
  }

  private subscribeMessage(): ClientMessage {
    return { type: 'subscribe', envs: this.envs, buckets: this.buckets, cursors: this.store.cursors(this.envs) };
  }
}
