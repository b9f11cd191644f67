/**
 * buildApp wires routes to their dependencies and returns an un-started Fastify
 * instance. It never listens and never reads flags or the environment.
 */
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { ErrorBody } from '../protocol/index.js';
import { BadJsonError, BodyTooLargeError, ValidationError } from './errors.js';
import type { Hub } from './hub.js';
import type { Ingest } from './ingest.js';
import { parseJsonTolerant } from './json.js';
import { apiRoutes } from './routes/api.js';
import { envExportRoutes } from './routes/env-export.js';
import { replayRoutes } from './routes/replay.js';
import { socketRoutes } from './routes/socket.js';
import { staticRoutes } from './routes/static.js';
import { visSocketRoutes } from './routes/vis-socket.js';
import { visdomRoutes } from './routes/visdom.js';
import { visdomFileRoutes } from './routes/visdom-files.js';
import { VisSources } from './visdom/sources.js';
import type { Store } from './store/store.js';
import { validatorCompiler } from './validation.js';

export interface AppDeps {
  store: Store;
  hub: Hub;
  ingest: Ingest;
  bodyLimit: number;
  /** Prefix of the Visdom routes ('' or e.g. '/visdom'), like Visdom's -base_url. */
  baseUrl?: string;
  logger?: boolean | object;
  /** Built dashboard (index.html, assets/); defaults to dist/client in the checkout. */
  clientDir?: string;
}

const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../dist/client', import.meta.url));

export async function buildApp({
  store, hub, ingest, bodyLimit, baseUrl = '', logger = false, clientDir = DEFAULT_CLIENT_DIR,
}: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger, bodyLimit, forceCloseConnections: true });
  app.setValidatorCompiler(validatorCompiler);

  // Trainers (the Python visdom client among them) send JSON with no Content-Type and
  // with bare NaN/Infinity tokens: every body is parsed the same tolerant way.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, parseJsonTolerant(text));
    } catch (e) {
      done(new BadJsonError((e as Error).message), undefined);
    }
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    let body: ErrorBody;
    if (err.validation || err.code === 'FST_ERR_VALIDATION') {
      body = errorBody(new ValidationError(err.message));
    } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      body = errorBody(new BodyTooLargeError(bodyLimit));
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      body = errorBody(err);
    } else {
      req.log.error(err);
      body = { statusCode: 500, error: 'Internal Server Error', code: 'RB_ERR_INTERNAL', message: 'internal error; nothing was changed' };
    }
    return reply.status(body.statusCode).send(body);
  });

  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  await app.register(apiRoutes, { store, ingest });
  await app.register(replayRoutes, { store });
  await app.register(envExportRoutes, { store });
  await app.register(socketRoutes, { store, hub });
  const sources = new VisSources(hub);
  app.addHook('onClose', async () => sources.close());
  await app.register(visdomRoutes, { store, ingest, prefix: baseUrl });
  await app.register(visSocketRoutes, { sources, prefix: baseUrl });
  await app.register(visdomFileRoutes, { store });
  await app.register(staticRoutes, { clientDir });
  return app;
}

function errorBody(err: FastifyError): ErrorBody {
  const statusCode = err.statusCode ?? 400;
  return { statusCode, error: reasonPhrase(statusCode), code: err.code ?? 'RB_ERR_BAD_REQUEST', message: err.message };
}

function reasonPhrase(status: number): string {
  const phrases: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
    409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
  };
  return phrases[status] ?? 'Error';
}
