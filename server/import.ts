/**
 * `npm run import -- [--db FILE] FILE...`: loads Visdom saved envs (`~/.visdom/<env>.json`)
 * and offline logs (`Visdom(offline=True, log_to_filename=...)`) into the runboard database;
 * `npm run import -- --tensorboard DIR` loads a TensorBoard logdir once (as --logdir would),
 * through the same translation and write path as live Visdom requests. Logs are streamed
 * line by line; progress goes to the terminal. A running server may keep running: SQLite
 * serializes the writes (its browsers see imported envs after a reload).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEFAULTS } from './config.js';
import { Hub } from './hub.js';
import { Ingest } from './ingest.js';
import { openStore } from './store/open.js';
import { SqliteStore } from './store/sqlite-store.js';
import { isPostgresUrl } from './store/store.js';
import { importLogdir } from './tensorboard/import.js';
import { importFile, type Progress } from './visdom/env-file.js';
import { VisdomWriter } from './visdom/writer.js';

const USAGE = `usage: npm run import -- [--db FILE] FILE...
       npm run import -- [--db FILE] --tensorboard DIR
  FILE              a Visdom saved env (<env>.json, imported as env <env>, replacing it)
                    or a Visdom offline log (one ["events"|"update", message] per line)
  --tensorboard DIR a TensorBoard logdir: each directory holding event files becomes the env
                    named by its path under DIR; read from where a previous import or a
                    server's --logdir stopped, so running it again adds only what is new
  --db FILE|URL     SQLite file or postgres:// URL (RUNBOARD_DB, default ./data/runboard.db)`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), options: { db: { type: 'string' }, tensorboard: { type: 'string' }, help: { type: 'boolean' } }, allowPositionals: true });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const logdir = parsed.values.tensorboard;
  if (parsed.values.help || (parsed.positionals.length === 0 && logdir === undefined)) {
    console.error(USAGE);
    return parsed.values.help ? 0 : 2;
  }
  const db = parsed.values.db ?? process.env.RUNBOARD_DB ?? DEFAULTS.dbPath;
  const store = await openStore(isPostgresUrl(db) ? db : resolve(db));
  const hub = new Hub();
  const ingest = new Ingest(store, hub);
  const writer = new VisdomWriter(store, ingest);
  let failed = 0;
  try {
    if (logdir !== undefined) {
      if (!(store instanceof SqliteStore)) throw new Error('--tensorboard needs a SQLite --db for now, not Postgres');
      failed += await importLogdir(resolve(logdir), store, ingest);
    }
    for (const file of parsed.positionals) {
      try {
        const r = await importFile(file, store, writer, progress);
        process.stderr.write('\n');
        console.log(`${file}: ${r.records} records imported${r.errors ? `, ${r.errors} skipped` : ''}`);
        for (const p of r.problems) console.log(`  ${p}`);
        if (r.errors) failed++;
      } catch (e) {
        process.stderr.write('\n');
        console.error(`${file}: ${(e as Error).message}`);
        failed++;
      }
    }
  } finally {
    ingest.close();
    hub.close();
    await store.close();
  }
  console.log(`database ${store.location}`);
  return failed ? 1 : 0;
}

let lastDraw = 0;
function progress(p: Progress): void {
  const now = Date.now();
  if (now - lastDraw < 200 && p.bytes < p.totalBytes) return;
  lastDraw = now;
  const pct = p.totalBytes > 0 ? ((100 * p.bytes) / p.totalBytes).toFixed(0) : '100';
  process.stderr.write(`\r${p.file}: ${pct}%  ${(p.bytes / 1e6).toFixed(1)}/${(p.totalBytes / 1e6).toFixed(1)} MB  ${p.records} records  ${p.errors} errors   `);
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`runboard import: ${(e as Error).message}`);
    process.exit(1);
  },
);
