/**
 * What logging costs the default GAN trainer, against a real runboard server in
 * its own process: the step time of the default model, and the CPU the trainer
 * process spends on logging per step (measured with process.cpuUsage, so other
 * load on a shared machine does not blur it as wall-clock A/B runs would).
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
import { GanTrainer, type StepMetrics } from '../examples/gan/gan.js';
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

  const logStep = (step: number, m: StepMetrics) =>
    client.log(step, { 'loss/D': m.d, 'loss/D real': m.dReal, 'loss/D fake': m.dFake, 'loss/G': m.g, 'd_output/D(x)': m.dx, 'd_output/D(G(z))': m.dgz, 'speed/steps/s': 1 });
  const sampleGrid = (step: number) => {
    const grid = imageGrid(trainer.generate(fixedZ, fixedLabels), 100, 28, 28, { nrow: 10, range: [-1, 1] });
    client.image('samples', grid, { history: true, caption: `step ${step}` });
  };

  // 1. Step time of the default model, in blocks (the fastest block is the least disturbed by other load).
  const blockMs: number[] = [];
  let last: StepMetrics | undefined;
  for (let b = 0; b <= blocks; b++) {
    const t0 = performance.now();
    for (let i = 0; i < perBlock; i++) {
      const batch = sampleDigits(mnist, 64, random);
      last = trainer.step(batch.x, batch.labels);
    }
    if (b > 0) blockMs.push((performance.now() - t0) / perBlock); // block 0 warms up
  }
  const sorted = [...blockMs].sort((x, y) => x - y);
  const stepMs = sorted[0]!;
  const medianMs = sorted[Math.floor(sorted.length / 2)]!;

  // 2. CPU this process spends on logging, per step: the same loop with the step replaced by an
  //    idle wait of one step's duration, with and without the logging calls (which include a
  //    sample grid every 100 steps: generation, PNG encoding, base64), and the client's sends.
  const loggingSteps = 400;
  const cpuMs = async (log: boolean) => {
    const c0 = process.cpuUsage();
    for (let step = 1; step <= loggingSteps; step++) {
      await new Promise((r) => setTimeout(r, stepMs));
      if (log) {
        logStep(step, last!);
        if (step % 100 === 0) sampleGrid(step);
      }
      await new Promise((r) => setImmediate(r));
    }
    if (log) await client.flush();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000 / loggingSteps;
  };
  const idle = await cpuMs(false);
  const logging = await cpuMs(true);
  await client.close();

  console.log(`backend ${backend}; MLP cGAN (hidden 128), batch 64; ${blocks} blocks of ${perBlock} steps`);
  console.log(`step: fastest block ${stepMs.toFixed(1)} ms (${(1000 / stepMs).toFixed(1)} steps/s), median ${medianMs.toFixed(1)} ms (${(1000 / medianMs).toFixed(1)} steps/s)`);
  console.log(`logging CPU per step: ${(logging - idle).toFixed(3)} ms (idle loop ${idle.toFixed(3)} ms, with logging ${logging.toFixed(3)} ms)`);
  console.log(`logging cost: ${(((logging - idle) / stepMs) * 100).toFixed(2)}% of the fastest step`);
  console.log(`client: ${JSON.stringify(client.stats)}`);
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
