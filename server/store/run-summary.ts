/**
 * The line and scatter traces of open windows, keyed the way the compare views match
 * windows (title, else id): what the runs table and the grouped view read (server/runs.ts).
 */
import type { Db } from './db.js';
import type { MetricTrace, TraceRow } from './store.js';

const SERIES_TRACES = `
  SELECT t.*, w.id AS win_id, w.opts AS win_opts FROM traces t JOIN windows w ON w.env = t.env AND w.id = t.win
  WHERE w.closed_at IS NULL AND w.type IN ('line', 'scatter')`;

/** The window's match key, as client/compare/match.ts `matchKey` reads it: its title, else its id. */
export function windowKey(id: string, optsJson: string): string {
  const title = (JSON.parse(optsJson) as { title?: unknown }).title;
  return typeof title === 'string' && title.trim() !== '' ? title.trim() : id;
}

export class MetricTraces {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      all: db.prepare(`${SERIES_TRACES} ORDER BY t.env, w.ord, t.pos, t.id`),
      ofEnv: db.prepare(`${SERIES_TRACES} AND t.env = ? ORDER BY w.ord, t.pos, t.id`),
    };
  }

  /** Every metric trace, of every env or of one. */
  list(env?: string): MetricTrace[] {
    const rows = (env === undefined ? this.s.all.all() : this.s.ofEnv.all(env)) as (TraceRow & { win_id: string; win_opts: string })[];
    return rows.map((r) => ({ env: r.env, win: windowKey(r.win_id, r.win_opts), trace: r.name, row: r }));
  }
}
