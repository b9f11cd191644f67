import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultEnvName, train, type TrainOptions } from '../examples/gan/train.js';
import { startCaptureServer } from './capture-server.js';
import { get, startServer, tempDir } from './helpers.js';

function output(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _enc, done) {
      w.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

/** A tiny, fast run through a capture server in front of a real runboard server. */
async function tinyRun(o: Partial<TrainOptions>) {
  const srv = await startServer();
  const cap = await startCaptureServer(srv.url);
  const out = output();
  const result = await train({
    url: cap.url,
    env: 'run',
    steps: 4,
    batch: 8,
    model: 'mlp',
    toy: false,
    sampleEvery: 2,
    hidden: 8,
    zDim: 4,
    seed: 1,
    out,
    client: { flushIntervalMs: 20, spoolPath: join(tempDir(), 'spool.jsonl') },
    ...o,
  });
  const traces = async (win: string) => {
    const res = await get(`${srv.url}/api/env/run/win/${win}/data?format=json`);
    expect(res.status).toBe(200);
    return Object.fromEntries(res.body.traces.map((t: any) => [t.name, t.points.map((p: number[]) => p[0])]));
  };
  return { result, out, cap, traces, srv };
}

function pngSize(dataUrl: string): [number, number] {
  const png = Buffer.from(dataUrl.split(',')[1]!, 'base64');
  expect(png.subarray(12, 16).toString()).toBe('IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('GAN trainer', () => {
  it('names its env after the start time', () => {
    expect(defaultEnvName(new Date('2026-11-27T10:30:00.123Z'))).toBe('gan-2026-11-27T10-30-00');
  });

  it('the CLI explains its flags and refuses a bad one with a message that says what to send', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'examples/gan/main.ts', ...args], { cwd: join(import.meta.dirname, '..'), encoding: 'utf8' });
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--model mlp\|dcgan/);
    const bad = run('--model', 'resnet');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--model must be mlp or dcgan, got resnet');
  });

  it('a toy run logs one point per step to every loss trace, its config, and a live scatter of samples', async () => {
    const { result, out, cap, traces, srv } = await tinyRun({ toy: true, steps: 6, sampleEvery: 3 });
    expect(result.delivered).toBe(true);
    expect(result.steps).toBe(6);
    expect(out.text).toContain(`runboard: ${cap.url}/env/run\n`);
    expect(out.text).toMatch(/backend: (tensorflow|wasm|cpu)/);
    const six = [1, 2, 3, 4, 5, 6];
    expect(await traces('loss')).toEqual({ D: six, 'D real': six, 'D fake': six, G: six });
    expect(await traces('d_output')).toEqual({ 'D(x)': six, 'D(G(z))': six });
    expect(await traces('speed')).toEqual({ 'steps/s': six });
    const ring = await traces('ring');
    expect(Object.keys(ring)).toEqual(['real', 'generated']);
    expect([ring.real.length, ring.generated.length]).toEqual([512, 512]);
    const config = cap.captured.find((r) => r.path === '/events' && r.body.win === 'config')!.body;
    expect(config.eid).toBe('run');
    expect(config.data[0].content).toContain('<tr><td>steps</td><td>6</td></tr>');
    // The same settings are the run's config (runs table columns), and the run is marked finished.
    const { meta } = (await get(`${srv.url}/api/env/run`)).body;
    expect(meta.config).toMatchObject({ steps: 6, batch: 8, model: 'mlp', toy: true, hidden: 8, zDim: 4, seed: 1, sampleEvery: 3 });
    expect(meta.config).not.toHaveProperty('url');
    expect(meta.finishedAt).toBeGreaterThan(0);
  });

  it('a tiny MNIST run logs losses every step and a sample grid every N steps into an image history', async () => {
    const save = tempDir();
    const { result, cap, traces, srv } = await tinyRun({ steps: 4, sampleEvery: 2, save });
    expect(result.delivered).toBe(true);
    expect(await traces('loss')).toEqual({ D: [1, 2, 3, 4], 'D real': [1, 2, 3, 4], 'D fake': [1, 2, 3, 4], G: [1, 2, 3, 4] });
    const samples = cap.captured.filter((r) => r.body.win === 'samples');
    expect(samples.map((r) => r.path)).toEqual(['/win_exists', '/events', '/update']);
    for (const [i, r] of samples.slice(1).entries()) {
      expect(r.body.opts.store_history).toBe(true);
      expect(r.body.data[0].content.caption).toBe(`step ${2 * (i + 1)}`);
      // Ten rows (one per digit) of ten 28×28 samples with 2 px padding.
      expect(pngSize(r.body.data[0].content.src)).toEqual([302, 302]);
    }
    expect(existsSync(join(save, 'samples.png'))).toBe(true);
    // The server keeps every grid, in order, in one image-history window.
    const win = await get(`${srv.url}/api/env/run/win/samples`);
    expect(win.body.type).toBe('image_history');
    expect(win.body.content.map((c: { caption: string }) => c.caption)).toEqual(['step 2', 'step 4']);
  });

  it('--save writes tfjs layers models that load back and generate', async () => {
    const save = tempDir();
    await tinyRun({ toy: true, steps: 2, save });
    const dir = join(save, 'generator');
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    const weightData = readFileSync(join(dir, 'weights.bin'));
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: new Uint8Array(weightData).buffer }),
    );
    const out = model.predict([tf.zeros([3, 4]), tf.oneHot([0, 1, 2], 8).toFloat()]) as tf.Tensor;
    expect(out.shape).toEqual([3, 2]);
  });

  it('trains the DCGAN on the wasm backend (which lacks a conv2d filter-gradient kernel as shipped)', async () => {
    const { result, traces } = await tinyRun({ model: 'dcgan', steps: 2, batch: 4, backend: 'wasm', sampleEvery: 10 });
    expect(result.backend).toBe('wasm');
    expect(await traces('loss')).toEqual({ D: [1, 2], 'D real': [1, 2], 'D fake': [1, 2], G: [1, 2] });
  });
});
