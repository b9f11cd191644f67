/**
 * The on-disk spool: ops that could not be delivered for a while, one JSON per
 * line, oldest first. Writes are synchronous so they also work in an `exit` handler.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Op } from './ops.js';

export class Spool {
  constructor(readonly path: string) {}

  /** Appends ops after those already spooled (they are newer). */
  append(ops: Op[]): void {
    if (ops.length === 0) return;
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, ops.map((op) => JSON.stringify(op) + '\n').join(''));
  }

  /** True when a spool file is there (maybe left by an earlier process). */
  exists(): boolean {
    return existsSync(this.path);
  }

  /** Every spooled op, oldest first. A torn last line (a crash mid-write) is skipped. */
  read(): Op[] {
    if (!existsSync(this.path)) return [];
    const ops: Op[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (line === '') continue;
      try {
        ops.push(JSON.parse(line) as Op);
      } catch {}
    }
    return ops;
  }

  /** Replaces the spool with `ops` (the ones still undelivered); removes the file when none are left. */
  replace(ops: Op[]): void {
    if (ops.length === 0) rmSync(this.path, { force: true });
    else writeFileSync(this.path, ops.map((op) => JSON.stringify(op) + '\n').join(''));
  }
}
