/** The 8-Gaussian ring: a 2-D toy distribution whose modes make a GAN's progress (and collapse) easy to see. */
import { gaussian } from './random.js';

export const RING_MODES = 8;
const RADIUS = 2;
const STD = 0.05;

/** Centre of mode k. */
export function ringCentre(k: number): [number, number] {
  const a = (2 * Math.PI * k) / RING_MODES;
  return [RADIUS * Math.cos(a), RADIUS * Math.sin(a)];
}

/** `batch` points, each from a random mode; the mode is the point's class. */
export function sampleRing(batch: number, random: () => number): { x: Float32Array; labels: Int32Array } {
  const x = new Float32Array(batch * 2);
  const labels = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    const k = Math.floor(random() * RING_MODES);
    const [cx, cy] = ringCentre(k);
    labels[b] = k;
    x[2 * b] = cx + STD * gaussian(random);
    x[2 * b + 1] = cy + STD * gaussian(random);
  }
  return { x, labels };
}
