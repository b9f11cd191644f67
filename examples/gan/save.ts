/**
 * Saves a model in tfjs's own layers format (model.json + weights.bin), loadable
 * with tf.loadLayersModel. tfjs-node's file:// handler writes the same files;
 * without it, this handler does it with node:fs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export function fileSaveHandler(dir: string): tf.io.IOHandler {
  return tf.io.withSaveHandler(async (artifacts) => {
    mkdirSync(dir, { recursive: true });
    const data = artifacts.weightData;
    const weights = data === undefined ? new Uint8Array(0) : new Uint8Array(tf.io.concatenateArrayBuffers(Array.isArray(data) ? data : [data]));
    const modelJson = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs ?? [] }],
    };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
    writeFileSync(join(dir, 'weights.bin'), weights);
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  });
}

/** Saves into `dir` (created), through tfjs-node's file:// handler when that backend is active. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  if (tf.getBackend() === 'tensorflow') await model.save(`file://${dir}`);
  else await model.save(fileSaveHandler(dir));
}
