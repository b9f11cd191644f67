/**
 * Kernels the stock wasm backend lacks. Conv2DBackpropFilter (the filter
 * gradient of conv2d, and of conv2dTranspose) is built on the backend's own
 * conv2d: the gradient is a correlation of the input with the output gradient,
 * i.e. a conv2d with batch and channels swapped and the stride as dilation.
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

/** Registers the missing kernels for the wasm backend (once). */
export function registerWasmKernels(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => {
      const { x, dy } = inputs as unknown as { x: tf.Tensor4D; dy: tf.Tensor4D };
      return conv2dBackpropFilter(x, dy, attrs as unknown as BackpropFilterAttrs);
    },
  });
}
