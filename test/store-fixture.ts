/** A real Store on a SQLite file in a temp dir, and a trace to append to: for store-level tests. */
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { closeDb, openDb } from '../server/store/db.js';
import { SqliteStore as Store } from '../server/store/sqlite-store.js';
import type { TraceRow } from '../server/store/store.js';
import type { SeriesOptions } from '../server/store/series.js';
import { tempDir } from './helpers.js';

export interface StoreFixture {
  store: Store;
  path: string;
  trace: TraceRow;
  /** Appends points received at time t, in one transaction. */
  append(x: ArrayLike<number>, y: ArrayLike<number>, t: number): void;
  /** A second Store on the same file: nothing cached. */
  reopen(): Store;
}

export function storeFixture(options: SeriesOptions = {}): StoreFixture {
  const path = join(tempDir(), 'store.db');
  const store = new Store(openDb(path), options);
  onTestFinished(() => closeDb(store.db));
  const trace = store.transaction(() => {
    store.touchEnv('e', 0);
    store.putWindow('e', 'w', { type: 'line', opts: {} }, 0);
    return store.addTrace('e', 'w', 0, 'a', {});
  });
  return {
    store,
    path,
    trace,
    append: (x, y, t) => store.transaction(() => store.series.append(trace, x, y, t)),
    reopen() {
      const other = new Store(openDb(path), options);
      onTestFinished(() => closeDb(other.db));
      return other;
    },
  };
}

/** A seeded pseudo-random generator, so a failing case can be replayed. */
export { seededRandom as random } from '../examples/gan/random.js';
