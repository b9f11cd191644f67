/**
 * The reference trainer: a conditional GAN on MNIST (or the 8-Gaussian ring)
 * that logs every step to runboard through the trainer client.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { createClient, encodePng, imageGrid, type ClientOptions, type ClientStats, type RawImage, type RunboardClient } from '../client/index.js';
import { selectBackend, type BackendName } from './backend.js';
import { GanTrainer, type StepMetrics } from './gan.js';
import { loadMnist, sampleDigits } from './mnist.js';
import { buildGan, type ModelKind } from './models.js';
import { Progress } from './progress.js';
import { gaussian, seededRandom } from './random.js';
import { saveModel } from './save.js';
import { RING_MODES, sampleRing } from './toy.js';
import { configHtml, WINDOWS } from './panes.js';

export interface TrainOptions {
  url: string;
  /** Default: gan-<start time>, e.g. gan-2026-11-27T10-30-00. */
  env?: string;
  steps: number;
  batch: number;
  model: ModelKind;
  toy: boolean;
  /** Log a sample grid (or the toy scatter) every this many steps. */
  sampleEvery: number;
  /** Save generator and discriminator here at the end (tfjs layers format). */
  save?: string;
  /** Width of G's first hidden layer (default 128 for MNIST, 32 for the toy). */
  hidden?: number;
  zDim?: number;
  seed?: number;
  backend?: BackendName;
  /** Where the progress bar goes (default stdout). */
  out?: NodeJS.WritableStream;
  /** Passed to the client (flush interval, spool path, ...). */
  client?: Partial<ClientOptions>;
  /** Stops the loop early when it returns true (Ctrl-C). */
  shouldStop?: () => boolean;
}

export interface TrainResult {
  env: string;
  url: string;
  backend: BackendName;
  steps: number;
  /** Mean wall time of one training step (D and G updates), ms. */
  stepMs: number;
  /** Mean time per step spent in logging calls on the training thread, ms (sample grids included). */
  logMs: number;
  /** Over the whole loop: steps, logging, and the client's sends between steps. */
  stepsPerSec: number;
  delivered: boolean;
  stats: ClientStats;
  /** The last sample grid (MNIST only). */
  lastGrid?: RawImage;
}

/** Samples per class in the grid, one row per class, same noise down each column. */
const GRID_COLS = 10;
/** Generated points in the toy scatter. */
const TOY_POINTS = 512;

export function defaultEnvName(now = new Date()): string {
  return `gan-${now.toISOString().slice(0, 19).replace(/:/g, '-')}`;
}

export async function train(o: TrainOptions): Promise<TrainResult> {
  const out = o.out ?? process.stdout;
  const backend = await selectBackend(o.backend);
  const seed = o.seed ?? Date.now() % 2 ** 31;
  const random = seededRandom(seed);
  const env = o.env ?? defaultEnvName();

  const mnist = o.toy ? null : loadMnist('train');
  const classes = o.toy ? RING_MODES : 10;
  const sample = mnist ? [mnist.rows, mnist.cols] : [2];
  const zDim = o.zDim ?? (o.toy ? 8 : 64);
  const hidden = o.hidden ?? (o.toy ? 32 : 128);
  const draw = mnist ? (n: number) => sampleDigits(mnist, n, random) : (n: number) => sampleRing(n, random);

  const models = buildGan(o.model, { zDim, classes, sample, hidden });
  const trainer = new GanTrainer(models, zDim, classes);
  const client = createClient({ url: o.url, env, ...o.client });
  out.write(`runboard: ${client.dashboardUrl()}\n`);
  out.write(`backend: ${backend}${backend === 'wasm' ? ` (SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'on' : 'off'})` : ''}; ` +
    `model: ${o.toy ? 'toy ring' : 'MNIST'} ${o.model} cGAN, G ${models.generator.countParams()} params, D ${models.discriminator.countParams()} params\n`);

  const config = { ...o, env, backend, zDim, hidden, classes, seed };
  for (const [win, opts] of Object.entries(WINDOWS)) client.window(win, opts);
  client.text('config', configHtml(config), { opts: { title: 'config' } });
  // The same settings as the run's config: columns of the runs table, to filter and group by.
  client.meta({ config: runConfig(config) });

  // Fixed noise and classes for the samples, so the panes show one model improving.
  const fixed = fixedInputs(o.toy ? TOY_POINTS : classes * GRID_COLS, o.toy ? null : GRID_COLS, classes, zDim, random);
  const samples = o.toy ? toySamples(client, trainer, fixed, random) : gridSamples(client, trainer, fixed, sample, o.save);

  const progress = new Progress(o.steps, out);
  let stepMs = 0;
  let logMs = 0;
  let emaMs = 0;
  let step = 0;
  let m: StepMetrics | undefined;
  const started = performance.now();
  while (step < o.steps && !o.shouldStop?.()) {
    step++;
    const t0 = performance.now();
    const batch = draw(o.batch);
    m = trainer.step(batch.x, batch.labels);
    const t1 = performance.now();
    emaMs = emaMs === 0 ? t1 - t0 : 0.9 * emaMs + 0.1 * (t1 - t0);
    client.log(step, {
      'loss/D': m.d,
      'loss/D real': m.dReal,
      'loss/D fake': m.dFake,
      'loss/G': m.g,
      'd_output/D(x)': m.dx,
      'd_output/D(G(z))': m.dgz,
      'speed/steps/s': 1000 / emaMs,
    });
    if (step % o.sampleEvery === 0 || step === o.steps) samples.send(step);
    const t2 = performance.now();
    stepMs += t1 - t0;
    logMs += t2 - t1;
    progress.update(step, 1000 / emaMs, `D ${m.d.toFixed(3)}  G ${m.g.toFixed(3)}  D(x) ${m.dx.toFixed(2)}  D(G(z)) ${m.dgz.toFixed(2)}`);
    // Let the client's timer and sockets run between steps.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (step > 0 && step % o.sampleEvery !== 0 && step !== o.steps) samples.send(step);
  const elapsedMs = performance.now() - started;

  const delivered = await client.close();
  if (o.save) {
    await saveModel(models.generator, join(o.save, 'generator'));
    await saveModel(models.discriminator, join(o.save, 'discriminator'));
    out.write(`saved to ${o.save}\n`);
  }
  trainer.dispose();
  models.generator.dispose();
  models.discriminator.dispose();
  return {
    env,
    url: client.dashboardUrl(),
    backend,
    steps: step,
    stepMs: stepMs / Math.max(step, 1),
    logMs: logMs / Math.max(step, 1),
    stepsPerSec: step / Math.max(elapsedMs / 1000, 1e-9),
    delivered,
    stats: client.stats,
    lastGrid: samples.last,
  };
}

interface Fixed {
  z: Float32Array;
  labels: Int32Array;
}

/** `n` noise vectors with classes: grid order (one row per class, noise shared down a column) when `cols` is set. */
function fixedInputs(n: number, cols: number | null, classes: number, zDim: number, random: () => number): Fixed {
  const z = new Float32Array(n * zDim);
  const labels = new Int32Array(n);
  const columns = Array.from({ length: cols ?? n }, () => Float32Array.from({ length: zDim }, () => gaussian(random)));
  for (let i = 0; i < n; i++) {
    labels[i] = cols ? Math.floor(i / cols) : i % classes;
    z.set(columns[cols ? i % cols : i]!, i * zDim);
  }
  return { z, labels };
}

interface SampleSink {
  send(step: number): void;
  last?: RawImage;
}

/** MNIST: a grid of generated digits, one row per class, into an image-history pane (and `saveDir`/samples.png). */
function gridSamples(client: RunboardClient, trainer: GanTrainer, fixed: Fixed, [h, w]: number[], saveDir?: string): SampleSink {
  if (saveDir) mkdirSync(saveDir, { recursive: true });
  const sink: SampleSink = {
    send(step) {
      const pixels = trainer.generate(fixed.z, fixed.labels);
      sink.last = imageGrid(pixels, fixed.labels.length, h!, w!, { nrow: GRID_COLS, range: [-1, 1] });
      client.image('samples', sink.last, { history: true, caption: `step ${step}`, opts: { title: 'samples (one row per class)' } });
      if (saveDir) writeFileSync(join(saveDir, 'samples.png'), encodePng(sink.last));
    },
  };
  return sink;
}

/** Toy: the real ring and the generated points in one live scatter pane. */
function toySamples(client: RunboardClient, trainer: GanTrainer, fixed: Fixed, random: () => number): SampleSink {
  const real = sampleRing(fixed.labels.length, random).x;
  const columns = (pts: Float32Array, k: 0 | 1) => Array.from({ length: pts.length / 2 }, (_, i) => pts[2 * i + k]!);
  const gen = () => trainer.generate(fixed.z, fixed.labels);
  const first = gen();
  const zip = (a: number[], b: number[]) => a.map((v, i) => [v, b[i]!]);
  client.line({
    win: 'ring',
    type: 'scatter',
    X: zip(columns(real, 0), columns(first, 0)),
    Y: zip(columns(real, 1), columns(first, 1)),
    opts: { title: '8-Gaussian ring: real and generated', legend: ['real', 'generated'], markers: true },
  });
  return {
    send() {
      const g = gen();
      client.line({ win: 'ring', type: 'scatter', update: 'replace', name: 'generated', X: columns(g, 0), Y: columns(g, 1) });
    },
  };
}

/** The settings that describe the run (numbers, strings, booleans), without where it logs or saves. */
export function runConfig(config: Record<string, unknown>): Record<string, unknown> {
  const skip = new Set(['url', 'env', 'save']);
  return Object.fromEntries(Object.entries(config).filter(([k, v]) => !skip.has(k) && ['number', 'string', 'boolean'].includes(typeof v)));
}
