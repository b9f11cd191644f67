/** Windows in SQLite: rows, list items (image_history), history for replay, close and reopen, arrivals. */
import type { WindowInfo, WindowOpts, WindowType } from '../../protocol/index.js';
import type { Db } from './db.js';
import { WindowHistory, type WindowState } from './history.js';
import type { SqliteTraces } from './sqlite-traces.js';
import { ITEM_TYPES, traceInfo, type ArrivalSpan, type NewWindow } from './store.js';
import type { WindowHead } from '../write/plan.js';

export interface WindowRow {
  env: string;
  id: string;
  type: WindowType;
  ord: number;
  version: number;
  opts: string;
  content: string | null;
  created_at: number;
  updated_at: number;
  /** When the window was closed, or null while it is open. */
  closed_at: number | null;
}

export class SqliteWindows {
  private readonly history: WindowHistory;
  private readonly s;

  constructor(
    db: Db,
    private readonly traces: SqliteTraces,
  ) {
    this.history = new WindowHistory(db);
    this.s = {
      state: db.prepare('SELECT type, opts, content FROM windows WHERE env = ? AND id = ?'),
      head: db.prepare('SELECT type, opts, content, closed_at FROM windows WHERE env = ? AND id = ?'),
      itemsUntil: db.prepare('SELECT item FROM window_items WHERE env = ? AND win = ? AND t <= ? ORDER BY seq').pluck(),
      get: db.prepare('SELECT * FROM windows WHERE env = ? AND id = ? AND closed_at IS NULL'),
      exists: db.prepare('SELECT 1 FROM windows WHERE env = ? AND id = ? AND closed_at IS NULL').pluck(),
      list: db.prepare('SELECT * FROM windows WHERE env = ? AND closed_at IS NULL ORDER BY ord, id'),
      openIds: db.prepare('SELECT id FROM windows WHERE env = ? AND closed_at IS NULL ORDER BY ord, id').pluck(),
      // Closed windows too: replay shows each until it was closed.
      listEver: db.prepare('SELECT * FROM windows WHERE env = ? ORDER BY ord, id'),
      nextOrd: db.prepare('SELECT coalesce(max(ord) + 1, 0) FROM windows WHERE env = ?').pluck(),
      insert: db.prepare('INSERT INTO windows (env, id, type, ord, version, opts, content, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)'),
      // A closed window given again is a new window: it starts now, and its old points go.
      reset: db.prepare(
        'UPDATE windows SET type = ?, opts = ?, content = ?, version = version + 1, updated_at = ?, ' +
          'created_at = CASE WHEN closed_at IS NULL THEN created_at ELSE ? END, closed_at = NULL WHERE env = ? AND id = ?',
      ),
      setOpts: db.prepare('UPDATE windows SET opts = ?, version = version + 1, updated_at = ? WHERE env = ? AND id = ?'),
      setContent: db.prepare('UPDATE windows SET content = ?, version = version + 1, updated_at = ? WHERE env = ? AND id = ?'),
      touch: db.prepare('UPDATE windows SET version = version + 1, updated_at = ? WHERE env = ? AND id = ?'),
      close: db.prepare('UPDATE windows SET closed_at = ?, version = version + 1 WHERE env = ? AND id = ? AND closed_at IS NULL'),
      reopen: db.prepare('UPDATE windows SET closed_at = NULL, version = version + 1, updated_at = ? WHERE env = ? AND id = ? AND closed_at IS NOT NULL'),
      chunkTimes: db.prepare('SELECT c.t0, c.t1, c.n FROM chunks c JOIN traces tr ON tr.id = c.trace_id WHERE tr.env = ?').raw(),
      tailTimes: db.prepare('SELECT tl.t, count(*) FROM tail tl JOIN traces tr ON tr.id = tl.trace_id WHERE tr.env = ? GROUP BY tl.t').raw(),
      versionTimes: db.prepare('SELECT t, count(*) FROM window_versions WHERE env = ? GROUP BY t').raw(),
      itemTimes: db.prepare('SELECT t, count(*) FROM window_items WHERE env = ? GROUP BY t').raw(),
      insertItem: db.prepare(
        'INSERT INTO window_items (env, win, seq, item, t) VALUES (?, ?, (SELECT coalesce(max(seq) + 1, 0) FROM window_items WHERE env = ? AND win = ?), ?, ?)',
      ),
      items: db.prepare('SELECT item FROM window_items WHERE env = ? AND win = ? ORDER BY seq').pluck(),
      deleteItems: db.prepare('DELETE FROM window_items WHERE env = ? AND win = ?'),
      copy: db.prepare(
        'INSERT INTO windows (env, id, type, ord, version, opts, content, created_at, updated_at, closed_at) ' +
          'SELECT ?, id, type, ord, version, opts, content, created_at, ?, closed_at FROM windows WHERE env = ?',
      ),
      copyItems: db.prepare('INSERT INTO window_items (env, win, seq, item, t) SELECT ?, win, seq, item, t FROM window_items WHERE env = ?'),
    };
  }

  get(env: string, win: string, { items = true, traces = true }: { items?: boolean; traces?: boolean } = {}): WindowInfo | undefined {
    const row = this.s.get.get(env, win) as WindowRow | undefined;
    return row && this.toInfo(row, items, traces);
  }

  /** The window, open or closed, as a write rule sees it (a list window's content left empty). */
  head(env: string, win: string): WindowHead | undefined {
    const row = this.s.head.get(env, win) as Pick<WindowRow, 'type' | 'opts' | 'content' | 'closed_at'> | undefined;
    if (!row) return undefined;
    return { type: row.type, opts: JSON.parse(row.opts), content: ITEM_TYPES.includes(row.type) || row.content === null ? null : JSON.parse(row.content), closed: row.closed_at !== null };
  }

  exists(env: string, win: string): boolean {
    return this.s.exists.get(env, win) !== undefined;
  }

  list(env: string): WindowInfo[] {
    return (this.s.list.all(env) as WindowRow[]).map((r) => this.toInfo(r));
  }

  openIds(env: string): string[] {
    return this.s.openIds.all(env) as string[];
  }

  /** Creates a window, or replaces an existing one in place (keeping its position) and drops its traces and items. */
  put(env: string, win: string, w: NewWindow, now: number): void {
    const content = w.content === undefined ? null : JSON.stringify(w.content);
    if (this.s.reset.run(w.type, JSON.stringify(w.opts), content, now, now, env, win).changes > 0) {
      this.traces.deleteOf(env, win);
      this.s.deleteItems.run(env, win);
    } else {
      this.s.insert.run(env, win, w.type, this.s.nextOrd.get(env), JSON.stringify(w.opts), content, now, now);
    }
    for (const item of w.items ?? []) this.s.insertItem.run(env, win, env, win, JSON.stringify(item), now);
    this.recordVersion(env, win, now);
  }

  /** Adds one item to a list window (image_history) and bumps its version: one insert, whatever the list length. */
  appendItem(env: string, win: string, item: unknown, now: number): void {
    this.s.insertItem.run(env, win, env, win, JSON.stringify(item), now);
    this.s.touch.run(now, env, win);
  }

  setOpts(env: string, win: string, opts: WindowOpts, now: number): void {
    this.s.setOpts.run(JSON.stringify(opts), now, env, win);
    this.recordVersion(env, win, now);
  }

  setContent(env: string, win: string, content: unknown, now: number): void {
    const before = (this.s.state.get(env, win) as WindowState | undefined)?.content;
    this.s.setContent.run(JSON.stringify(content), now, env, win);
    this.recordVersion(env, win, now, before);
  }

  touch(env: string, win: string, now: number): void {
    this.s.touch.run(now, env, win);
  }

  close(env: string, win: string, now: number): boolean {
    return this.s.close.run(now, env, win).changes > 0;
  }

  reopen(env: string, win: string, now: number): boolean {
    return this.s.reopen.run(now, env, win).changes > 0;
  }

  /** Copies the windows of env `from` (with their items and history, not their traces) into env `to`, which exists. */
  copyEnv(from: string, to: string, now: number): void {
    this.s.copy.run(to, now, from);
    this.s.copyItems.run(to, from);
    this.history.copy(from, to);
  }

  /**
   * The env's windows as they were at time t: those created by then, with the type,
   * opts and content they had, image_history items received by then, and traces
   * (whose points the caller reads with the same t).
   */
  at(env: string, t: number): WindowInfo[] {
    const out: WindowInfo[] = [];
    for (const row of this.s.listEver.all(env) as WindowRow[]) {
      if (row.created_at > t || (row.closed_at !== null && row.closed_at <= t)) continue;
      const state = this.history.at(env, row.id, t);
      if (state) Object.assign(row, state);
      const info = this.toInfo(row, false, true);
      if (ITEM_TYPES.includes(row.type)) info.content = (this.s.itemsUntil.all(env, row.id, t) as string[]).map((i) => JSON.parse(i));
      out.push(info);
    }
    return out;
  }

  arrivals(env: string): ArrivalSpan[] {
    const spans = this.s.chunkTimes.all(env) as ArrivalSpan[];
    for (const [t, n] of this.s.tailTimes.all(env) as [number, number][]) spans.push([t, t, n]);
    // Window changes (creation included) and image_history items count as arrivals too.
    for (const [t, n] of this.s.versionTimes.all(env) as [number, number][]) spans.push([t, t, n]);
    for (const [t, n] of this.s.itemTimes.all(env) as [number, number][]) spans.push([t, t, n]);
    return spans;
  }

  private recordVersion(env: string, win: string, now: number, before?: string | null): void {
    this.history.record(env, win, now, this.s.state.get(env, win) as WindowState, before);
  }

  private toInfo(row: WindowRow, items = true, traces = true): WindowInfo {
    return windowInfo(
      row,
      ITEM_TYPES.includes(row.type) && items ? (this.s.items.all(row.env, row.id) as string[]) : [],
      traces ? this.traces.of(row.env, row.id).map(traceInfo) : [],
    );
  }
}

/** A window row as the protocol describes it; `items` are a list window's rows (JSON text). */
export function windowInfo(row: WindowRow, items: string[], traces: WindowInfo['traces']): WindowInfo {
  return {
    id: row.id,
    type: row.type,
    opts: JSON.parse(row.opts),
    order: Number(row.ord),
    version: Number(row.version),
    content: ITEM_TYPES.includes(row.type) ? items.map((item) => JSON.parse(item)) : row.content === null ? null : JSON.parse(row.content),
    traces,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
