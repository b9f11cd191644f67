/**
 * Run metadata (config, tags, notes, colour, finished) of envs: one `run_meta` row per
 * env that has any. Read joined into the env list (sqlite-envs.ts); written by the
 * `setRunMeta` op of a write plan, copied by `copyEnv`, moved by a rename (sqlite-envs.ts).
 */
import { EMPTY_RUN_META, type RunMeta, type RunMetaPatch } from '../../protocol/index.js';
import type { Db } from './db.js';

/** The run_meta columns as the env list selects them (`m.*` under these names). */
export const META_COLUMNS = 'm.config AS meta_config, m.tags AS meta_tags, m.notes AS meta_notes, m.color AS meta_color, m.finished_at AS meta_finished_at';

export interface MetaColumns {
  meta_config: string | null;
  meta_tags: string | null;
  meta_notes: string | null;
  meta_color: string | null;
  meta_finished_at: number | null;
}

/** A row with META_COLUMNS (all null when the env has no run_meta row) as RunMeta. */
export function metaOf(r: MetaColumns): RunMeta {
  if (r.meta_config === null) return { ...EMPTY_RUN_META, config: {}, tags: [] };
  return {
    config: JSON.parse(r.meta_config),
    tags: JSON.parse(r.meta_tags ?? '[]'),
    notes: r.meta_notes ?? '',
    color: r.meta_color,
    finishedAt: r.meta_finished_at,
  };
}

export class RunMetaStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      get: db.prepare(`SELECT ${META_COLUMNS} FROM envs e LEFT JOIN run_meta m ON m.env = e.id WHERE e.id = ?`),
      ensure: db.prepare('INSERT INTO run_meta (env) VALUES (?) ON CONFLICT(env) DO NOTHING'),
      config: db.prepare('UPDATE run_meta SET config = ? WHERE env = ?'),
      tags: db.prepare('UPDATE run_meta SET tags = ? WHERE env = ?'),
      notes: db.prepare('UPDATE run_meta SET notes = ? WHERE env = ?'),
      color: db.prepare('UPDATE run_meta SET color = ? WHERE env = ?'),
      finished: db.prepare('UPDATE run_meta SET finished_at = ? WHERE env = ?'),
      copy: db.prepare(
        'INSERT INTO run_meta (env, config, tags, notes, color, finished_at) SELECT ?, config, tags, notes, color, finished_at FROM run_meta WHERE env = ?',
      ),
    };
  }

  /** The env's metadata (defaults when it has none), or undefined when the env does not exist. */
  get(env: string): RunMeta | undefined {
    const row = this.s.get.get(env) as MetaColumns | undefined;
    return row && metaOf(row);
  }

  /** Replaces the fields the patch gives; the env exists (the caller checked, in the same transaction). */
  patch(env: string, patch: RunMetaPatch, now: number): void {
    this.s.ensure.run(env);
    if (patch.config !== undefined) this.s.config.run(JSON.stringify(patch.config), env);
    if (patch.tags !== undefined) this.s.tags.run(JSON.stringify(patch.tags), env);
    if (patch.notes !== undefined) this.s.notes.run(patch.notes, env);
    if (patch.color !== undefined) this.s.color.run(patch.color, env);
    if (patch.finished !== undefined) this.s.finished.run(patch.finished ? now : null, env);
  }

  /** Gives env `to` (a new copy of `from`) the same metadata. */
  copy(from: string, to: string): void {
    this.s.copy.run(to, from);
  }
}
