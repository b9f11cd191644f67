/** Envs in SQLite: the list with its counts, creation and activity, delete, rename, copy. */
import type { EnvSummary } from '../../protocol/index.js';
import type { Db } from './db.js';
import { META_COLUMNS, metaOf, type MetaColumns } from './run-meta.js';

export class SqliteEnvs {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      upsert: db.prepare(
        'INSERT INTO envs (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at',
      ),
      exists: db.prepare('SELECT 1 FROM envs WHERE id = ?').pluck(),
      list: db.prepare(`
        SELECT e.id, e.created_at, e.updated_at, ${META_COLUMNS},
          (SELECT count(*) FROM windows w WHERE w.env = e.id AND w.closed_at IS NULL) AS windows,
          (SELECT coalesce(sum(t.n), 0) FROM traces t JOIN windows w ON w.env = t.env AND w.id = t.win WHERE t.env = e.id AND w.closed_at IS NULL) AS points
        FROM envs e LEFT JOIN run_meta m ON m.env = e.id ORDER BY e.id`),
      summary: db.prepare(`
        SELECT e.id, e.created_at, e.updated_at, ${META_COLUMNS},
          (SELECT count(*) FROM windows w WHERE w.env = e.id) AS windows,
          (SELECT coalesce(sum(n), 0) FROM traces t WHERE t.env = e.id) AS points
        FROM envs e LEFT JOIN run_meta m ON m.env = e.id WHERE e.id = ?`),
      delete: db.prepare('DELETE FROM envs WHERE id = ?'),
      copyRow: db.prepare('INSERT INTO envs (id, created_at, updated_at) SELECT ?, created_at, ? FROM envs WHERE id = ?'),
      moveWindows: db.prepare('UPDATE windows SET env = ? WHERE env = ?'),
      moveTraces: db.prepare('UPDATE traces SET env = ? WHERE env = ?'),
      moveItems: db.prepare('UPDATE window_items SET env = ? WHERE env = ?'),
      moveMeta: db.prepare('UPDATE run_meta SET env = ? WHERE env = ?'),
    };
  }

  /** Creates the env if missing and marks it active at `now`. */
  touch(env: string, now: number): void {
    this.s.upsert.run(env, now, now);
  }

  exists(env: string): boolean {
    return this.s.exists.get(env) !== undefined;
  }

  list(): EnvSummary[] {
    return (this.s.list.all() as EnvRow[]).map(envSummary);
  }

  summary(env: string): EnvSummary | undefined {
    const row = this.s.summary.get(env) as EnvRow | undefined;
    return row && envSummary(row);
  }

  delete(env: string): boolean {
    return this.s.delete.run(env).changes > 0;
  }

  /** Moves everything of env `from` to the new env `to`; must run inside a transaction. */
  rename(from: string, to: string, now: number): void {
    // Windows and traces move in two statements; their foreign keys hold again at commit.
    this.db.pragma('defer_foreign_keys = ON');
    this.s.copyRow.run(to, now, from);
    this.s.moveWindows.run(to, from);
    this.s.moveTraces.run(to, from);
    this.s.moveItems.run(to, from);
    this.s.moveMeta.run(to, from);
    this.s.delete.run(from);
  }
}

export interface EnvRow extends MetaColumns {
  id: string;
  created_at: number;
  updated_at: number;
  windows: number;
  points: number;
}

export function envSummary(r: EnvRow): EnvSummary {
  return { id: r.id, windows: Number(r.windows), points: Number(r.points), createdAt: Number(r.created_at), lastActivity: Number(r.updated_at), meta: metaOf(r) };
}
