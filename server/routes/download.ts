/** Streamed file downloads: one place that names the file safely for any id. */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** A Content-Disposition value safe for any id (ids may hold quotes and non-ASCII). */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
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
