/**
 * Applying a write plan on Postgres, inside the caller's transaction: the state a
 * rule asked for (window and trace rows locked FOR UPDATE, so concurrent writers to
 * one window, on any server, take turns), then each op in order.
 */
import type { RunMetaPatch, WindowOpts } from '../../protocol/index.js';
import type { Applied, Rule, StateRequest, WriteState } from '../write/plan.js';
import { versionRow, type WindowState } from './history.js';
import type { Query } from './pg-db.js';
import { TRACE_COLUMNS, traceRow, type PgTraceRow } from './pg-read.js';
import type { PgSeries } from './pg-series.js';
import { ITEM_TYPES, type NewWindow } from './store.js';

export async function applyRule(q: Query, series: PgSeries, req: StateRequest, rule: Rule): Promise<Applied> {
  const { state, touchedAt } = await loadState(q, series, req);
  const plan = rule(state);
  const applied: Applied = { plan, starts: [], traceIds: [] };
  const now = req.now;
  for (const [i, op] of plan.ops.entries()) {
    switch (op.op) {
      case 'touchEnv':
        await touchEnv(q, op.env, now, state.envExists ? touchedAt : undefined);
        break;
      case 'putWindow':
        await putWindow(q, op.env, op.win, op.window, now);
        break;
      case 'addTrace': {
        const [row] = await q<{ id: number }>('INSERT INTO traces (env, win, pos, name, props) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
          op.env, op.win, op.pos, op.name, JSON.stringify(op.props),
        ]);
        applied.traceIds[i] = row!.id;
        await series.append(q, row!.id, op.points.x, op.points.y, op.points.t);
        break;
      }
      case 'append':
        applied.starts[i] = await series.append(q, op.trace, op.points.x, op.points.y, op.points.t);
        break;
      case 'deleteTrace':
        series.forget(op.trace);
        await q('DELETE FROM traces WHERE id = $1', [op.trace]);
        break;
      case 'renameTrace':
        await q('UPDATE traces SET name = $2 WHERE id = $1', [op.trace, op.name]);
        break;
      case 'setTraceProps':
        await q('UPDATE traces SET props = $2 WHERE id = $1', [op.trace, JSON.stringify(op.props)]);
        break;
      case 'setOpts':
        await setOpts(q, op.env, op.win, op.opts, now);
        break;
      case 'setContent':
        await setContent(q, op.env, op.win, op.content, now);
        break;
      case 'touchWindow':
        await q('UPDATE windows SET version = version + 1, updated_at = $3 WHERE env = $1 AND id = $2', [op.env, op.win, now]);
        break;
      case 'appendItem':
        await insertItem(q, op.env, op.win, op.item, now);
        await q('UPDATE windows SET version = version + 1, updated_at = $3 WHERE env = $1 AND id = $2', [op.env, op.win, now]);
        break;
      case 'closeWindow':
        await q('UPDATE windows SET closed_at = $3, version = version + 1 WHERE env = $1 AND id = $2 AND closed_at IS NULL', [op.env, op.win, now]);
        break;
      case 'reopenWindow':
        await q('UPDATE windows SET closed_at = NULL, version = version + 1, updated_at = $3 WHERE env = $1 AND id = $2 AND closed_at IS NOT NULL', [op.env, op.win, now]);
        break;
      case 'deleteEnv':
        await q('DELETE FROM envs WHERE id = $1', [op.env]);
        break;
      case 'renameEnv':
        // Windows, traces, items and history follow through ON UPDATE CASCADE.
        await q('UPDATE envs SET id = $2, updated_at = $3 WHERE id = $1', [op.from, op.to, now]);
        break;
      case 'copyEnv':
        await copyEnv(q, op.from, op.to, now);
        break;
      case 'setRunMeta':
        await setRunMeta(q, op.env, op.patch, now);
        break;
      default:
        throw new Error(`${(op as { op: string }).op} is not applied on Postgres yet; use a SQLite --db for it`);
    }
  }
  return applied;
}

/**
 * The state a rule asked for, in one round trip: the window row and its traces locked
 * FOR UPDATE (window first, as every write takes them), and the envs the rule checks.
 * On a loaded machine each round trip to Postgres waits for the scheduler twice, so an
 * append's statements are kept few.
 */
const STATE_SQL = `
  WITH w AS MATERIALIZED (SELECT type, opts, content, closed_at FROM windows WHERE env = $1 AND id = $2 FOR UPDATE),
       t AS MATERIALIZED (SELECT ${TRACE_COLUMNS} FROM traces WHERE $3 AND env = $1 AND win = $2 ORDER BY pos, id FOR UPDATE)
  SELECT (SELECT row_to_json(w) FROM w) AS win,
         (SELECT coalesce(json_agg(t ORDER BY t.pos, t.id), '[]') FROM t) AS traces,
         (SELECT coalesce(json_agg(json_build_object('id', e.id, 'updated_at', e.updated_at)), '[]') FROM envs e WHERE e.id = ANY($4::text[])) AS envs`;

type WindowRow = { type: string; opts: string; content: string | null; closed_at: number | null };
type EnvRow = { id: string; updated_at: number };

/** The rule's state, and when the write's env was last marked active (touchEnv's shortcut). */
async function loadState(q: Query, series: PgSeries, req: StateRequest): Promise<{ state: WriteState; touchedAt: number | undefined }> {
  let window: WriteState['window'];
  let traces: WriteState['traces'] = [];
  let envRows: EnvRow[];
  const names = [req.env, ...(req.envs ?? [])];
  if (req.win !== undefined) {
    const [r] = await q<{ win: WindowRow | null; traces: PgTraceRow[]; envs: EnvRow[] }>(STATE_SQL, [req.env, req.win, req.traces === true, names]);
    const row = r!.win;
    if (row) {
      const type = row.type as NewWindow['type'];
      window = { type, opts: JSON.parse(row.opts), content: ITEM_TYPES.includes(type) || row.content === null ? null : JSON.parse(row.content), closed: row.closed_at !== null };
    }
    traces = r!.traces.map(traceRow);
    envRows = r!.envs;
  } else {
    envRows = await q<EnvRow>('SELECT id, updated_at FROM envs WHERE id = ANY($1::text[])', [names]);
  }
  const probes: WriteState['probes'] = new Map();
  if (req.probes) {
    for (const t of traces) {
      if (t.n === 0) continue;
      const first = await series.readSeq(q, t.id, 0, 1);
      const last = await series.readSeq(q, t.id, t.n - 1, t.n);
      probes.set(t.id, { first: { x: first.x[0] ?? NaN, y: first.y[0] ?? NaN }, last: { x: last.x[0] ?? NaN, y: last.y[0] ?? NaN } });
    }
  }
  const existing = new Set(envRows.map((r) => r.id));
  const windowIds = req.windowIds
    ? (await q<{ id: string }>('SELECT id FROM windows WHERE env = $1 AND closed_at IS NULL ORDER BY ord, id COLLATE "C"', [req.env])).map((r) => r.id)
    : [];
  const state: WriteState = {
    now: req.now,
    envExists: existing.has(req.env),
    envs: Object.fromEntries((req.envs ?? []).map((e) => [e, existing.has(e)])),
    window,
    traces,
    probes,
    windowIds,
  };
  return { state, touchedAt: envRows.find((r) => r.id === req.env)?.updated_at };
}

/**
 * How stale an existing env's activity time may be before a write moves it. Every append
 * touches its env; rewriting the env row each time would make all trainers of one env queue
 * on that row's lock until each other's commits (4 trainers: 30 appends/s in all). Activity
 * is shown to the second, so the row is rewritten at most about once a second.
 */
export const ENV_TOUCH_MS = 1000;

async function touchEnv(q: Query, env: string, now: number, touchedAt: number | undefined): Promise<void> {
  if (touchedAt !== undefined && now - touchedAt < ENV_TOUCH_MS && now >= touchedAt) return;
  await q('INSERT INTO envs (id, created_at, updated_at) VALUES ($1, $2, $2) ON CONFLICT (id) DO UPDATE SET updated_at = greatest(envs.updated_at, excluded.updated_at)', [env, now]);
}

/** Creates a window, or resets the one with that id in place (its traces and items go; a closed one starts now). */
async function putWindow(q: Query, env: string, win: string, w: NewWindow, now: number): Promise<void> {
  const content = w.content === undefined ? null : JSON.stringify(w.content);
  const reset = await q(
    `UPDATE windows SET type = $3, opts = $4, content = $5, version = version + 1, updated_at = $6,
       created_at = CASE WHEN closed_at IS NULL THEN created_at ELSE $6 END, closed_at = NULL
     WHERE env = $1 AND id = $2 RETURNING 1`,
    [env, win, w.type, JSON.stringify(w.opts), content, now],
  );
  if (reset.length > 0) {
    await q('DELETE FROM traces WHERE env = $1 AND win = $2', [env, win]);
    await q('DELETE FROM window_items WHERE env = $1 AND win = $2', [env, win]);
  } else {
    await q(
      `INSERT INTO windows (env, id, type, ord, version, opts, content, created_at, updated_at)
       VALUES ($1, $2, $3, (SELECT coalesce(max(ord) + 1, 0) FROM windows WHERE env = $1), 1, $4, $5, $6, $6)`,
      [env, win, w.type, JSON.stringify(w.opts), content, now],
    );
  }
  for (const item of w.items ?? []) await insertItem(q, env, win, item, now);
  await recordVersion(q, env, win, now);
}

async function insertItem(q: Query, env: string, win: string, item: unknown, now: number): Promise<void> {
  await q(
    'INSERT INTO window_items (env, win, seq, item, t) VALUES ($1, $2, (SELECT coalesce(max(seq) + 1, 0) FROM window_items WHERE env = $1 AND win = $2), $3, $4)',
    [env, win, JSON.stringify(item), now],
  );
}

async function setOpts(q: Query, env: string, win: string, opts: WindowOpts, now: number): Promise<void> {
  await q('UPDATE windows SET opts = $3, version = version + 1, updated_at = $4 WHERE env = $1 AND id = $2', [env, win, JSON.stringify(opts), now]);
  await recordVersion(q, env, win, now);
}

async function setContent(q: Query, env: string, win: string, content: unknown, now: number): Promise<void> {
  const [before] = await q<{ content: string | null }>('SELECT content FROM windows WHERE env = $1 AND id = $2', [env, win]);
  await q('UPDATE windows SET content = $3, version = version + 1, updated_at = $4 WHERE env = $1 AND id = $2', [env, win, JSON.stringify(content), now]);
  await recordVersion(q, env, win, now, before?.content);
}

/** Keeps the window's state after a change, for replay (history.ts decides full or appended text). */
async function recordVersion(q: Query, env: string, win: string, now: number, before?: string | null): Promise<void> {
  const [state] = await q<WindowState>('SELECT type, opts, content FROM windows WHERE env = $1 AND id = $2', [env, win]);
  const v = versionRow(state!, before);
  await q('INSERT INTO window_versions (env, win, t, kind, type, opts, content) VALUES ($1, $2, $3, $4, $5, $6, $7)', [env, win, now, v.kind, state!.type, state!.opts, v.content]);
}

/** Copies env `from` (windows, traces, points, items, history) into the new env `to`, row by row in SQL: points are never decoded. */
async function copyEnv(q: Query, from: string, to: string, now: number): Promise<void> {
  await touchEnv(q, to, now, undefined);
  await q(
    `INSERT INTO windows (env, id, type, ord, version, opts, content, created_at, updated_at, closed_at)
     SELECT $2, id, type, ord, version, opts, content, created_at, $3, closed_at FROM windows WHERE env = $1`,
    [from, to, now],
  );
  for (const { id } of await q<{ id: number }>('SELECT id FROM traces WHERE env = $1 ORDER BY id', [from])) {
    const [copy] = await q<{ id: number }>(
      `INSERT INTO traces (env, win, pos, name, props, n, sealed, x_min, x_max, y_min, y_max, last_t)
       SELECT $2, win, pos, name, props, n, sealed, x_min, x_max, y_min, y_max, last_t FROM traces WHERE id = $1 RETURNING id`,
      [id, to],
    );
    await q('INSERT INTO chunks (trace_id, seq0, n, x_min, x_max, t0, t1, marks, xs, ys, ts) SELECT $2, seq0, n, x_min, x_max, t0, t1, marks, xs, ys, ts FROM chunks WHERE trace_id = $1', [id, copy!.id]);
    await q('INSERT INTO tail (trace_id, seq, x, y, t) SELECT $2, seq, x, y, t FROM tail WHERE trace_id = $1', [id, copy!.id]);
    await q('INSERT INTO summary_blocks (trace_id, seq0, data) SELECT $2, seq0, data FROM summary_blocks WHERE trace_id = $1', [id, copy!.id]);
    await q('INSERT INTO summary_levels (trace_id, level, seq0, data) SELECT $2, level, seq0, data FROM summary_levels WHERE trace_id = $1', [id, copy!.id]);
  }
  await q('INSERT INTO window_items (env, win, seq, item, t) SELECT $2, win, seq, item, t FROM window_items WHERE env = $1', [from, to]);
  await q('INSERT INTO window_versions (env, win, t, kind, type, opts, content) SELECT $2, win, t, kind, type, opts, content FROM window_versions WHERE env = $1 ORDER BY id', [from, to]);
  await q('INSERT INTO run_meta (env, config, tags, notes, color, finished_at) SELECT $2, config, tags, notes, color, finished_at FROM run_meta WHERE env = $1', [from, to]);
}

/** Replaces the run metadata fields the patch gives (the env exists: the rule touched it in this transaction). */
async function setRunMeta(q: Query, env: string, patch: RunMetaPatch, now: number): Promise<void> {
  await q('INSERT INTO run_meta (env) VALUES ($1) ON CONFLICT (env) DO NOTHING', [env]);
  const sets: string[] = [];
  const params: unknown[] = [env];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (patch.config !== undefined) set('config', JSON.stringify(patch.config));
  if (patch.tags !== undefined) set('tags', JSON.stringify(patch.tags));
  if (patch.notes !== undefined) set('notes', patch.notes);
  if (patch.color !== undefined) set('color', patch.color);
  if (patch.finished !== undefined) set('finished_at', patch.finished ? now : null);
  if (sets.length > 0) await q(`UPDATE run_meta SET ${sets.join(', ')} WHERE env = $1`, params);
}
