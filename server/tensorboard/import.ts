/** `npm run import -- --tensorboard DIR`: one pass over a logdir, with a progress bar on stderr. */
import type { Ingest } from '../ingest.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { logdirTailer } from './follow.js';
import type { LogdirProgress } from './logdir.js';

const BAR = 30;

function bar(p: LogdirProgress, started: number): string {
  const frac = p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : 1;
  const filled = Math.round(frac * BAR);
  const secs = (Date.now() - started) / 1000;
  const rate = secs > 0 ? Math.round(p.values / secs) : 0;
  return (
    `\r[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${(100 * frac).toFixed(0).padStart(3)}%  ` +
    `${(p.bytes / 1e6).toFixed(1)}/${(p.totalBytes / 1e6).toFixed(1)} MB  ${p.files} files  ${p.values} values  ${rate}/s   `
  );
}

/** Imports `dir`; returns 1 when some records could not be read (they are listed), else 0. */
export async function importLogdir(dir: string, store: SqliteStore, ingest: Ingest): Promise<number> {
  const messages: string[] = [];
  const tailer = logdirTailer({ dir, pollMs: 1000, watch: false, log: (m) => messages.push(m) }, store, ingest);
  const started = Date.now();
  let lastDraw = 0;
  const draw = (p: LogdirProgress) => {
    const now = Date.now();
    if (now - lastDraw < 200) return;
    lastDraw = now;
    process.stderr.write(bar(p, started));
  };
  const p = await tailer.importAll(draw);
  process.stderr.write(`${bar(p, started)}\n`);
  await tailer.close();
  const envs = new Set(store.listEnvs().map((e) => e.id)).size;
  console.log(`${dir}: ${p.records} records, ${p.values} values from ${p.files} event files (${envs} envs in the database) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const m of messages) console.log(`  ${m}`);
  return p.problems > 0 ? 1 : 0;
}
