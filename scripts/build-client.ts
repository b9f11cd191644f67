/**
 * Bundles the dashboard (client/) with esbuild into dist/client: index.html,
 * assets/main.js, and the chunks it imports lazily (`import()`: the Plotly panes
 * with plotly.js, the graph pane) or shares with them, as assets/chunk-HASH.js. Run by `npm start` (prestart), `npm run build` and the test
 * setup, so the server always serves a fresh bundle. Nothing is fetched from a CDN.
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLIENT_OUT = join(root, 'dist', 'client');

/** `minify: false` keeps names readable in browser profiles (`npm run build -- --dev`). */
export async function buildClient(outdir = CLIENT_OUT, { minify = true } = {}): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(join(outdir, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: [join(root, 'client', 'main.ts')],
    // Paths in the metafile are relative to this, whatever the caller's cwd (`npx runboard`).
    absWorkingDir: root,
    outdir: join(outdir, 'assets'),
    bundle: true,
    format: 'esm',
    splitting: true,
    // Names the static route accepts (letters, digits, '-', '_' and one extension).
    chunkNames: 'chunk-[hash]',
    target: 'es2022',
    minify,
    sourcemap: true,
    // uPlot's stylesheet is adopted into the shadow roots that hold a chart.
    loader: { '.css': 'text' },
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'warning',
    metafile: true,
  });
  // The chunks main.js imports statically are preloaded with it, so first paint waits for no second round trip.
  const main = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === 'client/main.ts')![1];
  const preloads = main.imports
    .filter((i) => i.kind === 'import-statement')
    .map((i) => `<link rel="modulepreload" href="/assets/${basename(i.path)}">`);
  const page = readFileSync(join(root, 'client', 'index.html'), 'utf8');
  writeFileSync(join(outdir, 'index.html'), page.replace('</head>', `  ${preloads.join('\n  ')}\n</head>`));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  await buildClient(CLIENT_OUT, { minify: !process.argv.includes('--dev') });
  console.log(`runboard: built dist/client in ${Math.round(performance.now() - t0)} ms`);
}
