/**
 * Bundles the dashboard (client/) with esbuild into dist/client: index.html and
 * assets/main.js. Run by `npm start` (prestart), `npm run build` and the test
 * setup, so the server always serves a fresh bundle. Nothing is fetched from a CDN.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLIENT_OUT = join(root, 'dist', 'client');

/** `minify: false` keeps names readable in browser profiles (`npm run build -- --dev`). */
export async function buildClient(outdir = CLIENT_OUT, { minify = true } = {}): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(join(outdir, 'assets'), { recursive: true });
  await build({
    entryPoints: [join(root, 'client', 'main.ts')],
    outfile: join(outdir, 'assets', 'main.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify,
    sourcemap: true,
    // uPlot's stylesheet is adopted into the shadow roots that hold a chart.
    loader: { '.css': 'text' },
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'client', 'index.html'), join(outdir, 'index.html'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  await buildClient(CLIENT_OUT, { minify: !process.argv.includes('--dev') });
  console.log(`runboard: built dist/client in ${Math.round(performance.now() - t0)} ms`);
}
