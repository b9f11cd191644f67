/** Schema migrations on a real SQLite file: a database from before a migration keeps its points. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../server/store/db.js';
import { MIGRATIONS } from '../server/store/migrations.js';
import { SqliteStore as Store } from '../server/store/sqlite-store.js';
import { tempDir } from './helpers.js';

describe('migrations', () => {
  it('rebuilds the tail at version 5 so x may be null, keeping every point stored before', () => {
    const path = join(tempDir(), 'v4.db');
    const old = new Database(path);
    for (const sql of MIGRATIONS.slice(0, 4)) old.exec(sql);
    old.pragma('user_version = 4');
    old.exec(`
      INSERT INTO envs VALUES ('e', 1, 1);
      INSERT INTO windows VALUES ('e', 'w', 'line', 0, 1, '{}', NULL, 1, 1);
      INSERT INTO traces (env, win, pos, name, props, n, xmin, xmax, ymin, ymax, last_t) VALUES ('e', 'w', 0, 'a', '{}', 2, 0, 1, 5, 6, 9);
      INSERT INTO tail VALUES (1, 0, 0, 5, 8), (1, 1, 1, 6, 9);`);
    old.close();

    const db = openDb(path);
    const store = new Store(db);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.series.readSeq(1, 0, 2)).toEqual({ x: [0, 1], y: [5, 6], t: [8, 9] });
    const [trace] = store.traces('e', 'w');
    store.transaction(() => store.series.append(trace!, [NaN, 2], [NaN, 7], 10));
    expect(store.series.readSeq(1, 0, 4)).toEqual({ x: [0, 1, null, 2], y: [5, 6, null, 7], t: [8, 9, 10, 10] });
    closeDb(db);
  });
});
