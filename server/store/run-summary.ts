/**
 * Reads for the runs table and grouped views: the line and scatter traces of open
 * windows, keyed the way the compare views match windows (title, else id), and each
 * trace's summary from its stored extent (min, max) and its last point: never every point.
 */
import type { MetricKey, MetricSummary } from '../../protocol/index.js';
import type { Db } from './db.js';
import type { SeriesStore } from './series.js';
import type { TraceRow } from './store.js';

/** A metric trace of an env. */
export interface MetricTrace extends MetricKey {
  env: string;
  row: TraceRow;
}

const SERIES_TRACES = `
  SELECT t.*, w.id AS win_id, w.opts AS win_opts FROM traces t JOIN windows w ON w.env = t.env AND w.id = t.win
  WHERE w.closed_at IS NULL AND w.type IN ('line', 'scatter')`;

/** The window's match key, as client/compare/match.ts `matchKey` reads it: its title, else its id. */
export function windowKey(id: string, optsJson: string): string {
  const title = (JSON.parse(optsJson) as { title?: unknown }).title;
  return typeof title === 'string' && title.trim() !== '' ? title.trim() : id;
}

export class RunSummaryStore {
  private readonly s;

  constructor(db: Db, private readonly series: SeriesStore) {
    this.s = {
      all: db.prepare(`${SERIES_TRACES} ORDER BY t.env, w.ord, t.pos, t.id`),
      ofEnv: db.prepare(`${SERIES_TRACES} AND t.env = ? ORDER BY w.ord, t.pos, t.id`),
    };
  }

  /** Every metric trace, of every env or of one. */
  traces(env?: string): MetricTrace[] {
    const rows = (env === undefined ? this.s.all.all() : this.s.ofEnv.all(env)) as (TraceRow & { win_id: string; win_opts: string })[];
    return rows.map((r) => ({ env: r.env, win: windowKey(r.win_id, r.win_opts), trace: r.name, row: r }));
  }

  /** last (with its x), min and max of a trace; min and max come from the stored extent, the last point from one read. */
  summary(row: TraceRow): MetricSummary {
    if (row.n === 0) return { last: null, step: null, min: null, max: null };
    const p = this.series.readSeq(row.id, row.n - 1, row.n);
    return { last: p.y[0] ?? null, step: p.x[0] ?? null, min: row.ymin, max: row.ymax };
  }
}
