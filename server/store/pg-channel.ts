/**
 * The SQL of the hint channel between servers (server/cluster/): LISTEN on one
 * dedicated, unpooled connection, a heartbeat on it, and pg_notify from the pool.
 * Nothing here knows what a hint means.
 */
import pg from 'pg';

export interface ListenConnection {
  /** Resolves when the server answered; rejects when the connection is gone or does not answer in `timeoutMs`. */
  heartbeat(timeoutMs: number): Promise<void>;
  /** Postgres's pid of this backend (what pg_terminate_backend takes). */
  readonly pid: number;
  close(): Promise<void>;
}

/**
 * Opens a connection of its own (never one from a pool: a pooled client would be
 * handed back and its LISTEN lost), LISTENs on `channel`, and calls `onPayload` for
 * every notification. `onLost` is called once, when the connection breaks.
 */
export async function listen(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onLost: (err: Error) => void,
): Promise<ListenConnection> {
  const client = new pg.Client({ connectionString: url, keepAlive: true, application_name: 'runboard-listen' });
  let lost = false;
  const lose = (err: Error) => {
    if (lost) return;
    lost = true;
    onLost(err);
  };
  client.on('error', lose);
  client.on('end', () => lose(new Error('the LISTEN connection closed')));
  client.on('notification', (n) => {
    if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
  } catch (e) {
    lost = true;
    await client.end().catch(() => {});
    throw e;
  }
  const pid = (client as unknown as { processID: number }).processID;
  return {
    pid,
    async heartbeat(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the LISTEN connection did not answer a heartbeat within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([client.query('SELECT 1'), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      lost = true;
      await client.end().catch(() => {});
    },
  };
}

/** Sends one notification through a pooled connection, outside any transaction. */
export async function notify(pool: pg.Pool, channel: string, payload: string): Promise<void> {
  await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
}

/**
 * Ends LISTEN connections as an operator (or a fault drill) would: the one with
 * this backend pid, or else every runboard LISTEN connection to the pool's database.
 */
export async function terminateListeners(pool: pg.Pool, pid?: number): Promise<number> {
  const r = await pool.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'runboard-listen' AND datname = current_database() AND ($1::int IS NULL OR pid = $1)`,
    [pid ?? null],
  );
  return r.rowCount ?? 0;
}
