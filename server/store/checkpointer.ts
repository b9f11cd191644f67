/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the
 * commit that crosses wal_autocheckpoint pages: that request copies pages into the
 * main file and fsyncs it, on the event loop, and every request behind it waits (the
 * one-point append's p99 was this stall). So, as better-sqlite3's docs advise, the
 * writing connection gets `wal_autocheckpoint = 0`, and a worker thread with its own
 * connection checkpoints: PASSIVE every `intervalMs` (never waits for, nor blocks, the
 * writer; while the WAL file is unchanged since one that moved all of it, ticks do nothing and
 * back off to IDLE_MAX_MS apart), RESTART when the WAL file grew past `walLimit` bytes (a reader kept the
 * PASSIVE ones from finishing), which makes the next writer start the WAL over.
 *
 * Durability is unchanged: a transaction is durable once its commit returns (its frames
 * are in the WAL, synced as `synchronous` says); checkpoints only move committed pages
 * into the main file, and SQLite makes them safe to interrupt at any moment.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db.js';

export interface CheckpointOptions {
  /** How often the worker runs a PASSIVE checkpoint. */
  intervalMs?: number;
  /** WAL size (bytes) past which the worker runs a RESTART checkpoint. */
  walLimit?: number;
}

export const DEFAULT_CHECKPOINT_MS = 200;
export const DEFAULT_WAL_LIMIT = 64 * 1024 * 1024;
/** While the WAL stays unchanged, ticks back off to at most this far apart: a write after a quiet spell is checkpointed within it. */
export const IDLE_MAX_MS = 2000;
/** The automatic checkpoint SQLite uses by default, restored if the worker dies. */
const SQLITE_AUTOCHECKPOINT = 1000;

/** What the worker did, for tests and logs. */
export interface CheckpointStats {
  passive: number;
  restart: number;
  /** Ticks that found the WAL unchanged since a complete checkpoint, and did nothing. */
  idle: number;
  /** The last error the worker met (a checkpoint that failed is retried on the next tick). */
  lastError: string | null;
}

/**
 * The worker, as CommonJS evaluated in a worker thread (so it runs the same under tsx,
 * vitest and plain node). It reports each checkpoint to the parent.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.sqlite);
const db = new Database(workerData.path);
// A RESTART holds the write lock while it waits for readers: give up soon, retry next tick.
db.pragma('busy_timeout = 50');
const wal = workerData.path + '-wal';
// The WAL as it was after the last checkpoint that moved all of it: unchanged since, there is nothing to do.
let done = null;
// Ticks back off while the WAL stays unchanged (each wake costs CPU even when it does nothing),
// up to idleMaxMs; a change brings them back to every intervalMs.
const IDLE_MAX_MS = Math.max(workerData.intervalMs, workerData.idleMaxMs);
let delay = workerData.intervalMs;
/** Returns whether the WAL was found unchanged. */
function tick() {
  let st;
  try { st = statSync(wal); } catch { return true; }
  if (st.size === 0) return true;
  const seen = st.size + ':' + st.mtimeMs;
  // Counted in shared memory: a message would wake the main thread for nothing.
  if (seen === done) return Atomics.add(workerData.idle, 0, 1), true;
  const mode = st.size > workerData.walLimit ? 'RESTART' : 'PASSIVE';
  try {
    const [r] = db.pragma('wal_checkpoint(' + mode + ')');
    done = r.busy === 0 && r.checkpointed === r.log ? seen : null;
    parentPort.postMessage({ mode, busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message || e) });
  }
  return false;
}
let timer;
function schedule() {
  timer = setTimeout(() => {
    delay = tick() ? Math.min(delay * 2, IDLE_MAX_MS) : workerData.intervalMs;
    schedule();
  }, delay);
}
schedule();
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

export class Checkpointer {
  private readonly counts = { passive: 0, restart: 0, lastError: null as string | null };
  /** Idle ticks, counted by the worker. */
  private readonly idleTicks = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private stopping = false;

  /** Turns off the automatic checkpoint of `db` (a file database) and starts the worker. */
  constructor(private readonly db: Db, { intervalMs = DEFAULT_CHECKPOINT_MS, walLimit = DEFAULT_WAL_LIMIT }: CheckpointOptions = {}) {
    db.pragma('wal_autocheckpoint = 0');
    // When a RESTART lets the WAL start over, cut its file back to the limit.
    db.pragma(`journal_size_limit = ${walLimit}`);
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: db.name, sqlite, intervalMs, walLimit, idleMaxMs: IDLE_MAX_MS, idle: this.idleTicks } });
    this.worker.unref();
    this.worker.on('message', (m: { mode?: string; error?: string }) => {
      if (m.error) this.counts.lastError = m.error;
      else if (m.mode === 'RESTART') this.counts.restart++;
      else this.counts.passive++;
    });
    this.worker.on('error', (e) => (this.counts.lastError = e.message));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        // A worker that died unasked leaves the WAL to grow: fall back to SQLite's own checkpoints.
        if (!this.stopping && this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT}`);
        resolve();
      }),
    );
  }

  get stats(): CheckpointStats {
    return { ...this.counts, idle: Atomics.load(this.idleTicks, 0) };
  }

  /** Stops the worker (its connection closes; the caller's closeDb does the final checkpoint). */
  async stop(): Promise<void> {
    this.stopping = true;
    // The worker is unref'd; awaiting its exit with nothing else alive would end the process (exit code 13).
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
