/** Runs every benchmark in sequence, each in its own process, and stops at the first that fails. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = ['ingest', 'append-cost', 'decimate', 'delivery', 'rss'];
const root = fileURLToPath(new URL('..', import.meta.url));

for (const name of BENCHES) {
  console.log(`\n== bench/${name}.ts`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`bench/${name}.ts failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}
