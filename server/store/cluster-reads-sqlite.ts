/** The fan-out's reads (server/cluster/reads.ts) on the SQLite store: several servers on one file share it in tests. */
import type { WindowInfo } from '../../protocol/index.js';
import type { ClusterReads, TraceHead } from '../cluster/reads.js';
import { windowData } from '../views.js';
import { windowJson } from '../visdom/window-json.js';
import type { SqliteStore } from './sqlite-store.js';

export function sqliteClusterReads(store: SqliteStore): ClusterReads & Pick<SqliteStore, 'listEnvs' | 'windows'> {
  const counts = store.db.prepare('SELECT id, n FROM traces').raw();
  const head = store.db.prepare('SELECT env, win, name, n FROM traces WHERE id = ?');
  return {
    traceCounts: () => counts.all() as [number, number][],
    traceHead: (id) => head.get(id) as TraceHead | undefined,
    readSeq: (id, from, to) => store.series.readSeq(id, from, to),
    window: (env, win) => store.window(env, win),
    windowData: (env, win) => windowData(store, env, win),
    envSummary: (env) => store.envSummary(env),
    paneJson: (env: string, info: WindowInfo) => windowJson(store, env, info),
    listEnvs: () => store.listEnvs(),
    windows: (env) => store.windows(env),
  };
}
