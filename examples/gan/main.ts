/** `npm run example:gan -- [flags]`: train the conditional GAN and log it to runboard. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_URL } from '../client/index.js';
import type { BackendName } from './backend.js';
import type { ModelKind } from './models.js';
import { train } from './train.js';

const USAGE = `usage: npm run example:gan -- [options]
  --url URL           runboard server (default ${DEFAULT_URL})
  --env NAME          env to log into (default gan-<start time>)
  --steps N           training steps (default 5000)
  --batch N           batch size (default 64)
  --model mlp|dcgan   MLP (default: digits within a minute on a CPU) or DCGAN (sharper, ~6× slower per step)
  --toy               train on an 8-Gaussian ring in 2-D; the samples are a live scatter pane
  --sample-every N    log a sample grid every N steps (default 100; 25 with --toy)
  --save DIR          keep the latest sample grid in DIR/samples.png; at the end save generator and
                      discriminator there (tfjs layers format)
  --hidden N          width of G's first hidden layer (default 128 MNIST, 32 toy; the rest scale with it)
  --backend NAME      force tensorflow | wasm | cpu (default: the first that works)
  --help              this text`;

/** A bad flag: printed as its message alone, unlike unexpected errors. */
class UsageError extends Error {}

function int(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got ${v}`);
  return n;
}

function parseFlags<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function main(): Promise<void> {
  const { values: v } = parseFlags({
    options: {
      url: { type: 'string' },
      env: { type: 'string' },
      steps: { type: 'string' },
      batch: { type: 'string' },
      model: { type: 'string' },
      toy: { type: 'boolean' },
      'sample-every': { type: 'string' },
      save: { type: 'string' },
      backend: { type: 'string' },
      hidden: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (v.help) return void console.log(USAGE);
  const model = (v.model ?? 'mlp') as ModelKind;
  if (model !== 'mlp' && model !== 'dcgan') throw new UsageError(`--model must be mlp or dcgan, got ${v.model}`);
  if (v.backend !== undefined && !['tensorflow', 'wasm', 'cpu'].includes(v.backend)) {
    throw new UsageError(`--backend must be tensorflow, wasm or cpu, got ${v.backend}`);
  }
  let stop = false;
  process.once('SIGINT', () => {
    stop = true;
    process.stdout.write('\nstopping after this step (Ctrl-C again to quit now)\n');
    process.once('SIGINT', () => process.exit(130));
  });
  const result = await train({
    url: v.url ?? DEFAULT_URL,
    env: v.env,
    steps: int('steps', v.steps, 5000),
    batch: int('batch', v.batch, 64),
    model,
    toy: v.toy ?? false,
    sampleEvery: int('sample-every', v['sample-every'], v.toy ? 25 : 100),
    save: v.save,
    backend: v.backend as BackendName | undefined,
    hidden: v.hidden === undefined ? undefined : int('hidden', v.hidden, 0),
    shouldStop: () => stop,
  });
  const pct = (100 * result.logMs) / result.stepMs;
  console.log(
    `${result.steps} steps, ${result.stepsPerSec.toFixed(1)} steps/s; step ${result.stepMs.toFixed(1)} ms, logging ${result.logMs.toFixed(3)} ms (${pct.toFixed(2)}%)`,
  );
  console.log(result.delivered ? `all points delivered: ${result.url}` : `server unreachable: points kept in the spool for the next run`);
}

main().catch((err: unknown) => {
  console.error(err instanceof UsageError ? `${err.message}\n${USAGE}` : err);
  process.exit(1);
});
