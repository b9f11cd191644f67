/**
 * One training step of a conditional GAN with the non-saturating loss:
 * D learns to tell real (label-smoothed to 0.9) from generated samples of the
 * same classes, then G learns to make D call its samples real.
 */
import * as tf from '@tensorflow/tfjs';
import type { GanModels } from './models.js';

export interface StepMetrics {
  /** D's loss on real samples, on generated ones, and their sum. */
  dReal: number;
  dFake: number;
  d: number;
  g: number;
  /** Mean D output (a probability) on real samples, and on generated ones during D's update. */
  dx: number;
  dgz: number;
}

const REAL_TARGET = 0.9;
/** G's batch normalization uses the batch's statistics. */
const TRAINING = { training: true };

export class GanTrainer {
  private readonly optG = tf.train.adam(2e-4, 0.5);
  private readonly optD = tf.train.adam(2e-4, 0.5);
  private readonly gVars: tf.Variable[];
  private readonly dVars: tf.Variable[];

  constructor(
    readonly models: GanModels,
    readonly zDim: number,
    readonly classes: number,
  ) {
    this.gVars = models.generator.trainableWeights.map((w) => w.read() as tf.Variable);
    this.dVars = models.discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  /** One D update and one G update on a batch of real samples (flattened) and their classes. */
  step(real: Float32Array, labels: Int32Array): StepMetrics {
    const batch = labels.length;
    const values = tf.tidy(() => {
      const x = tf.tensor2d(real, [batch, real.length / batch]);
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), this.classes).toFloat();
      const { generator: G, discriminator: D } = this.models;
      const kept: tf.Scalar[] = [];
      const keep = (t: tf.Scalar) => (kept.push(tf.keep(t)), t);

      this.optD.minimize(() => {
        const fake = G.apply([tf.randomNormal([batch, this.zDim]), y], TRAINING) as tf.Tensor;
        const realLogit = D.apply([x, y]) as tf.Tensor;
        const fakeLogit = D.apply([fake, y]) as tf.Tensor;
        // Cross-entropy with logits: -log σ(l) = softplus(-l), -log(1-σ(l)) = softplus(l).
        const lossReal = keep(tf.add(tf.mul(REAL_TARGET, tf.softplus(tf.neg(realLogit))), tf.mul(1 - REAL_TARGET, tf.softplus(realLogit))).mean());
        const lossFake = keep(tf.softplus(fakeLogit).mean());
        keep(tf.sigmoid(realLogit).mean());
        keep(tf.sigmoid(fakeLogit).mean());
        return tf.add(lossReal, lossFake);
      }, false, this.dVars);

      const gLoss = this.optG.minimize(() => {
        const fake = G.apply([tf.randomNormal([batch, this.zDim]), y], TRAINING) as tf.Tensor;
        return tf.softplus(tf.neg(D.apply([fake, y]) as tf.Tensor)).mean();
      }, true, this.gVars)!;

      const stacked = tf.stack([...kept, gLoss]);
      tf.dispose(kept);
      return stacked;
    });
    const [dReal, dFake, dx, dgz, g] = values.dataSync();
    values.dispose();
    return { dReal: dReal!, dFake: dFake!, d: dReal! + dFake!, g: g!, dx: dx!, dgz: dgz! };
  }

  /** Generated samples (flattened) for the given noise (rows × zDim) and classes. */
  generate(z: Float32Array, labels: Int32Array): Float32Array {
    return tf.tidy(() => {
      const n = labels.length;
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), this.classes).toFloat();
      // Batch statistics here too: the samples are a batch of 100, and tfjs only updates moving averages in fit().
      const out = this.models.generator.apply([tf.tensor2d(z, [n, this.zDim]), y], TRAINING) as tf.Tensor;
      return out.dataSync() as Float32Array;
    });
  }

  dispose(): void {
    this.optG.dispose();
    this.optD.dispose();
  }
}
