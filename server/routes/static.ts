/**
 * Serves the built dashboard: index.html at `/` and `/env/:env` (the client reads
 * the env from the URL), and the bundle under `/assets/`. Files come only from the
 * build directory; names are matched against a strict pattern, never joined raw.
 */
import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { htmlSecurityHeaders } from '../security.js';

export interface StaticDeps {
  /** Directory holding index.html and assets/ (dist/client). */
  clientDir: string;
}

const ASSET_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9]+)+$/;
const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export async function staticRoutes(app: FastifyInstance, { clientDir }: StaticDeps): Promise<void> {
  const index = async (_req: unknown, reply: import('fastify').FastifyReply) => {
    const html = await readFile(join(clientDir, 'index.html')).catch(() => null);
    if (!html) {
      return reply.status(503).type('text/plain; charset=utf-8').send('The dashboard is not built: run `npm run build` (npm start does it for you).');
    }
    return htmlSecurityHeaders(reply).type(TYPES.html!).header('cache-control', 'no-cache').send(html);
  };
  // Pages hold no data: in login mode they load before a login (see RouteAccess).
  const page = { config: { access: 'page' as const } };
  app.get('/', page, index);
  app.get('/env/:env', page, index);

  app.get<{ Params: { file: string } }>('/assets/:file', page, async (req, reply) => {
    const { file } = req.params;
    const type = TYPES[file.slice(file.lastIndexOf('.') + 1)];
    const body = ASSET_NAME.test(file) && type ? await readFile(join(clientDir, 'assets', file)).catch(() => null) : null;
    if (!body) return reply.status(404).send({ statusCode: 404, error: 'Not Found', code: 'RB_ERR_NOT_FOUND', message: `no asset ${file}` });
    return reply.type(type!).header('cache-control', 'no-cache').send(body);
  });
}
