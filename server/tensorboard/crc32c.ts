/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) and the "masked" form TFRecord
 * framing stores, so a CRC of data holding CRCs stays useful. Every record is checked
 * twice (its length, its data), so this runs over every byte of an import: it takes
 * 8 bytes per step with 8 tables ("slicing-by-8"), about 3 times the speed of a byte
 * at a time, and the 8-byte length header is exactly one step.
 */
const TABLES = (() => {
  const t = new Int32Array(8 * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c;
  }
  // Table k: the CRC of a byte followed by k zero bytes.
  for (let k = 1; k < 8; k++) {
    for (let i = 0; i < 256; i++) {
      const prev = t[(k - 1) * 256 + i]!;
      t[k * 256 + i] = t[prev & 0xff]! ^ (prev >>> 8);
    }
  }
  return t;
})();

/** CRC-32C of bytes [start, end) of `buf`. */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  const t = TABLES;
  let c = -1;
  let i = start;
  for (const last8 = end - 8; i <= last8; i += 8) {
    const lo = c ^ (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24));
    c =
      t[1792 + (lo & 0xff)]! ^
      t[1536 + ((lo >>> 8) & 0xff)]! ^
      t[1280 + ((lo >>> 16) & 0xff)]! ^
      t[1024 + (lo >>> 24)]! ^
      t[768 + buf[i + 4]!]! ^
      t[512 + buf[i + 5]!]! ^
      t[256 + buf[i + 6]!]! ^
      t[buf[i + 7]!]!;
  }
  for (; i < end; i++) c = t[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** TFRecord's mask: rotate right by 15 bits, then add a constant (mod 2^32). */
export function maskCrc(crc: number): number {
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

export function maskedCrc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  return maskCrc(crc32c(buf, start, end));
}
