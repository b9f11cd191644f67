/**
 * TFRecord framing, as TensorBoard event files use it: each record is
 *   uint64 length (little-endian) | uint32 masked CRC-32C of those 8 bytes |
 *   `length` bytes of data         | uint32 masked CRC-32C of the data.
 * Pure: a buffer read from file offset `base` → the whole records in it, the
 * corrupt spans skipped, and how far a next read should start. An incomplete
 * record at the end is not an error: the writer is still writing it.
 */
import { maskedCrc32c } from './crc32c.js';

const HEADER = 12;
const FOOTER = 4;
/** A length past this is taken as corruption rather than waited for. */
const MAX_RECORD = 256 * 1024 * 1024;

/** A whole record found in a buffer: its data is bytes [start, end) of that buffer. */
export class TfRecord {
  constructor(
    private readonly buf: Uint8Array,
    /** File offset of the record's first byte. */
    readonly offset: number,
    readonly start: number,
    readonly end: number,
  ) {}

  /** The record's data (a view: decoding reads it in place, from `start` to `end`). */
  get data(): Uint8Array {
    return this.buf.subarray(this.start, this.end);
  }
}

export interface Corruption {
  /** File offset where the bad bytes start. */
  offset: number;
  /** How many bytes were skipped. */
  skipped: number;
  reason: string;
}

export interface RecordScan {
  records: TfRecord[];
  corrupt: Corruption[];
  /** File offset the next read starts at: after the last whole record (or skipped span). */
  next: number;
}

function headerAt(buf: Uint8Array, view: DataView, p: number): number | null {
  if (view.getUint32(p + 8, true) !== maskedCrc32c(buf, p, p + 8)) return null;
  const hi = view.getUint32(p + 4, true);
  const len = view.getUint32(p, true);
  return hi !== 0 || len > MAX_RECORD ? null : len;
}

function dataOk(buf: Uint8Array, view: DataView, p: number, len: number): boolean {
  const end = p + HEADER + len;
  return view.getUint32(end, true) === maskedCrc32c(buf, p + HEADER, end);
}

/**
 * After a bad header at `from`: the first later position where a record with a good
 * header starts (whole with good data, or incomplete: then it is waited for), or
 * null when none is in the buffer yet.
 */
function resync(buf: Uint8Array, view: DataView, from: number): number | null {
  for (let q = from + 1; q + HEADER <= buf.length; q++) {
    const len = headerAt(buf, view, q);
    if (len === null) continue;
    if (q + HEADER + len + FOOTER > buf.length || dataOk(buf, view, q, len)) return q;
  }
  return null;
}

export function scanRecords(buf: Uint8Array, base: number): RecordScan {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const records: TfRecord[] = [];
  const corrupt: Corruption[] = [];
  let p = 0;
  while (p + HEADER <= buf.length) {
    const len = headerAt(buf, view, p);
    if (len === null) {
      const q = resync(buf, view, p);
      if (q === null) {
        // Nothing trustworthy yet: skip what cannot start a record, keep the last bytes
        // (a good header may be arriving there).
        const to = Math.max(p + 1, buf.length - HEADER + 1);
        corrupt.push({ offset: base + p, skipped: to - p, reason: 'bad length checksum' });
        p = to;
        break;
      }
      corrupt.push({ offset: base + p, skipped: q - p, reason: 'bad length checksum' });
      p = q;
      continue;
    }
    const end = p + HEADER + len + FOOTER;
    if (end > buf.length) break;
    if (!dataOk(buf, view, p, len)) {
      corrupt.push({ offset: base + p, skipped: end - p, reason: 'bad data checksum' });
    } else {
      records.push(new TfRecord(buf, base + p, p + HEADER, p + HEADER + len));
    }
    p = end;
  }
  return { records, corrupt, next: base + p };
}

/** One framed record around `data` (used by the test writer and the benchmark). */
export function frameRecord(data: Uint8Array): Buffer {
  const out = Buffer.alloc(HEADER + data.length + FOOTER);
  out.writeUInt32LE(data.length, 0);
  out.writeUInt32LE(0, 4);
  out.writeUInt32LE(maskedCrc32c(out, 0, 8), 8);
  out.set(data, HEADER);
  out.writeUInt32LE(maskedCrc32c(data), HEADER + data.length);
  return out;
}
