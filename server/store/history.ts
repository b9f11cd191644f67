/**
 * Window history for replay: every change of a window's type, opts or content is
 * kept with its time, so "this window as of t" can be answered. A text window that
 * grows by appends records only what was appended, so a long text log is not
 * copied once per line.
 */
import type { WindowType } from '../../protocol/index.js';
import type { Db } from './db.js';

export interface WindowState {
  type: WindowType;
  /** JSON text. */
  opts: string;
  /** JSON text, or null. */
  content: string | null;
}

export type VersionRow = [kind: 'full' | 'append', type: WindowType, opts: string, content: string | null];

export class WindowHistory {
  private readonly insert;
  private readonly since;
  private readonly copyEnv;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO window_versions (env, win, t, kind, type, opts, content) VALUES (?, ?, ?, ?, ?, ?, ?)');
    // Rows from the last full version at or before t up to t, in order.
    this.since = db
      .prepare(
        `SELECT kind, type, opts, content FROM window_versions
         WHERE env = @env AND win = @win AND t <= @t AND id >= coalesce(
           (SELECT max(id) FROM window_versions WHERE env = @env AND win = @win AND t <= @t AND kind = 'full'), 0)
         ORDER BY id`,
      )
      .raw();
    this.copyEnv = db.prepare(
      'INSERT INTO window_versions (env, win, t, kind, type, opts, content) SELECT ?, win, t, kind, type, opts, content FROM window_versions WHERE env = ? ORDER BY id',
    );
  }

  /**
   * Records the window's state after a change. `before` is its content before the change:
   * when both are JSON strings and the new one extends the old, only the suffix is kept.
   */
  record(env: string, win: string, t: number, now: WindowState, before?: string | null): void {
    const v = versionRow(now, before);
    this.insert.run(env, win, t, v.kind, now.type, now.opts, v.content);
  }

  /** The window's state at time t, or undefined when it has no history then. */
  at(env: string, win: string, t: number): WindowState | undefined {
    return foldVersions(this.since.all({ env, win, t }) as VersionRow[]);
  }

  /** Copies the history of every window of env `from` to env `to` (fork). */
  copy(from: string, to: string): void {
    this.copyEnv.run(to, from);
  }
}

/**
 * The history row for a window's new state. `before` is its content before the change:
 * when both are JSON strings and the new one extends the old, only the suffix is kept.
 */
export function versionRow(now: WindowState, before?: string | null): { kind: 'full' | 'append'; content: string | null } {
  if (before != null && now.content != null && before.startsWith('"') && now.content.startsWith(before.slice(0, -1))) {
    const added = JSON.parse(now.content).slice(JSON.parse(before).length);
    return { kind: 'append', content: JSON.stringify(added) };
  }
  return { kind: 'full', content: now.content };
}

/** The state that rows from the last full version up to t (in order) add up to. */
export function foldVersions(rows: VersionRow[]): WindowState | undefined {
  const first = rows[0];
  if (!first || first[0] !== 'full') return undefined;
  let content = first[3];
  let last = first;
  for (const row of rows.slice(1)) {
    content = JSON.stringify(JSON.parse(content!) + JSON.parse(row[3]!));
    last = row;
  }
  return { type: last[1], opts: last[2], content };
}
