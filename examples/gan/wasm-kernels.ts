/**
 * Kernels the stock wasm backend lacks or runs slowly, built on its own fast ones.
 * - Conv2DBackpropFilter (the filter gradient of conv2d and of conv2dTranspose)
 *   is missing: it is a correlation of the input with the output gradient, i.e. a
 *   conv2d with batch and channels swapped and the stride as dilation.
 * - Conv2DBackpropInput (conv2dTranspose, and the input gradient of conv2d) is a
 *   naive loop, ~10× slower than conv2d: it is a conv2d of the zero-spread output
 *   gradient with the flipped filter.
 * - BatchMatMul and _FusedMatMul with a transposed operand (every dense layer's
 *   backward pass) run 20–40× slower than without: transposing first is cheaper.
 */
import * as tf from '@tensorflow/tfjs';

/** The attributes tfjs passes to both conv2d gradient kernels. */
interface ConvGradAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

interface BackpropFilterAttrs extends ConvGradAttrs {
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

interface BackpropInputAttrs extends ConvGradAttrs {
  inputShape: [number, number, number, number];
}

/**
 * dx[n,y,x,ci] = Σ_{i,j,co} dy[n, (y + top − i)/sh, (x + left − j)/sw, co] · W[i,j,ci,co]
 * (terms with a fractional index are zero): spread dy by the stride with zeros,
 * pad it, and correlate with the filter flipped in space and with channels swapped.
 * Returns null for layouts this does not cover (the stock kernel handles those).
 */
export function conv2dBackpropInput(dy: tf.Tensor4D, filter: tf.Tensor4D, a: BackpropInputAttrs): tf.Tensor4D | null {
  const info = tf.backend_util.computeConv2DInfo(a.inputShape, filter.shape, a.strides, 1, a.pad, a.dimRoundingMode);
  const [fh, fw] = filter.shape;
  const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, inHeight: h, inWidth: w } = info;
  const padTop = fh - 1 - info.padInfo.top;
  const padLeft = fw - 1 - info.padInfo.left;
  if (a.dataFormat !== 'NHWC' || padTop < 0 || padLeft < 0) return null;
  return tf.tidy(() => {
    const [n, , , c] = dy.shape;
    const spreadH = (oh - 1) * sh + 1;
    const spreadW = (ow - 1) * sw + 1;
    let d: tf.Tensor4D = dy;
    if (sh > 1 || sw > 1) {
      const cells = tf.pad(tf.reshape(dy, [n, oh, 1, ow, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
      d = tf.slice(tf.reshape(cells, [n, oh * sh, ow * sw, c]) as tf.Tensor4D, [0, 0, 0, 0], [n, spreadH, spreadW, c]);
    }
    const fullH = h + fh - 1;
    const fullW = w + fw - 1;
    d = tf.pad(d, [[0, 0], [padTop, Math.max(0, fullH - padTop - spreadH)], [padLeft, Math.max(0, fullW - padLeft - spreadW)], [0, 0]]);
    if (d.shape[1] > fullH || d.shape[2] > fullW) d = tf.slice(d, [0, 0, 0, 0], [n, fullH, fullW, c]);
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
    return tf.conv2d(d, flipped, 1, 'valid');
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
  const stock = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (stock) {
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel({
      ...stock,
      kernelFunc: (args) => {
        const { dy, filter } = args.inputs as unknown as { dy: tf.Tensor4D; filter: tf.Tensor4D };
        return conv2dBackpropInput(dy, filter, args.attrs as unknown as BackpropInputAttrs) ?? stock.kernelFunc(args);
      },
    });
  }
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
