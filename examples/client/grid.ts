/** Tiles equally sized grey images into one grid image, as Visdom's `images()` does client-side. */
import type { RawImage } from './png.js';

export interface GridOptions {
  /** Images per row (default 8). */
  nrow?: number;
  /** Pixels between and around tiles (default 2). */
  padding?: number;
  /** Value range of the input mapped to 0..255 (default [0, 1]); values outside are clipped. */
  range?: [number, number];
  /** Grey level of the padding, 0..255 (default 128). */
  background?: number;
}

/**
 * `pixels` holds `count` images of `height`×`width` grey values, one after another.
 * Returns one grey image with `nrow` tiles per row.
 */
export function imageGrid(pixels: ArrayLike<number>, count: number, height: number, width: number, opts: GridOptions = {}): RawImage {
  const { nrow = 8, padding = 2, range = [0, 1], background = 128 } = opts;
  if (pixels.length !== count * height * width) {
    throw new Error(`got ${pixels.length} values; ${count} images of ${height}×${width} need ${count * height * width}`);
  }
  const cols = Math.min(nrow, count);
  const rows = Math.ceil(count / nrow);
  const gridW = cols * (width + padding) + padding;
  const gridH = rows * (height + padding) + padding;
  const data = new Uint8Array(gridW * gridH).fill(background);
  const [lo, hi] = range;
  const scale = 255 / (hi - lo);
  for (let k = 0; k < count; k++) {
    const top = padding + Math.floor(k / nrow) * (height + padding);
    const left = padding + (k % nrow) * (width + padding);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = (pixels[(k * height + y) * width + x]! - lo) * scale;
        data[(top + y) * gridW + left + x] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
      }
    }
  }
  return { width: gridW, height: gridH, channels: 1, data };
}
