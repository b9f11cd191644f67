/**
 * Conditional generator and discriminator (the class label, one-hot, is an input
 * of both, as in cGAN), built with tfjs layers. The MLP pair learns MNIST digits
 * within a minute on two CPU cores; the DCGAN pair is sharper but ~6× slower per step there.
 */
import * as tf from '@tensorflow/tfjs';

export type ModelKind = 'mlp' | 'dcgan';

export interface GanShape {
  /** Length of the noise vector z. */
  zDim: number;
  classes: number;
  /** Sample shape: [2] for the toy ring, [28, 28] for MNIST. */
  sample: number[];
  /** Width of G's first hidden layer; the next ones are 2× and 4× as wide (D mirrors them). */
  hidden: number;
}

export interface GanModels {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
}

const leaky = () => tf.layers.leakyReLU({ alpha: 0.2 });

/**
 * D's output with a class projection (Miyato & Koyama, 2018): ψ(h) + ⟨embed(y), h⟩.
 * Feeding the label in only as an input lets D ignore it, and G then draws
 * digits of any class in every row; the projection makes D judge "real *for this class*".
 */
function projectionHead(h: tf.SymbolicTensor, label: tf.SymbolicTensor, width: number): tf.SymbolicTensor {
  const plain = tf.layers.dense({ units: 1 }).apply(h) as tf.SymbolicTensor;
  const embed = tf.layers.dense({ units: width, useBias: false }).apply(label) as tf.SymbolicTensor;
  const match = tf.layers.dot({ axes: 1 }).apply([h, embed]) as tf.SymbolicTensor;
  return tf.layers.add().apply([plain, match]) as tf.SymbolicTensor;
}

function mlp(s: GanShape): GanModels {
  const size = s.sample.reduce((a, b) => a * b, 1);
  // Images live in [-1, 1] (tanh); the 2-D toy is unbounded.
  const outActivation = s.sample.length > 1 ? 'tanh' : 'linear';

  const z = tf.input({ shape: [s.zDim], name: 'z' });
  const gLabel = tf.input({ shape: [s.classes], name: 'label' });
  let g = tf.layers.concatenate().apply([z, gLabel]) as tf.SymbolicTensor;
  g = leaky().apply(tf.layers.dense({ units: s.hidden }).apply(g)) as tf.SymbolicTensor;
  // Batch normalization in G (not D) is what makes an MLP GAN learn digits in minutes, not hours.
  for (const units of [s.hidden * 2, s.hidden * 4]) {
    g = tf.layers.dense({ units, useBias: false }).apply(g) as tf.SymbolicTensor;
    g = leaky().apply(tf.layers.batchNormalization({ momentum: 0.9 }).apply(g)) as tf.SymbolicTensor;
  }
  g = tf.layers.dense({ units: size, activation: outActivation }).apply(g) as tf.SymbolicTensor;
  const generator = tf.model({ inputs: [z, gLabel], outputs: g, name: 'generator' });

  const x = tf.input({ shape: [size], name: 'x' });
  const dLabel = tf.input({ shape: [s.classes], name: 'label' });
  let d = tf.layers.concatenate().apply([x, dLabel]) as tf.SymbolicTensor;
  d = leaky().apply(tf.layers.dense({ units: s.hidden * 4 }).apply(d)) as tf.SymbolicTensor;
  d = leaky().apply(tf.layers.dense({ units: s.hidden * 2 }).apply(d)) as tf.SymbolicTensor;
  d = projectionHead(d, dLabel, s.hidden * 2);
  const discriminator = tf.model({ inputs: [x, dLabel], outputs: d, name: 'discriminator' });
  return { generator, discriminator };
}

/** DCGAN for 28×28 images: 7×7 → 14×14 → 28×28 transposed convolutions, and back down. */
function dcgan(s: GanShape): GanModels {
  const [h, w] = s.sample as [number, number];
  if (h !== 28 || w !== 28) throw new Error('--model dcgan needs 28×28 images (MNIST), not the 2-D toy');
  const f = s.hidden / 4;

  const z = tf.input({ shape: [s.zDim], name: 'z' });
  const gLabel = tf.input({ shape: [s.classes], name: 'label' });
  let g = tf.layers.concatenate().apply([z, gLabel]) as tf.SymbolicTensor;
  g = tf.layers.dense({ units: 7 * 7 * f * 2, useBias: false }).apply(g) as tf.SymbolicTensor;
  g = leaky().apply(tf.layers.batchNormalization({ momentum: 0.9 }).apply(g)) as tf.SymbolicTensor;
  g = tf.layers.reshape({ targetShape: [7, 7, f * 2] }).apply(g) as tf.SymbolicTensor;
  g = tf.layers.conv2dTranspose({ filters: f, kernelSize: 4, strides: 2, padding: 'same', useBias: false }).apply(g) as tf.SymbolicTensor;
  g = leaky().apply(tf.layers.batchNormalization({ momentum: 0.9 }).apply(g)) as tf.SymbolicTensor;
  g = tf.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }).apply(g) as tf.SymbolicTensor;
  g = tf.layers.reshape({ targetShape: [h * w] }).apply(g) as tf.SymbolicTensor;
  const generator = tf.model({ inputs: [z, gLabel], outputs: g, name: 'generator' });

  // The label enters the discriminator as a second image channel.
  const x = tf.input({ shape: [h * w], name: 'x' });
  const dLabel = tf.input({ shape: [s.classes], name: 'label' });
  const img = tf.layers.reshape({ targetShape: [h, w, 1] }).apply(x) as tf.SymbolicTensor;
  const plane = tf.layers.reshape({ targetShape: [h, w, 1] }).apply(tf.layers.dense({ units: h * w }).apply(dLabel)) as tf.SymbolicTensor;
  let d = tf.layers.concatenate().apply([img, plane]) as tf.SymbolicTensor;
  d = leaky().apply(tf.layers.conv2d({ filters: f, kernelSize: 4, strides: 2, padding: 'same' }).apply(d)) as tf.SymbolicTensor;
  d = leaky().apply(tf.layers.conv2d({ filters: f * 2, kernelSize: 4, strides: 2, padding: 'same' }).apply(d)) as tf.SymbolicTensor;
  d = tf.layers.flatten().apply(d) as tf.SymbolicTensor;
  d = projectionHead(d, dLabel, 7 * 7 * f * 2);
  const discriminator = tf.model({ inputs: [x, dLabel], outputs: d, name: 'discriminator' });
  return { generator, discriminator };
}

export function buildGan(kind: ModelKind, shape: GanShape): GanModels {
  return kind === 'dcgan' ? dcgan(shape) : mlp(shape);
}
