/**
 * `POST /api/import?name=FILE[&onExists=replace|rename]`: the HTTP twin of `npm run import`.
 * The body (a Visdom saved env, runboard's own export, or an offline log) is streamed into the importer as it arrives, never
 * buffered whole, and written through the same Visdom translation and Ingest path as
 * live requests, so every viewer sees the imported windows appear.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { importQuerySchema, type ImportQuery, type ImportReply } from '../../protocol/index.js';
import { ValidationError } from '../errors.js';
import type { Ingest } from '../ingest.js';
import type { Store } from '../store/store.js';
import { EXPECTED, importSource } from '../visdom/env-file.js';
import { VisdomWriter } from '../visdom/writer.js';

export async function importRoutes(app: FastifyInstance, { store, ingest }: { store: Store; ingest: Ingest }): Promise<void> {
  // In this plugin only: hand the raw request stream to the route instead of parsing it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  const writer = new VisdomWriter(store, ingest);

  app.post<{ Querystring: ImportQuery }>('/api/import', { schema: { querystring: importQuerySchema } }, async (req): Promise<ImportReply> => {
    const body = req.body as IncomingMessage | undefined;
    if (!body) throw new ValidationError(`the body is empty; ${EXPECTED}`);
    body.setEncoding('utf8');
    const r = await importSource(
      {
        name: req.query.name ?? 'upload',
        chunks: body as AsyncIterable<string>,
        totalBytes: Number(req.headers['content-length'] ?? 0),
        onExists: req.query.onExists ?? 'refuse',
      },
      store,
      writer,
      () => {},
    );
    if (r.bytes === 0 || (r.records === 0 && r.errors > 0)) {
      throw new ValidationError(`nothing was imported${r.problems[0] ? `: ${r.problems[0]}` : ''}; ${EXPECTED}`);
    }
    return { file: r.file, bytes: r.bytes, records: r.records, errors: r.errors, problems: r.problems, env: r.env };
  });
}
