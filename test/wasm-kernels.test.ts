import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../examples/gan/backend.js';

/** Runs `f` on the cpu backend (the reference) and on wasm (with our kernels); returns both results. */
async function both(f: () => tf.Tensor): Promise<[number[], number[]]> {
  await tf.setBackend('cpu');
  const ref = Array.from(tf.tidy(f).dataSync());
  await selectBackend('wasm');
  const got = Array.from(tf.tidy(f).dataSync());
  return [ref, got];
}

/** Fixed random values; the returned function makes a tensor of them on the current backend. */
function fixed<R extends tf.Rank>(shape: number[], seed: number): () => tf.Tensor<R> {
  const data = tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync().slice();
  return () => tf.tensor(data, shape) as unknown as tf.Tensor<R>;
}

function expectClose(ref: number[], got: number[]): void {
  expect(got.length).toBe(ref.length);
  const scale = Math.max(...ref.map(Math.abs));
  const worst = Math.max(...ref.map((r, i) => Math.abs(r - got[i]!)));
  expect(worst / scale).toBeLessThan(1e-4);
}

describe('wasm kernels', () => {
  afterAll(() => tf.setBackend('cpu'));

  it.each([
    [2, 'same', 4],
    [1, 'same', 3],
    [2, 'valid', 4],
    [1, 'valid', 5],
    [3, 'same', 3],
  ] as const)('conv2d filter gradient matches the cpu backend (stride %i, %s padding, size-%i filter)', async (stride, pad, size) => {
    const x = fixed<tf.Rank.R4>([3, 13, 11, 2], 7);
    const w = fixed<tf.Rank.R4>([size, size, 2, 5], 8);
    const grad = () => tf.grad((f: tf.Tensor) => tf.conv2d(x(), f as tf.Tensor4D, stride, pad).square().sum())(w());
    expectClose(...(await both(grad)));
  });

  it('conv2dTranspose trains on wasm: its filter gradient matches the cpu backend', async () => {
    const x = fixed<tf.Rank.R4>([2, 7, 7, 4], 3);
    const w = fixed<tf.Rank.R4>([4, 4, 2, 4], 4);
    const grad = () => tf.grad((f: tf.Tensor) => tf.conv2dTranspose(x(), f as tf.Tensor4D, [2, 14, 14, 2], 2, 'same').square().sum())(w());
    expectClose(...(await both(grad)));
  });

  it.each([
    [2, 'same', 4, 14],
    [2, 'same', 3, 13],
    [1, 'same', 3, 9],
    [2, 'valid', 4, 16],
    [3, 'valid', 3, 12],
  ] as const)('conv2dTranspose (the input gradient of conv2d) matches the cpu backend (stride %i, %s, size-%i filter, out %i)', async (stride, pad, size, out) => {
    const inSize = pad === 'same' ? Math.ceil(out / stride) : Math.floor((out - size) / stride) + 1;
    const x = fixed<tf.Rank.R4>([2, inSize, inSize, 3], 9);
    const w = fixed<tf.Rank.R4>([size, size, 4, 3], 10);
    expectClose(...(await both(() => tf.conv2dTranspose(x(), w(), [2, out, out, 4], stride, pad))));
    const grad = () => tf.grad((v: tf.Tensor) => tf.conv2d(v as tf.Tensor4D, w(), stride, pad).square().sum())(tf.zeros([2, out, out, 4]).add(0.5));
    expectClose(...(await both(grad)));
  });

  it.each([
    [false, true],
    [true, false],
    [true, true],
  ])('matMul with transposeA=%s transposeB=%s matches the cpu backend', async (ta, tb) => {
    // (5×6)·(6×4) after the transposes.
    const a = fixed<tf.Rank.R3>(ta ? [2, 6, 5] : [2, 5, 6], 5);
    const b = fixed<tf.Rank.R3>(tb ? [2, 4, 6] : [2, 6, 4], 6);
    const mm = () => tf.matMul(a(), b(), ta, tb);
    expectClose(...(await both(mm)));
  });

  it('dense layers with a fused bias give the same gradients as on cpu', async () => {
    const a = fixed<tf.Rank.R2>([4, 6], 1);
    const b = fixed<tf.Rank.R2>([6, 3], 2);
    const grad = () =>
      tf.grad((w: tf.Tensor) => tf.fused.matMul({ a: a(), b: w as tf.Tensor2D, bias: tf.ones([3]), activation: 'relu' }).square().sum())(b());
    expectClose(...(await both(grad)));
  });
});
