/**
 * What logging costs the default GAN trainer: steps with and without logging, in
 * alternating blocks (so machine noise hits both alike), against a real runboard
 * server in its own process. Prints ms/step for each, the overhead, and steps/s.
 *
 *   npx tsx bench/gan-logging.ts [blocks=6] [stepsPerBlock=50]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient, imageGrid } from '../examples/client/index.js';
import { selectBackend } from '../examples/gan/backend.js';
import { GanTrainer } from '../examples/gan/gan.js';
import { loadMnist, sampleDigits } from '../examples/gan/mnist.js';
import { buildGan } from '../examples/gan/models.js';
import { seededRandom } from '../examples/gan/random.js';

const blocks = Number(process.argv[2] ?? 6);
const perBlock = Number(process.argv[3] ?? 50);

const dir = mkdtempSync(join(tmpdir(), 'runboard-bench-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--db', join(dir, 'bench.db')], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve, reject) => {
  server.stdout.on('data', (d: Buffer) => {
    const m = /serving (http:\/\/\S+?)\//.exec(d.toString());
    if (m) resolve(m[1]!);
  });
  server.once('exit', () => reject(new Error('server exited')));
});

try {
  const backend = await selectBackend();
  const models = buildGan('mlp', { zDim: 64, classes: 10, sample: [28, 28], hidden: 128 });
  const trainer = new GanTrainer(models, 64, 10);
  const mnist = loadMnist();
  const random = seededRandom(1);
  const client = createClient({ url, env: 'bench-gan-logging', onError: () => {} });
  const fixedZ = Float32Array.from({ length: 100 * 64 }, () => random() * 2 - 1);
  const fixedLabels = Int32Array.from({ length: 100 }, (_, i) => Math.floor(i / 10));

  let step = 0;
  let logCallMs = 0;
  const run = async (log: boolean) => {
    const t0 = performance.now();
    for (let i = 0; i < perBlock; i++) {
      step++;
      const b = sampleDigits(mnist, 64, random);
      const m = trainer.step(b.x, b.labels);
      if (log) {
        const t = performance.now();
        client.log(step, { 'loss/D': m.d, 'loss/D real': m.dReal, 'loss/D fake': m.dFake, 'loss/G': m.g, 'd_output/D(x)': m.dx, 'd_output/D(G(z))': m.dgz, 'speed/steps/s': 1 });
        // One sample grid per block: twice the trainer's default rate (every 100 steps).
        if (i === perBlock - 1) {
          const grid = imageGrid(trainer.generate(fixedZ, fixedLabels), 100, 28, 28, { nrow: 10, range: [-1, 1] });
          client.image('samples', grid, { history: true, caption: `step ${step}` });
        }
        logCallMs += performance.now() - t;
      }
      await new Promise((r) => setImmediate(r));
    }
    return (performance.now() - t0) / perBlock;
  };

  await run(false); // warm-up
  const times: Record<'on' | 'off', number[]> = { on: [], off: [] };
  for (let b = 0; b < blocks; b++) {
    const mode = b % 2 === 0 ? 'off' : 'on';
    times[mode].push(await run(mode === 'on'));
  }
  await client.close();
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  const off = median(times.off);
  const on = median(times.on);
  const onSteps = times.on.length * perBlock;
  console.log(`backend ${backend}; ${blocks} blocks of ${perBlock} steps (batch 64, MLP cGAN, hidden 128)`);
  console.log(`without logging: ${off.toFixed(1)} ms/step (${(1000 / off).toFixed(1)} steps/s)  blocks: ${times.off.map((t) => t.toFixed(1)).join(' ')}`);
  console.log(`with logging:    ${on.toFixed(1)} ms/step (${(1000 / on).toFixed(1)} steps/s)  blocks: ${times.on.map((t) => t.toFixed(1)).join(' ')}`);
  console.log(`overhead (median blocks): ${(((on - off) / off) * 100).toFixed(2)}%`);
  console.log(`time inside logging calls: ${(logCallMs / onSteps).toFixed(3)} ms/step (${((logCallMs / onSteps / off) * 100).toFixed(2)}% of a step)`);
  console.log(`client: ${JSON.stringify(client.stats)}`);
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
