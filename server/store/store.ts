/**
 * The store: envs, windows and traces in SQLite, with statements prepared once.
 * It knows nothing of HTTP or sockets; `ingest` is its only writer.
 */
import type { EnvSummary, TraceInfo, WindowInfo, WindowOpts, WindowType } from '../../protocol/index.js';
import type { Db } from './db.js';
import { WindowHistory, type WindowState } from './history.js';
import { SeriesStore, type SeriesOptions, type TraceState } from './series.js';

export interface TraceRow extends TraceState {
  env: string;
  win: string;
  pos: number;
  name: string;
  props: string;
}

interface WindowRow {
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


export interface NewWindow {
  type: WindowType;
  opts: WindowOpts;
  content?: unknown;
  /** image_history windows: the images, kept one row each (their content is assembled from these). */
  items?: unknown[];
}

/** Windows whose content is a list kept as one row per item. */
export const ITEM_TYPES: readonly WindowType[] = ['image_history'];

export class Store {
  readonly series: SeriesStore;
  private readonly history: WindowHistory;
  private readonly s;
  /** Built once: better-sqlite3's db.transaction() is costly to create per call. */
  private readonly runTransaction: <T>(fn: () => T) => T;

  constructor(readonly db: Db, options: SeriesOptions = {}) {
    this.series = new SeriesStore(db, options);
    this.history = new WindowHistory(db);
    this.s = {
      upsertEnv: db.prepare(
        'INSERT INTO envs (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at',
      ),
      envExists: db.prepare('SELECT 1 FROM envs WHERE id = ?').pluck(),
      listEnvs: db.prepare(`
        SELECT e.id, e.created_at, e.updated_at,
          (SELECT count(*) FROM windows w WHERE w.env = e.id AND w.closed_at IS NULL) AS windows,
          (SELECT coalesce(sum(t.n), 0) FROM traces t JOIN windows w ON w.env = t.env AND w.id = t.win WHERE t.env = e.id AND w.closed_at IS NULL) AS points
        FROM envs e ORDER BY e.id`),
      envSummary: db.prepare(`
        SELECT e.id, e.created_at, e.updated_at,
          (SELECT count(*) FROM windows w WHERE w.env = e.id) AS windows,
          (SELECT coalesce(sum(n), 0) FROM traces t WHERE t.env = e.id) AS points
        FROM envs e WHERE e.id = ?`),
      deleteEnv: db.prepare('DELETE FROM envs WHERE id = ?'),
      copyEnvRow: db.prepare('INSERT INTO envs (id, created_at, updated_at) SELECT ?, created_at, ? FROM envs WHERE id = ?'),
      moveWindows: db.prepare('UPDATE windows SET env = ? WHERE env = ?'),
      moveTraces: db.prepare('UPDATE traces SET env = ? WHERE env = ?'),
      moveItems: db.prepare('UPDATE window_items SET env = ? WHERE env = ?'),
      windowState: db.prepare('SELECT type, opts, content FROM windows WHERE env = ? AND id = ?'),
      itemsUntil: db.prepare('SELECT item FROM window_items WHERE env = ? AND win = ? AND t <= ? ORDER BY seq').pluck(),
      getWindow: db.prepare('SELECT * FROM windows WHERE env = ? AND id = ? AND closed_at IS NULL'),
      windowExists: db.prepare('SELECT 1 FROM windows WHERE env = ? AND id = ? AND closed_at IS NULL').pluck(),
      listWindows: db.prepare('SELECT * FROM windows WHERE env = ? AND closed_at IS NULL ORDER BY ord, id'),
      // Closed windows too: replay shows each until it was closed.
      listWindowsEver: db.prepare('SELECT * FROM windows WHERE env = ? ORDER BY ord, id'),
      nextOrd: db.prepare('SELECT coalesce(max(ord) + 1, 0) FROM windows WHERE env = ?').pluck(),
      insertWindow: db.prepare(
        'INSERT INTO windows (env, id, type, ord, version, opts, content, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)',
      ),
      // A closed window given again is a new window: it starts now, and its old points go.
      resetWindow: db.prepare(
        'UPDATE windows SET type = ?, opts = ?, content = ?, version = version + 1, updated_at = ?, ' +
          'created_at = CASE WHEN closed_at IS NULL THEN created_at ELSE ? END, closed_at = NULL WHERE env = ? AND id = ?',
      ),
      setOpts: db.prepare('UPDATE windows SET opts = ?, version = version + 1, updated_at = ? WHERE env = ? AND id = ?'),
      setContent: db.prepare('UPDATE windows SET content = ?, version = version + 1, updated_at = ? WHERE env = ? AND id = ?'),
      touchWindow: db.prepare('UPDATE windows SET version = version + 1, updated_at = ? WHERE env = ? AND id = ?'),
      closeWindow: db.prepare('UPDATE windows SET closed_at = ?, version = version + 1 WHERE env = ? AND id = ? AND closed_at IS NULL'),
      reopenWindow: db.prepare('UPDATE windows SET closed_at = NULL, version = version + 1, updated_at = ? WHERE env = ? AND id = ? AND closed_at IS NOT NULL'),
      traces: db.prepare('SELECT * FROM traces WHERE env = ? AND win = ? ORDER BY pos, id'),
      insertTrace: db.prepare('INSERT INTO traces (env, win, pos, name, props) VALUES (?, ?, ?, ?, ?)'),
      deleteTraces: db.prepare('DELETE FROM traces WHERE env = ? AND win = ?'),
      deleteTrace: db.prepare('DELETE FROM traces WHERE id = ?'),
      renameTrace: db.prepare('UPDATE traces SET name = ? WHERE id = ?'),
      chunkTimes: db
        .prepare('SELECT c.t0, c.t1, c.n FROM chunks c JOIN traces tr ON tr.id = c.trace_id WHERE tr.env = ?')
        .raw(),
      tailTimes: db
        .prepare('SELECT tl.t, count(*) FROM tail tl JOIN traces tr ON tr.id = tl.trace_id WHERE tr.env = ? GROUP BY tl.t')
        .raw(),
      versionTimes: db.prepare('SELECT t, count(*) FROM window_versions WHERE env = ? GROUP BY t').raw(),
      itemTimes: db.prepare('SELECT t, count(*) FROM window_items WHERE env = ? GROUP BY t').raw(),
      setTraceProps: db.prepare('UPDATE traces SET props = ? WHERE id = ?'),
      insertItem: db.prepare(
        'INSERT INTO window_items (env, win, seq, item, t) VALUES (?, ?, (SELECT coalesce(max(seq) + 1, 0) FROM window_items WHERE env = ? AND win = ?), ?, ?)',
      ),
      items: db.prepare('SELECT item FROM window_items WHERE env = ? AND win = ? ORDER BY seq').pluck(),
      deleteItems: db.prepare('DELETE FROM window_items WHERE env = ? AND win = ?'),
      copyWindows: db.prepare(
        'INSERT INTO windows (env, id, type, ord, version, opts, content, created_at, updated_at, closed_at) ' +
          'SELECT ?, id, type, ord, version, opts, content, created_at, ?, closed_at FROM windows WHERE env = ?',
      ),
      traceIds: db.prepare('SELECT id FROM traces WHERE env = ? ORDER BY id').pluck(),
      copyTrace: db.prepare(
        'INSERT INTO traces (env, win, pos, name, props, n, sealed, xmin, xmax, ymin, ymax, last_t) ' +
          'SELECT ?, win, pos, name, props, n, sealed, xmin, xmax, ymin, ymax, last_t FROM traces WHERE id = ?',
      ),
      copyChunks: db.prepare(
        'INSERT INTO chunks (trace_id, seq0, n, xmin, xmax, t0, t1, marks, xs, ys, ts) ' +
          'SELECT ?, seq0, n, xmin, xmax, t0, t1, marks, xs, ys, ts FROM chunks WHERE trace_id = ?',
      ),
      copyTail: db.prepare('INSERT INTO tail (trace_id, seq, x, y, t) SELECT ?, seq, x, y, t FROM tail WHERE trace_id = ?'),
      copySummaryBlocks: db.prepare('INSERT INTO summary_blocks (trace_id, seq0, data) SELECT ?, seq0, data FROM summary_blocks WHERE trace_id = ?'),
      copyItems: db.prepare('INSERT INTO window_items (env, win, seq, item, t) SELECT ?, win, seq, item, t FROM window_items WHERE env = ?'),
    };
    // BEGIN IMMEDIATE: the write lock is taken (waiting, if the checkpoint worker holds it) before
    // any read, since a deferred transaction that read first cannot wait for it and fails with SQLITE_BUSY.
    this.runTransaction = db.transaction(<T>(fn: () => T): T => fn()).immediate as <T>(fn: () => T) => T;
  }

  /** Runs fn in one transaction: all of it commits, or none of it. */
  transaction<T>(fn: () => T): T {
    try {
      return this.runTransaction(fn);
    } catch (e) {
      // Summaries read inside the rolled-back transaction may describe chunks that are gone.
      this.series.forget();
      throw e;
    }
  }

  /** Creates the env if missing and marks it active at `now`. Returns true if it was created. */
  touchEnv(env: string, now: number): boolean {
    const existed = this.envExists(env);
    this.s.upsertEnv.run(env, now, now);
    return !existed;
  }

  envExists(env: string): boolean {
    return this.s.envExists.get(env) !== undefined;
  }

  listEnvs(): EnvSummary[] {
    return (this.s.listEnvs.all() as any[]).map(envSummary);
  }

  /** One env's entry of the list, or undefined when it does not exist. */
  envSummary(env: string): EnvSummary | undefined {
    const row = this.s.envSummary.get(env) as object | undefined;
    return row && envSummary(row);
  }

  deleteEnv(env: string): boolean {
    this.series.forget();
    return this.s.deleteEnv.run(env).changes > 0;
  }

  /** Moves everything of env `from` to the new env `to`; must run inside a transaction. */
  renameEnv(from: string, to: string, now: number): void {
    // Windows and traces move in two statements; their foreign keys hold again at commit.
    this.db.pragma('defer_foreign_keys = ON');
    this.s.copyEnvRow.run(to, now, from);
    this.s.moveWindows.run(to, from);
    this.s.moveTraces.run(to, from);
    this.s.moveItems.run(to, from);
    this.s.deleteEnv.run(from);
  }

  /** Creates a window, or replaces an existing one in place (keeping its position) and drops its traces. */
  putWindow(env: string, win: string, w: NewWindow, now: number): void {
    const content = w.content === undefined ? null : JSON.stringify(w.content);
    if (this.s.resetWindow.run(w.type, JSON.stringify(w.opts), content, now, now, env, win).changes > 0) {
      this.series.forget();
      this.s.deleteTraces.run(env, win);
      this.s.deleteItems.run(env, win);
    } else {
      this.s.insertWindow.run(env, win, w.type, this.s.nextOrd.get(env), JSON.stringify(w.opts), content, now, now);
    }
    for (const item of w.items ?? []) this.s.insertItem.run(env, win, env, win, JSON.stringify(item), now);
    this.recordVersion(env, win, now);
  }

  /** Adds one item to a list window (image_history) and bumps its version: one insert, whatever the list length. */
  appendItem(env: string, win: string, item: unknown, now: number): void {
    this.s.insertItem.run(env, win, env, win, JSON.stringify(item), now);
    this.s.touchWindow.run(now, env, win);
  }

  /**
   * Copies env `from` (windows, traces, points, items) into the new env `to` row by
   * row in SQL: points are never decoded. The caller has checked `to` does not exist.
   */
  copyEnv(from: string, to: string, now: number): void {
    this.s.upsertEnv.run(to, now, now);
    this.s.copyWindows.run(to, now, from);
    for (const id of this.s.traceIds.all(from) as number[]) {
      const copy = Number(this.s.copyTrace.run(to, id).lastInsertRowid);
      this.s.copyChunks.run(copy, id);
      this.s.copyTail.run(copy, id);
      this.s.copySummaryBlocks.run(copy, id);
    }
    this.s.copyItems.run(to, from);
    this.history.copy(from, to);
  }

  /**
   * The window. Options skip reads a caller does not need: `items: false` leaves a list
   * window's content empty, `traces: false` leaves `traces` empty.
   */
  window(env: string, win: string, { items = true, traces = true }: { items?: boolean; traces?: boolean } = {}): WindowInfo | undefined {
    const row = this.s.getWindow.get(env, win) as WindowRow | undefined;
    return row && this.toInfo(row, items, traces);
  }

  hasWindow(env: string, win: string): boolean {
    return this.s.windowExists.get(env, win) !== undefined;
  }


  windows(env: string): WindowInfo[] {
    return (this.s.listWindows.all(env) as WindowRow[]).map((r) => this.toInfo(r));
  }

  setOpts(env: string, win: string, opts: WindowOpts, now: number): void {
    this.s.setOpts.run(JSON.stringify(opts), now, env, win);
    this.recordVersion(env, win, now);
  }

  setContent(env: string, win: string, content: unknown, now: number): void {
    const before = (this.s.windowState.get(env, win) as WindowState | undefined)?.content;
    this.s.setContent.run(JSON.stringify(content), now, env, win);
    this.recordVersion(env, win, now, before);
  }

  private recordVersion(env: string, win: string, now: number, before?: string | null): void {
    this.history.record(env, win, now, this.s.windowState.get(env, win) as WindowState, before);
  }

  /**
   * The env's windows as they were at time t: those created by then, with the type,
   * opts and content they had, image_history items received by then, and traces
   * (whose points the caller reads with the same t).
   */
  windowsAt(env: string, t: number): WindowInfo[] {
    const out: WindowInfo[] = [];
    for (const row of this.s.listWindowsEver.all(env) as WindowRow[]) {
      if (row.created_at > t || (row.closed_at !== null && row.closed_at <= t)) continue;
      const state = this.history.at(env, row.id, t);
      if (state) Object.assign(row, state);
      const info = this.toInfo(row, false, true);
      if (ITEM_TYPES.includes(row.type)) info.content = (this.s.itemsUntil.all(env, row.id, t) as string[]).map((i) => JSON.parse(i));
      out.push(info);
    }
    return out;
  }

  /** Bumps the window's version and activity time after its points changed. */
  touchWindow(env: string, win: string, now: number): void {
    this.s.touchWindow.run(now, env, win);
  }

  /** Closes the window at `now`: it leaves every live read but keeps its rows (replay, undo). False when no open window has that id. */
  closeWindow(env: string, win: string, now: number): boolean {
    return this.s.closeWindow.run(now, env, win).changes > 0;
  }

  /** Opens a closed window again, as it was. False when no closed window has that id. */
  reopenWindow(env: string, win: string, now: number): boolean {
    return this.s.reopenWindow.run(now, env, win).changes > 0;
  }

  traces(env: string, win: string): TraceRow[] {
    return this.s.traces.all(env, win) as TraceRow[];
  }

  addTrace(env: string, win: string, pos: number, name: string, props: Record<string, unknown>): TraceRow {
    const id = Number(this.s.insertTrace.run(env, win, pos, name, JSON.stringify(props)).lastInsertRowid);
    return {
      id, env, win, pos, name, props: JSON.stringify(props),
      n: 0, sealed: 0, xmin: null, xmax: null, ymin: null, ymax: null, last_t: 0,
    };
  }

  deleteTrace(id: number): void {
    this.series.forget(id);
    this.s.deleteTrace.run(id);
  }

  setTraceProps(trace: TraceRow, props: Record<string, unknown>): void {
    trace.props = JSON.stringify(props);
    this.s.setTraceProps.run(trace.props, trace.id);
  }

  renameTrace(trace: TraceRow, name: string): void {
    this.s.renameTrace.run(name, trace.id);
    trace.name = name;
  }

  /** When the env's points arrived: (first time, last time, count) spans, for replay timelines. */
  arrivals(env: string): [t0: number, t1: number, n: number][] {
    const spans = this.s.chunkTimes.all(env) as [number, number, number][];
    for (const [t, n] of this.s.tailTimes.all(env) as [number, number][]) spans.push([t, t, n]);
    // Window changes (creation included) and image_history items count as arrivals too.
    for (const [t, n] of this.s.versionTimes.all(env) as [number, number][]) spans.push([t, t, n]);
    for (const [t, n] of this.s.itemTimes.all(env) as [number, number][]) spans.push([t, t, n]);
    return spans;
  }

  private toInfo(row: WindowRow, items = true, traces = true): WindowInfo {
    return {
      id: row.id,
      type: row.type,
      opts: JSON.parse(row.opts),
      order: row.ord,
      version: row.version,
      content: ITEM_TYPES.includes(row.type)
        ? items
          ? (this.s.items.all(row.env, row.id) as string[]).map((item) => JSON.parse(item))
          : []
        : row.content === null
          ? null
          : JSON.parse(row.content),
      traces: traces ? this.traces(row.env, row.id).map(traceInfo) : [],
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

function envSummary(r: any): EnvSummary {
  return { id: r.id, windows: r.windows, points: r.points, createdAt: r.created_at, lastActivity: r.updated_at };
}

export function traceInfo(t: TraceRow): TraceInfo {
  return {
    id: t.id,
    name: t.name,
    points: t.n,
    xmin: t.xmin,
    xmax: t.xmax,
    ymin: t.ymin,
    ymax: t.ymax,
    props: JSON.parse(t.props),
  };
}
