/**
 * Picks the fastest tfjs backend present: tfjs-node (native TensorFlow, an
 * optional dependency that often cannot install), else WebAssembly, else plain JS.
 */
import * as tf from '@tensorflow/tfjs';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Imported by name at run time: the package may be absent, and the type checker must not need it. */
const TFJS_NODE = '@tensorflow/tfjs-node';

export async function selectBackend(wanted?: BackendName): Promise<BackendName> {
  const order: BackendName[] = wanted ? [wanted] : ['tensorflow', 'wasm', 'cpu'];
  for (const name of order) {
    try {
      if (name === 'tensorflow') await import(TFJS_NODE);
      if (name === 'wasm') {
        await import('@tensorflow/tfjs-backend-wasm');
        const { registerWasmKernels } = await import('./wasm-kernels.js');
        registerWasmKernels();
      }
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {}
  }
  throw new Error(`no tfjs backend could start (tried ${order.join(', ')})`);
}
