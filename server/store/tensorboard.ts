/**
 * What the TensorBoard logdir reader remembers between starts: the byte offset read up
 * to in each event file (keyed by its absolute path), and the plugin of each tag of
 * each env. Writes happen inside the transaction that writes the points they cover.
 */
import type { Db } from './db.js';

export class TensorboardState {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      offsets: db.prepare('SELECT path, offset FROM tensorboard_files WHERE path >= ? AND path < ?').raw(),
      setOffset: db.prepare(
        'INSERT INTO tensorboard_files (path, env, offset) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET offset = excluded.offset, env = excluded.env',
      ),
      tags: db.prepare('SELECT tag, plugin FROM tensorboard_tags WHERE env = ?').raw(),
      setTag: db.prepare(
        'INSERT INTO tensorboard_tags (env, tag, plugin) VALUES (?, ?, ?) ON CONFLICT(env, tag) DO UPDATE SET plugin = excluded.plugin',
      ),
    };
  }

  /** Offsets of the files under directory `dir` (an absolute path ending in a separator). */
  offsetsUnder(dir: string): Map<string, number> {
    const rows = this.s.offsets.all(dir, dir + '\uffff') as [string, number][];
    return new Map(rows);
  }

  setOffset(path: string, env: string, offset: number): void {
    this.s.setOffset.run(path, env, offset);
  }

  tags(env: string): Map<string, string> {
    return new Map(this.s.tags.all(env) as [string, string][]);
  }

  setTag(env: string, tag: string, plugin: string): void {
    this.s.setTag.run(env, tag, plugin);
  }
}
