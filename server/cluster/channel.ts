/**
 * The receiving end of the hint channel: one dedicated LISTEN connection, checked by
 * a heartbeat. When it breaks (network, Postgres restart, pg_terminate_backend) it is
 * opened again with backoff, and every (re)LISTEN is followed by `onListening`, where
 * the caller catches up on whatever was committed while no hint could arrive.
 */
import { listen, type ListenConnection } from '../store/pg-channel.js';

export interface ChannelOptions {
  url: string;
  channel: string;
  onHint(payload: string): void;
  /** After every LISTEN (the first one included): catch up. Errors are reported through onState. */
  onListening(): Promise<void>;
  /** Connection state changes, for logs. */
  onState?(up: boolean, err?: Error): void;
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  minRetryMs?: number;
  maxRetryMs?: number;
}

export class HintChannel {
  private conn: ListenConnection | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stopped = false;
  /** Completed LISTENs (1 after the first; each reconnect adds one). */
  listens = 0;

  constructor(private readonly o: ChannelOptions) {}

  get connected(): boolean {
    return this.conn !== null;
  }

  /** Postgres pid of the LISTEN connection, or null while it is down. */
  get pid(): number | null {
    return this.conn?.pid ?? null;
  }

  /** Opens the first connection; throws if it cannot (the caller decides whether to start without it). */
  async start(): Promise<void> {
    await this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.retry) clearTimeout(this.retry);
    this.heartbeat = this.retry = null;
    const conn = this.conn;
    this.conn = null;
    await conn?.close();
  }

  private async open(): Promise<void> {
    // The connection can break while it is still being opened (its 'end' comes before
    // listen() settles): that is listen()'s failure to report, not a loss of a live one.
    let conn: ListenConnection | undefined;
    conn = await listen(this.o.url, this.o.channel, this.o.onHint, (err) => {
      if (conn) this.lost(conn, err);
    });
    if (this.stopped) {
      await conn.close();
      return;
    }
    this.conn = conn;
    this.attempt = 0;
    this.listens++;
    this.o.onState?.(true);
    const every = this.o.heartbeatMs ?? 5000;
    this.heartbeat = setInterval(() => {
      conn.heartbeat(this.o.heartbeatTimeoutMs ?? every).catch((err: Error) => this.lost(conn, err));
    }, every);
    this.heartbeat.unref();
    try {
      await this.o.onListening();
    } catch (e) {
      this.o.onState?.(true, e as Error);
    }
  }

  private lost(conn: ListenConnection, err: Error): void {
    if (this.conn !== conn) return;
    this.conn = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    void conn.close();
    this.o.onState?.(false, err);
    this.reconnect();
  }

  private reconnect(): void {
    if (this.stopped || this.retry) return;
    const min = this.o.minRetryMs ?? 100;
    const delay = Math.min(this.o.maxRetryMs ?? 5000, min * 2 ** this.attempt++);
    this.retry = setTimeout(() => {
      this.retry = null;
      this.open().catch((err: Error) => {
        this.o.onState?.(false, err);
        this.reconnect();
      });
    }, delay);
    this.retry.unref();
  }
}
