/** Streamed file downloads: one place that names the file safely for any id. */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** Longest file name offered, in characters: file systems take 255 bytes, and ids may be 1000 characters. */
const MAX_FILENAME = 120;

/** The name cut to MAX_FILENAME characters (code points, so no emoji is split), keeping its extension. */
function shorten(filename: string): string {
  const chars = [...filename];
  if (chars.length <= MAX_FILENAME) return filename;
  const dot = filename.lastIndexOf('.');
  const ext = dot > 0 && filename.length - dot <= 16 ? filename.slice(dot) : '';
  return chars.slice(0, MAX_FILENAME - ext.length - 1).join('') + '…' + ext;
}

/** A Content-Disposition value safe for any id (ids may hold quotes, '/', non-ASCII, and be long). */
function attachment(name: string): string {
  const filename = shorten(name);
  const ascii = filename.replace(/[^\x20-\x7e]|["\\/]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Sends `body` as a download named `filename`. */
export function sendDownload(
  reply: FastifyReply,
  filename: string,
  type: string,
  body: Readable | Iterable<string> | AsyncIterable<string>,
): FastifyReply {
  return reply
    .type(type)
    .header('content-disposition', attachment(filename))
    .send(body instanceof Readable ? body : Readable.from(body));
}
