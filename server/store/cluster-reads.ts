/**
 * The fan-out's reads (server/cluster/reads.ts) on either store: the two queries it
 * needs beyond the Store interface (every trace's count, and where one trace lives)
 * for each backend, the rest through the Store's own readers.
 */
import type pg from 'pg';
import type { WindowInfo } from '../../protocol/index.js';
import type { ClusterReads, TraceHead } from '../cluster/reads.js';
import { windowData } from '../views.js';
import { windowJson } from '../visdom/window-json.js';
import type { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export type ClusterStoreReads = ClusterReads & Pick<Store, 'listEnvs' | 'windows'>;

export function clusterReads(store: Store): ClusterStoreReads {
  const own = store.backend === 'postgres' ? pgTraceReads((store as unknown as { pool: pg.Pool }).pool) : sqliteTraceReads(store as SqliteStore);
  return {
    ...own,
    readSeq: (id, from, to) => store.readSeq(id, from, to),
    window: (env, win) => store.window(env, win),
    windowData: (env, win) => windowData(store, env, win),
    envSummary: (env) => store.envSummary(env),
    paneJson: (env: string, info: WindowInfo) => windowJson(store, env, info),
    listEnvs: () => store.listEnvs(),
    windows: (env) => store.windows(env),
  };
}

type TraceReads = Pick<ClusterReads, 'traceCounts' | 'traceHead'>;

function sqliteTraceReads(store: SqliteStore): TraceReads {
  const counts = store.db.prepare('SELECT id, n FROM traces').raw();
  const head = store.db.prepare('SELECT env, win, name, n FROM traces WHERE id = ?');
  return {
    traceCounts: () => counts.all() as [number, number][],
    traceHead: (id) => head.get(id) as TraceHead | undefined,
  };
}

function pgTraceReads(pool: pg.Pool): TraceReads {
  return {
    async traceCounts() {
      const r = await pool.query<[number, number]>({ text: 'SELECT id, n FROM traces', rowMode: 'array' });
      return r.rows.map(([id, n]) => [Number(id), Number(n)]);
    },
    async traceHead(id) {
      const r = await pool.query<TraceHead>('SELECT env, win, name, n FROM traces WHERE id = $1', [id]);
      const row = r.rows[0];
      return row && { ...row, n: Number(row.n) };
    },
  };
}
