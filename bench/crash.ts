/**
 * SIGKILL trials against a real server process: `npm run bench:crash -- --trials 20`.
 * Each trial appends from 4 clients, kills the server at a random moment, restarts
 * it on the same database and counts acknowledged points that are missing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { crashTrial } from '../test/crash-harness.js';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '20' }, sync: { type: 'string', default: 'normal' } } });
const trials = Number(values.trials);
const dir = mkdtempSync(join(tmpdir(), 'runboard-crash-'));
const dbPath = join(dir, 'runboard.db');
let acked = 0;
let lost = 0;
let bad = 0;
try {
  console.log('trial  kill-ms  acked-points  lost  integrity');
  for (let t = 0; t < trials; t++) {
    const killAfterMs = 100 + Math.floor(Math.random() * 2000);
    const r = await crashTrial(dbPath, { killAfterMs, signal: 'SIGKILL', firstX: t * 10_000_000, args: ['--sync', values.sync!] });
    acked += r.acked;
    lost += r.lost;
    if (r.integrity !== 'ok' || r.statuses.length > 0) bad++;
    console.log(`${String(t + 1).padStart(5)}  ${String(killAfterMs).padStart(7)}  ${String(r.acked).padStart(12)}  ${String(r.lost).padStart(4)}  ${r.integrity}${r.statuses.length ? ` statuses ${r.statuses.join(',')}` : ''}`);
  }
  console.log(`\n${trials} SIGKILL trials: ${acked} acknowledged points, ${lost} lost, ${bad} trials with a bad status or integrity check`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(lost === 0 && bad === 0 ? 0 : 1);
