/**
 * Reads on Postgres, given a query function: on the pool for one-statement reads, or
 * on one client inside a REPEATABLE READ transaction (PgStore.snapshot) when several
 * statements must see one committed state.
 */
import type { EnvSummary, RunMeta, WindowInfo } from '../../protocol/index.js';
import type { Columns } from './decimate.js';
import { foldVersions, type VersionRow } from './history.js';
import type { Query } from './pg-db.js';
import type { PgSeries } from './pg-series.js';
import type { View, ViewRequest } from './series-view.js';
import { META_COLUMNS, metaOf, type MetaColumns } from './run-meta.js';
import { windowKey } from './run-summary.js';
import { envSummary, type EnvRow } from './sqlite-envs.js';
import { windowInfo, type WindowRow } from './sqlite-windows.js';
import { ITEM_TYPES, traceInfo, type ArrivalSpan, type MetricTrace, type StoreReader, type TraceRow } from './store.js';

interface WinColumns {
  win_id: string;
  win_opts: string;
}

const TRACE_COLUMN_NAMES = ['id', 'env', 'win', 'pos', 'name', 'props', 'n', 'sealed', 'x_min', 'x_max', 'y_min', 'y_max', 'last_t'];
export const TRACE_COLUMNS = TRACE_COLUMN_NAMES.join(', ');

function traceColumnsOf(alias: string): string {
  return TRACE_COLUMN_NAMES.map((c) => `${alias}.${c}`).join(', ');
}

export const ENV_LIST_SQL = `
  SELECT e.id, e.created_at, e.updated_at, ${META_COLUMNS},
    (SELECT count(*) FROM windows w WHERE w.env = e.id AND w.closed_at IS NULL) AS windows,
    (SELECT coalesce(sum(t.n), 0) FROM traces t JOIN windows w ON w.env = t.env AND w.id = t.win WHERE t.env = e.id AND w.closed_at IS NULL) AS points
  FROM envs e LEFT JOIN run_meta m ON m.env = e.id`;

/** Line and scatter traces of open windows, as SQLite's MetricTraces selects them (run-summary.ts). */
const METRIC_TRACES_SQL = `
  SELECT ${traceColumnsOf('t')}, w.id AS win_id, w.opts AS win_opts
  FROM traces t JOIN windows w ON w.env = t.env AND w.id = t.win
  WHERE w.closed_at IS NULL AND w.type IN ('line', 'scatter')`;

export interface PgTraceRow {
  id: number;
  env: string;
  win: string;
  pos: number;
  name: string;
  props: string;
  n: number;
  sealed: number;
  x_min: number | null;
  x_max: number | null;
  y_min: number | null;
  y_max: number | null;
  last_t: number;
}

export function traceRow(r: PgTraceRow): TraceRow {
  return {
    id: r.id, env: r.env, win: r.win, pos: r.pos, name: r.name, props: r.props, n: r.n, sealed: r.sealed,
    xmin: r.x_min, xmax: r.x_max, ymin: r.y_min, ymax: r.y_max, last_t: r.last_t,
  };
}

/** The traces of a window (`win` given) or of a whole env, in order. */
export async function selectTraces(q: Query, env: string, win?: string): Promise<TraceRow[]> {
  const rows = win === undefined
    ? await q<PgTraceRow>(`SELECT ${TRACE_COLUMNS} FROM traces WHERE env = $1 ORDER BY win, pos, id`, [env])
    : await q<PgTraceRow>(`SELECT ${TRACE_COLUMNS} FROM traces WHERE env = $1 AND win = $2 ORDER BY pos, id`, [env, win]);
  return rows.map(traceRow);
}

export class PgReader implements StoreReader {
  constructor(
    private readonly q: Query,
    private readonly series: PgSeries,
  ) {}

  async listEnvs(): Promise<EnvSummary[]> {
    return (await this.q<EnvRow>(`${ENV_LIST_SQL} ORDER BY e.id COLLATE "C"`)).map(envSummary);
  }

  async envSummary(env: string): Promise<EnvSummary | undefined> {
    const [row] = await this.q<EnvRow>(
      `SELECT e.id, e.created_at, e.updated_at, ${META_COLUMNS},
         (SELECT count(*) FROM windows w WHERE w.env = e.id) AS windows,
         (SELECT coalesce(sum(n), 0) FROM traces t WHERE t.env = e.id) AS points
       FROM envs e LEFT JOIN run_meta m ON m.env = e.id WHERE e.id = $1`,
      [env],
    );
    return row && envSummary(row);
  }

  async envExists(env: string): Promise<boolean> {
    return (await this.q('SELECT 1 FROM envs WHERE id = $1', [env])).length > 0;
  }

  async window(env: string, win: string, { items = true, traces = true }: { items?: boolean; traces?: boolean } = {}): Promise<WindowInfo | undefined> {
    const [row] = await this.q<WindowRow>('SELECT * FROM windows WHERE env = $1 AND id = $2 AND closed_at IS NULL', [env, win]);
    if (!row) return undefined;
    const itemRows = ITEM_TYPES.includes(row.type) && items ? await this.items(env, win) : [];
    return windowInfo(row, itemRows, traces ? (await selectTraces(this.q, env, win)).map(traceInfo) : []);
  }

  async hasWindow(env: string, win: string): Promise<boolean> {
    return (await this.q('SELECT 1 FROM windows WHERE env = $1 AND id = $2 AND closed_at IS NULL', [env, win])).length > 0;
  }

  async windows(env: string): Promise<WindowInfo[]> {
    const rows = await this.q<WindowRow>('SELECT * FROM windows WHERE env = $1 AND closed_at IS NULL ORDER BY ord, id COLLATE "C"', [env]);
    const traces = await selectTraces(this.q, env);
    const out: WindowInfo[] = [];
    for (const row of rows) {
      const items = ITEM_TYPES.includes(row.type) ? await this.items(env, row.id) : [];
      out.push(windowInfo(row, items, traces.filter((t) => t.win === row.id).map(traceInfo)));
    }
    return out;
  }

  async windowsAt(env: string, t: number): Promise<WindowInfo[]> {
    const out: WindowInfo[] = [];
    const rows = await this.q<WindowRow>('SELECT * FROM windows WHERE env = $1 ORDER BY ord, id COLLATE "C"', [env]);
    for (const row of rows) {
      if (row.created_at > t || (row.closed_at !== null && row.closed_at <= t)) continue;
      const versions = await this.q<{ kind: VersionRow[0]; type: VersionRow[1]; opts: string; content: string | null }>(
        `SELECT kind, type, opts, content FROM window_versions
         WHERE env = $1 AND win = $2 AND t <= $3 AND id >= coalesce(
           (SELECT max(id) FROM window_versions WHERE env = $1 AND win = $2 AND t <= $3 AND kind = 'full'), 0)
         ORDER BY id`,
        [env, row.id, t],
      );
      const state = foldVersions(versions.map((v) => [v.kind, v.type, v.opts, v.content]));
      if (state) Object.assign(row, state);
      const info = windowInfo(row, [], (await selectTraces(this.q, env, row.id)).map(traceInfo));
      if (ITEM_TYPES.includes(row.type)) {
        const items = await this.q<{ item: string }>('SELECT item FROM window_items WHERE env = $1 AND win = $2 AND t <= $3 ORDER BY seq', [env, row.id, t]);
        info.content = items.map((i) => JSON.parse(i.item));
      }
      out.push(info);
    }
    return out;
  }

  traces(env: string, win: string): Promise<TraceRow[]> {
    return selectTraces(this.q, env, win);
  }

  async runMeta(env: string): Promise<RunMeta | undefined> {
    const [row] = await this.q<MetaColumns>(`SELECT ${META_COLUMNS} FROM envs e LEFT JOIN run_meta m ON m.env = e.id WHERE e.id = $1`, [env]);
    return row && metaOf(row);
  }

  async metricTraces(env?: string): Promise<MetricTrace[]> {
    const rows = env === undefined
      ? await this.q<PgTraceRow & WinColumns>(`${METRIC_TRACES_SQL} ORDER BY t.env COLLATE "C", w.ord, t.pos, t.id`)
      : await this.q<PgTraceRow & WinColumns>(`${METRIC_TRACES_SQL} AND t.env = $1 ORDER BY w.ord, t.pos, t.id`, [env]);
    return rows.map((r) => ({ env: r.env, win: windowKey(r.win_id, r.win_opts), trace: r.name, row: traceRow(r) }));
  }

  async arrivals(env: string): Promise<ArrivalSpan[]> {
    const spans: ArrivalSpan[] = (
      await this.q<{ t0: number; t1: number; n: number }>('SELECT c.t0, c.t1, c.n FROM chunks c JOIN traces tr ON tr.id = c.trace_id WHERE tr.env = $1', [env])
    ).map((r) => [r.t0, r.t1, r.n]);
    const grouped = async (sql: string) => {
      for (const r of await this.q<{ t: number; n: number }>(sql, [env])) spans.push([r.t, r.t, r.n]);
    };
    await grouped('SELECT tl.t, count(*) AS n FROM tail tl JOIN traces tr ON tr.id = tl.trace_id WHERE tr.env = $1 GROUP BY tl.t');
    // Window changes (creation included) and image_history items count as arrivals too.
    await grouped('SELECT t, count(*) AS n FROM window_versions WHERE env = $1 GROUP BY t');
    await grouped('SELECT t, count(*) AS n FROM window_items WHERE env = $1 GROUP BY t');
    return spans;
  }

  readSeq(traceId: number, from: number, to: number): Promise<Columns> {
    return this.series.readSeq(this.q, traceId, from, to);
  }

  view(trace: TraceRow, req: ViewRequest): Promise<View> {
    return this.series.view(this.q, trace, req);
  }

  extentBetween(trace: TraceRow, since: number, until: number): Promise<{ n: number; xmin: number; xmax: number } | null> {
    return this.series.extentBetween(this.q, trace, since, until);
  }

  private async items(env: string, win: string): Promise<string[]> {
    return (await this.q<{ item: string }>('SELECT item FROM window_items WHERE env = $1 AND win = $2 ORDER BY seq', [env, win])).map((r) => r.item);
  }
}
