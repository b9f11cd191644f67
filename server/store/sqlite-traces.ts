/** Trace rows in SQLite (their points are series.ts's): list, add, delete, rename, props, copy. */
import type { Db } from './db.js';
import type { TraceRow } from './store.js';

export class SqliteTraces {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      traces: db.prepare('SELECT * FROM traces WHERE env = ? AND win = ? ORDER BY pos, id'),
      insert: db.prepare('INSERT INTO traces (env, win, pos, name, props) VALUES (?, ?, ?, ?, ?)'),
      deleteOf: db.prepare('DELETE FROM traces WHERE env = ? AND win = ?'),
      delete: db.prepare('DELETE FROM traces WHERE id = ?'),
      rename: db.prepare('UPDATE traces SET name = ? WHERE id = ?'),
      setProps: db.prepare('UPDATE traces SET props = ? WHERE id = ?'),
      ids: db.prepare('SELECT id FROM traces WHERE env = ? ORDER BY id').pluck(),
      copy: db.prepare(
        'INSERT INTO traces (env, win, pos, name, props, n, sealed, xmin, xmax, ymin, ymax, last_t) ' +
          'SELECT ?, win, pos, name, props, n, sealed, xmin, xmax, ymin, ymax, last_t FROM traces WHERE id = ?',
      ),
      copyChunks: db.prepare(
        'INSERT INTO chunks (trace_id, seq0, n, xmin, xmax, t0, t1, marks, xs, ys, ts) ' +
          'SELECT ?, seq0, n, xmin, xmax, t0, t1, marks, xs, ys, ts FROM chunks WHERE trace_id = ?',
      ),
      copyTail: db.prepare('INSERT INTO tail (trace_id, seq, x, y, t) SELECT ?, seq, x, y, t FROM tail WHERE trace_id = ?'),
      copySummaryBlocks: db.prepare('INSERT INTO summary_blocks (trace_id, seq0, data) SELECT ?, seq0, data FROM summary_blocks WHERE trace_id = ?'),
      copySummaryLevels: db.prepare('INSERT INTO summary_levels (trace_id, level, seq0, data) SELECT ?, level, seq0, data FROM summary_levels WHERE trace_id = ?'),
    };
  }

  of(env: string, win: string): TraceRow[] {
    return this.s.traces.all(env, win) as TraceRow[];
  }

  add(env: string, win: string, pos: number, name: string, props: Record<string, unknown>): TraceRow {
    const id = Number(this.s.insert.run(env, win, pos, name, JSON.stringify(props)).lastInsertRowid);
    return { id, env, win, pos, name, props: JSON.stringify(props), n: 0, sealed: 0, xmin: null, xmax: null, ymin: null, ymax: null, last_t: 0 };
  }

  delete(id: number): void {
    this.s.delete.run(id);
  }

  /** Deletes every trace of a window (a window given again drops its points). */
  deleteOf(env: string, win: string): void {
    this.s.deleteOf.run(env, win);
  }

  rename(id: number, name: string): void {
    this.s.rename.run(name, id);
  }

  setProps(id: number, props: Record<string, unknown>): void {
    this.s.setProps.run(JSON.stringify(props), id);
  }

  /** Copies every trace of env `from` with its points into env `to` (whose windows exist), row by row in SQL. */
  copyEnv(from: string, to: string): void {
    for (const id of this.s.ids.all(from) as number[]) {
      const copy = Number(this.s.copy.run(to, id).lastInsertRowid);
      this.s.copyChunks.run(copy, id);
      this.s.copyTail.run(copy, id);
      this.s.copySummaryBlocks.run(copy, id);
      this.s.copySummaryLevels.run(copy, id);
    }
  }
}
