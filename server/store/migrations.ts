/**
 * The schema, as an ordered list of migrations keyed by `PRAGMA user_version`.
 * Migration i brings a database from version i to i+1. Append only; never edit a
 * migration that has shipped.
 *
 * Series points live in two tables: `tail` holds the newest points of a trace, one
 * row each, so a one-point append is one small insert; every CHUNK_POINTS points are
 * sealed into one `chunks` row (columns packed as Float64 blobs) with a summary of
 * its first, last, min, max and first-gap points, so a decimated read of millions
 * of points touches summaries, not points.
 */
import type { Db } from './db.js';
import { backfillLevels } from './sqlite-summaries.js';

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE envs (
    id          TEXT PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE windows (
    env         TEXT NOT NULL REFERENCES envs(id) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    type        TEXT NOT NULL,
    ord         INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    opts        TEXT NOT NULL,
    content     TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (env, id)
  );

  CREATE TABLE traces (
    -- AUTOINCREMENT: a trace id is never reused, since socket cursors are keyed by it.
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    env         TEXT NOT NULL,
    win         TEXT NOT NULL,
    pos         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    props       TEXT NOT NULL,
    n           INTEGER NOT NULL DEFAULT 0,
    sealed      INTEGER NOT NULL DEFAULT 0,
    xmin REAL, xmax REAL, ymin REAL, ymax REAL,
    last_t      INTEGER NOT NULL DEFAULT 0,
    FOREIGN KEY (env, win) REFERENCES windows(env, id) ON DELETE CASCADE
  );
  CREATE INDEX traces_by_window ON traces(env, win, pos);

  CREATE TABLE chunks (
    id          INTEGER PRIMARY KEY,
    trace_id    INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    seq0        INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    xmin REAL, xmax REAL,
    t0 INTEGER NOT NULL, t1 INTEGER NOT NULL,
    marks       BLOB NOT NULL,
    xs          BLOB NOT NULL,
    ys          BLOB NOT NULL,
    ts          BLOB NOT NULL
  );
  CREATE UNIQUE INDEX chunks_by_trace ON chunks(trace_id, seq0);

  CREATE TABLE tail (
    trace_id    INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    x           REAL NOT NULL,
    y           REAL,
    t           INTEGER NOT NULL,
    PRIMARY KEY (trace_id, seq)
  ) WITHOUT ROWID;
  `,
  // Chunk summaries packed SUMMARY_BLOCK_CHUNKS to a row, so loading a trace's
  // summaries reads a few rows instead of one per chunk. Chunks sealed before this
  // table existed are read from their own rows.
  `
  CREATE TABLE summary_blocks (
    id          INTEGER PRIMARY KEY,
    trace_id    INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    seq0        INTEGER NOT NULL,
    data        BLOB NOT NULL
  );
  CREATE UNIQUE INDEX summary_blocks_by_trace ON summary_blocks(trace_id, seq0);
  `,
  // 3: items of image_history windows, one row each, so keeping one more image is one insert.
  `
  CREATE TABLE window_items (
    env         TEXT NOT NULL,
    win         TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    item        TEXT NOT NULL,
    PRIMARY KEY (env, win, seq),
    FOREIGN KEY (env, win) REFERENCES windows(env, id) ON DELETE CASCADE
  ) WITHOUT ROWID;
  `,
  // 4: history for replay. Each window's type/opts/content as of every change ('full'),
  // or just the text appended ('append', so a growing text log is not copied per line);
  // and the time each image_history item arrived.
  `
  ALTER TABLE window_items ADD COLUMN t INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE window_versions (
    id          INTEGER PRIMARY KEY,
    env         TEXT NOT NULL,
    win         TEXT NOT NULL,
    t           INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('full', 'append')),
    type        TEXT NOT NULL,
    opts        TEXT NOT NULL,
    content     TEXT,
    FOREIGN KEY (env, win) REFERENCES windows(env, id) ON UPDATE CASCADE ON DELETE CASCADE
  );
  CREATE INDEX window_versions_by_window ON window_versions(env, win, t);
  `,
  // 5: a point's x may be NULL: a break with no position (the Visdom client's stem and
  // quiver separators). SQLite cannot drop NOT NULL in place, so the tail is rebuilt.
  `
  CREATE TABLE tail_v5 (
    trace_id    INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    x           REAL,
    y           REAL,
    t           INTEGER NOT NULL,
    PRIMARY KEY (trace_id, seq)
  ) WITHOUT ROWID;
  INSERT INTO tail_v5 (trace_id, seq, x, y, t) SELECT trace_id, seq, x, y, t FROM tail;
  DROP TABLE tail;
  ALTER TABLE tail_v5 RENAME TO tail;
  `,
  // 6: closing a window is recorded, not erased: it keeps its rows with the time it was
  // closed, so replay shows it until then and an undo brings it back with its points.
  `
  ALTER TABLE windows ADD COLUMN closed_at INTEGER;
  `,
  // 7: run metadata (PATCH /api/env/:env): config as JSON, tags as a JSON array, notes,
  // a colour, and when the trainer said the run finished. One row per env that has any.
  `
  CREATE TABLE run_meta (
    env         TEXT PRIMARY KEY REFERENCES envs(id) ON DELETE CASCADE ON UPDATE CASCADE,
    config      TEXT NOT NULL DEFAULT '{}',
    tags        TEXT NOT NULL DEFAULT '[]',
    notes       TEXT NOT NULL DEFAULT '',
    color       TEXT,
    finished_at INTEGER
  ) WITHOUT ROWID;
  `,
  // 8: TensorBoard logdirs (--logdir): how far each event file has been read, written in
  // the same transaction as its points so a restart resumes exactly; and the plugin of each
  // tag (TF2 writers send it with a tag's first value only).
  `
  CREATE TABLE tensorboard_files (
    path        TEXT PRIMARY KEY,
    env         TEXT NOT NULL,
    offset      INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE tensorboard_tags (
    env         TEXT NOT NULL,
    tag         TEXT NOT NULL,
    plugin      TEXT NOT NULL,
    PRIMARY KEY (env, tag)
  ) WITHOUT ROWID;
  `,
  // 9: summary levels above the chunk summaries (summary-levels.ts), persisted so a read
  // loads only the blocks it opens: a row holds FANOUT records of one level, keyed by the
  // seq0 of its first. Traces sealed before are backfilled (AFTER_MIGRATION).
  `
  CREATE TABLE summary_levels (
    id          INTEGER PRIMARY KEY,
    trace_id    INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    level       INTEGER NOT NULL,
    seq0        INTEGER NOT NULL,
    data        BLOB NOT NULL
  );
  CREATE UNIQUE INDEX summary_levels_by_trace ON summary_levels(trace_id, level, seq0);
  `,
];

/** Work in code after a migration's SQL, in its transaction: by the version it brings the database to. */
export const AFTER_MIGRATION: Readonly<Record<number, (db: Db) => void>> = { 9: backfillLevels };
