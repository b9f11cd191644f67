import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, imageGrid } from '../examples/client/index.js';

/** Splits a PNG into chunks, checking each CRC with node:zlib's own crc32. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const out = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const data = png.subarray(at + 8, at + 8 + len);
    expect(png.readUInt32BE(at + 8 + len)).toBe(crc32(png.subarray(at + 4, at + 8 + len)));
    out.push({ type, data });
    at += 12 + len;
  }
  return out;
}

describe('png', () => {
  it('encodes grey and RGB images that decode back to the same pixels', () => {
    for (const channels of [1, 3, 4] as const) {
      const width = 5;
      const height = 3;
      const data = Uint8Array.from({ length: width * height * channels }, (_, i) => (i * 37) % 256);
      const parts = chunks(encodePng({ width, height, channels, data }));
      expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
      const ihdr = parts[0]!.data;
      expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]]).toEqual([width, height, 8, { 1: 0, 3: 2, 4: 6 }[channels]]);
      const raw = inflateSync(parts[1]!.data);
      const stride = width * channels;
      for (let y = 0; y < height; y++) {
        expect(raw[y * (stride + 1)]).toBe(0);
        expect([...raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))]).toEqual([...data.subarray(y * stride, (y + 1) * stride)]);
      }
    }
  });

  it('refuses data that does not match the size', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 1, data: new Uint8Array(3) })).toThrow(/needs 4/);
  });

  it('tiles images row by row with padding, mapping the value range to 0..255', () => {
    // Three 1×2 images in [-1, 1], two per row: a 2-row grid.
    const grid = imageGrid([-1, 1, 0, 0, 1, -1], 3, 1, 2, { nrow: 2, padding: 1, range: [-1, 1], background: 9 });
    expect([grid.width, grid.height]).toEqual([2 * 3 + 1, 2 * 2 + 1]);
    const rows = Array.from({ length: grid.height }, (_, y) => [...grid.data.subarray(y * grid.width, (y + 1) * grid.width)]);
    expect(rows).toEqual([
      [9, 9, 9, 9, 9, 9, 9],
      [9, 0, 255, 9, 128, 128, 9],
      [9, 9, 9, 9, 9, 9, 9],
      [9, 255, 0, 9, 9, 9, 9],
      [9, 9, 9, 9, 9, 9, 9],
    ]);
  });
});
