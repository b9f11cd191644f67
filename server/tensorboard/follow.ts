/** Wiring of a followed logdir: the tailer, its sink into the write path, and its state in the store. */
import type { Ingest } from '../ingest.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { TensorboardState } from '../store/tensorboard.js';
import { LogdirTailer, type LogdirOptions } from './logdir.js';
import { LogdirSink } from './sink.js';

/** The offsets live beside the points in the SQLite file (one transaction for both). */
export function logdirTailer(opts: LogdirOptions, store: SqliteStore, ingest: Ingest): LogdirTailer {
  const state = new TensorboardState(store.db);
  return new LogdirTailer(opts, new LogdirSink(ingest, store, state), state);
}

/** Starts following `opts.dir`: throws if it cannot be read; catching up continues in the background. */
export function followLogdir(opts: LogdirOptions, store: SqliteStore, ingest: Ingest): LogdirTailer {
  const tailer = logdirTailer(opts, store, ingest);
  tailer.start().catch((e: Error) => opts.log(`logdir: ${e.message}`));
  return tailer;
}
