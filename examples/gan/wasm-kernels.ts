/**
 * Kernels the stock wasm backend lacks or runs slowly, built on its own fast ones.
 * - Conv2DBackpropFilter (the filter gradient of conv2d and of conv2dTranspose)
 *   is missing: it is a correlation of the input with the output gradient, i.e. a
 *   conv2d with batch and channels swapped and the stride as dilation.
 * - BatchMatMul and _FusedMatMul with a transposed operand (every dense layer's
 *   backward pass) run 20–40× slower than without: transposing first is cheaper.
 */
import * as tf from '@tensorflow/tfjs';

interface BackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** dW[i,j,ci,co] = Σ_{n,oh,ow} x[n, oh·sh + i − top, ow·sw + j − left, ci] · dy[n, oh, ow, co] */
export function conv2dBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, a: BackpropFilterAttrs): tf.Tensor4D {
  if (a.dataFormat !== 'NHWC') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
  const info = tf.backend_util.computeConv2DInfo(x.shape, a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode);
  const [fh, fw] = a.filterShape;
  const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, inHeight: h, inWidth: w } = info;
  const { top, left } = info.padInfo;
  return tf.tidy(() => {
    const xt = tf.transpose(x, [3, 1, 2, 0]); // [Cin, H, W, N]: channels become the batch
    const dyt = tf.transpose(dy, [1, 2, 0, 3]); // [OH, OW, N, Cout]: the output gradient is the filter
    const bottom = Math.max(0, fh + sh * (oh - 1) - top - h);
    const right = Math.max(0, fw + sw * (ow - 1) - left - w);
    const xp = tf.pad(xt, [[0, 0], [top, bottom], [left, right], [0, 0]]);
    const out = tf.conv2d(xp, dyt, 1, 'valid', 'NHWC', [sh, sw]); // [Cin, ≥fh, ≥fw, Cout]
    return tf.transpose(tf.slice(out, [0, 0, 0, 0], [-1, fh, fw, -1]), [1, 2, 0, 3]);
  });
}

/** Re-registers a matMul kernel so transposed operands are transposed up front. */
function transposeFirst(kernelName: string): void {
  const original = tf.getKernel(kernelName, 'wasm');
  if (!original) return;
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({
    ...original,
    kernelFunc: (args) => {
      const attrs = args.attrs as { transposeA: boolean; transposeB: boolean };
      if (!attrs.transposeA && !attrs.transposeB) return original.kernelFunc(args);
      const { a, b } = args.inputs as unknown as { a: tf.Tensor; b: tf.Tensor };
      const swapLast = (t: tf.Tensor) => tf.transpose(t, [...t.shape.keys()].map((i, _, all) => (i < all.length - 2 ? i : 2 * all.length - 3 - i)));
      const at = attrs.transposeA ? swapLast(a) : a;
      const bt = attrs.transposeB ? swapLast(b) : b;
      const out = original.kernelFunc({ ...args, inputs: { ...args.inputs, a: at, b: bt }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
      if (at !== a) at.dispose();
      if (bt !== b) bt.dispose();
      return out;
    },
  });
}

let registered = false;

/** Registers the missing and faster kernels for the wasm backend (once). */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  transposeFirst('BatchMatMul');
  transposeFirst('_FusedMatMul');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => {
      const { x, dy } = inputs as unknown as { x: tf.Tensor4D; dy: tf.Tensor4D };
      return conv2dBackpropFilter(x, dy, attrs as unknown as BackpropFilterAttrs);
    },
  });
}
