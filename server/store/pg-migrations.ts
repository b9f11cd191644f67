/**
 * The Postgres schema, as an ordered list of migrations numbered from 1 and recorded
 * in `runboard_schema`. Versioned apart from SQLite's (migrations.ts): each backend
 * has its own list. Append only; never edit a migration that has shipped.
 *
 * The shape is SQLite's: a trace row with its point count, sealed chunks of 256
 * points (Float64 columns as bytea, TOAST-compressed) with their summaries packed in
 * `summary_blocks`, and a tail of unsealed points, one row each. Column names avoid
 * Postgres's system columns (xmin, xmax): ranges are x_min, x_max, y_min, y_max.
 * Trace ids come from one identity sequence, so they are global and never reused:
 * a socket cursor means the same on every server. Env renames cascade (ON UPDATE).
 * Times are ms since the epoch as double precision, like the JS numbers they are.
 */
import type { Query } from './pg-db.js';
import { backfillPgLevels } from './pg-summaries.js';

export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE envs (
    id          text PRIMARY KEY,
    created_at  double precision NOT NULL,
    updated_at  double precision NOT NULL
  );

  CREATE TABLE windows (
    env         text NOT NULL REFERENCES envs(id) ON DELETE CASCADE ON UPDATE CASCADE,
    id          text NOT NULL,
    type        text NOT NULL,
    ord         integer NOT NULL,
    version     bigint NOT NULL,
    opts        text NOT NULL,
    content     text,
    created_at  double precision NOT NULL,
    updated_at  double precision NOT NULL,
    closed_at   double precision,
    PRIMARY KEY (env, id)
  );

  CREATE TABLE traces (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    env         text NOT NULL,
    win         text NOT NULL,
    pos         integer NOT NULL,
    name        text NOT NULL,
    props       text NOT NULL,
    n           bigint NOT NULL DEFAULT 0,
    sealed      bigint NOT NULL DEFAULT 0,
    x_min double precision, x_max double precision, y_min double precision, y_max double precision,
    last_t      double precision NOT NULL DEFAULT 0,
    FOREIGN KEY (env, win) REFERENCES windows(env, id) ON DELETE CASCADE ON UPDATE CASCADE
  );
  CREATE INDEX traces_by_window ON traces(env, win, pos);

  CREATE TABLE chunks (
    trace_id    bigint NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    seq0        bigint NOT NULL,
    n           integer NOT NULL,
    x_min double precision, x_max double precision,
    t0 double precision NOT NULL, t1 double precision NOT NULL,
    marks       bytea NOT NULL,
    xs          bytea NOT NULL,
    ys          bytea NOT NULL,
    ts          bytea NOT NULL,
    PRIMARY KEY (trace_id, seq0)
  );

  CREATE TABLE tail (
    trace_id    bigint NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    seq         bigint NOT NULL,
    x           double precision,
    y           double precision,
    t           double precision NOT NULL,
    PRIMARY KEY (trace_id, seq)
  );

  CREATE TABLE summary_blocks (
    trace_id    bigint NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    seq0        bigint NOT NULL,
    data        bytea NOT NULL,
    PRIMARY KEY (trace_id, seq0)
  );

  CREATE TABLE window_items (
    env         text NOT NULL,
    win         text NOT NULL,
    seq         integer NOT NULL,
    item        text NOT NULL,
    t           double precision NOT NULL,
    PRIMARY KEY (env, win, seq),
    FOREIGN KEY (env, win) REFERENCES windows(env, id) ON DELETE CASCADE ON UPDATE CASCADE
  );

  CREATE TABLE window_versions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    env         text NOT NULL,
    win         text NOT NULL,
    t           double precision NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('full', 'append')),
    type        text NOT NULL,
    opts        text NOT NULL,
    content     text,
    FOREIGN KEY (env, win) REFERENCES windows(env, id) ON DELETE CASCADE ON UPDATE CASCADE
  );
  CREATE INDEX window_versions_by_window ON window_versions(env, win, t);
  `,
  // 2: run metadata (issue 10), as SQLite's migration 7: one row per env that has any.
  // config and tags are JSON text, read back exactly as written; a rename or delete of
  // the env carries the row (ON UPDATE / ON DELETE CASCADE).
  `
  CREATE TABLE run_meta (
    env         text PRIMARY KEY REFERENCES envs(id) ON DELETE CASCADE ON UPDATE CASCADE,
    config      text NOT NULL DEFAULT '{}',
    tags        text NOT NULL DEFAULT '[]',
    notes       text NOT NULL DEFAULT '',
    color       text,
    finished_at double precision
  );
  `,
  // 3: summary levels above the chunk summaries (summary-levels.ts), as SQLite's migration 9:
  // a row holds FANOUT records of one level, keyed by the seq0 of its first. Traces
  // sealed before are backfilled (PG_AFTER_MIGRATION).
  `
  CREATE TABLE summary_levels (
    trace_id    bigint NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    level       integer NOT NULL,
    seq0        bigint NOT NULL,
    data        bytea NOT NULL,
    PRIMARY KEY (trace_id, level, seq0)
  );
  `,
];

/** Work in code after a migration's SQL, in its transaction: by the version it brings the database to. */
export const PG_AFTER_MIGRATION: Readonly<Record<number, (q: Query) => Promise<void>>> = { 3: backfillPgLevels };
