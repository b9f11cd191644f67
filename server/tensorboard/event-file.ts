/**
 * Reads one event file from a byte offset: whole records are decoded, corrupt ones are
 * reported with file and offset and skipped, and an incomplete last record is left
 * for the next read (the writer is still writing it).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { chunkReader, Decoded, decodeEvent, type TagPlugins } from './events.js';
import { scanRecords } from './records.js';

/**
 * Bytes read per step: a large logdir is imported in transactions of about this size.
 * Small enough that a chunk's decoded values die young (cheap garbage collection).
 */
export const READ_CHUNK = 256 * 1024;
/**
 * Bytes read per step by a one-off import (`importAll`: nothing else waits on the event
 * loop): each transaction appends ~8,000 points per tag of a scalar logdir, so the
 * per-append costs (the trace's unsealed tail rewritten, its window touched) are spread
 * 16 times thinner than with READ_CHUNK.
 */
export const IMPORT_CHUNK = 4 * 1024 * 1024;

export interface FileProblem {
  path: string;
  offset: number;
  message: string;
}

export interface FileRead {
  decoded: Decoded;
  /** Offset after the last whole record read (or corrupt span skipped). */
  offset: number;
  /** The file's size when read. */
  size: number;
  problems: FileProblem[];
  /** Records read. */
  records: number;
}

/** A name TensorBoard reads as an event file. */
export function isEventFile(name: string): boolean {
  return name.includes('tfevents');
}

/**
 * Reads from `offset` up to `maxBytes` (more when a single record is larger). A file
 * shorter than `offset` was replaced or truncated: it is read again from the start,
 * and that is reported.
 */
export function readEventFile(path: string, offset: number, plugins: TagPlugins, maxBytes = READ_CHUNK): FileRead {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const problems: FileProblem[] = [];
    if (size < offset) {
      problems.push({ path, offset, message: `file is now ${size} bytes, shorter than the ${offset} already read: reading it again from the start` });
      offset = 0;
    }
    const out: FileRead = { decoded: new Decoded(), offset, size, problems, records: 0 };
    let want = Math.min(maxBytes, size - offset);
    while (want > 0) {
      const buf = Buffer.allocUnsafe(want);
      const got = readSync(fd, buf, 0, want, offset);
      const chunk = buf.subarray(0, got);
      const scan = scanRecords(chunk, offset);
      const reader = chunkReader(chunk);
      for (const c of scan.corrupt) problems.push({ path, offset: c.offset, message: `corrupt record (${c.reason}), ${c.skipped} bytes skipped` });
      for (const r of scan.records) {
        try {
          decodeEvent(reader, r.start, r.end, plugins, out.decoded);
          out.records++;
        } catch (e) {
          problems.push({ path, offset: r.offset, message: `record is not an Event (${(e as Error).message}); skipped` });
        }
      }
      out.offset = scan.next;
      // A record longer than the chunk: read it whole.
      if (scan.next === offset && got === want && offset + want < size) {
        want = Math.min(want * 2, size - offset);
        continue;
      }
      break;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}
