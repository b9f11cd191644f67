/**
 * buildApp wires routes to their dependencies and returns an un-started Fastify
 * instance. It never listens and never reads flags or the environment.
 */
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import websocket from '@fastify/websocket';
import { MAX_NAME_LENGTH, type ErrorBody } from '../protocol/index.js';
import { accessControl, type AccessOptions } from './auth.js';
import { BadJsonError, BadUrlError, BodyTooLargeError, IdTooLongError, MethodNotAllowedError, NoRouteError, TooDeepError, ValidationError } from './errors.js';
import type { Hub } from './hub.js';
import type { Ingest } from './ingest.js';
import { nestsDeeperThan, parseJsonTolerant } from './json.js';
import { checkBodyLimits, DEFAULT_MAX_POINTS } from './limits.js';
import { DEFAULT_CONNECTION_LIMITS, limitConnections, serverOptions, type ConnectionLimits } from './connections.js';
import { methodTable } from './methods.js';
import { apiRoutes } from './routes/api.js';
import { envExportRoutes } from './routes/env-export.js';
import { importRoutes } from './routes/import.js';
import { replayRoutes } from './routes/replay.js';
import { runsRoutes } from './routes/runs.js';
import { socketRoutes, type SocketLimits } from './routes/socket.js';
import { staticRoutes } from './routes/static.js';
import { visSocketRoutes } from './routes/vis-socket.js';
import { visdomRoutes } from './routes/visdom.js';
import { visdomFileRoutes } from './routes/visdom-files.js';
import { requestSerializer } from './redact.js';
import { securityHeaders } from './security.js';
import { storageError } from './storage-errors.js';
import { VisSources } from './visdom/sources.js';
import { paneEventRoutes } from './routes/pane-events.js';
import { embeddingsRoutes } from './routes/embeddings.js';
import type { Store } from './store/store.js';
import { validatorCompiler } from './validation.js';

export interface AppDeps {
  store: Store;
  hub: Hub;
  ingest: Ingest;
  bodyLimit: number;
  /** Prefix of the Visdom routes ('' or e.g. '/visdom'), like Visdom's -base_url. */
  baseUrl?: string;
  /** Credentials; everything is open when none is set. */
  access?: AccessOptions;
  sockets?: SocketLimits;
  logger?: boolean | object;
  /** Built dashboard (index.html, assets/); defaults to dist/client in the checkout. */
  clientDir?: string;
  /** Most points one request may carry (see limits.ts). */
  maxPoints?: number;
  /** Connection caps and timeouts (see connections.ts). */
  connections?: ConnectionLimits;
}

/** Longest path segment the router accepts: MAX_NAME_LENGTH characters of up to 4 UTF-8 bytes, each written %XX. */
const MAX_PARAM_LENGTH = MAX_NAME_LENGTH * 12;

/** Deepest nesting of arrays/objects accepted in a body (Plotly figures need about 8). */
export const MAX_BODY_DEPTH = 64;

const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../dist/client', import.meta.url));

export async function buildApp({
  store, hub, ingest, bodyLimit, baseUrl = '', access = {}, sockets = {}, logger = false, clientDir = DEFAULT_CLIENT_DIR,
  maxPoints = DEFAULT_MAX_POINTS, connections = DEFAULT_CONNECTION_LIMITS,
}: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // Request URLs may carry ?token=: they are logged redacted.
    logger: logger === false ? false : { ...(logger === true ? {} : logger), serializers: { req: requestSerializer } },
    // Behind a proxy named by --trust-proxy, req.ip and req.protocol come from its X-Forwarded-For/-Proto.
    trustProxy: access.trustProxy ?? false,
    bodyLimit,
    forceCloseConnections: true,
    ...serverOptions(connections),
    // Node's default 16 KiB of request line and headers cannot hold a URL naming an env and a
    // window of the longest ids (up to MAX_PARAM_LENGTH each): room for both, and headers.
    http: { ...serverOptions(connections).http, maxHeaderSize: 2 * MAX_PARAM_LENGTH + 16 * 1024 },
    // Room for the longest id, every character percent-encoded (the router's default is 100).
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Errors raised by the router itself (a URL that does not decode, an overlong id) get our shape too.
    frameworkErrors: (err, _req, reply) => {
      const mapped = err.code === 'FST_ERR_BAD_URL' ? new BadUrlError() : err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? new IdTooLongError(MAX_NAME_LENGTH) : err;
      const body = errorBody(mapped as FastifyError);
      void (reply as FastifyReply).status(body.statusCode).send(body);
    },
  });
  limitConnections(app.server, connections);
  app.setValidatorCompiler(validatorCompiler);

  // Trainers (the Python visdom client among them) send JSON with no Content-Type and
  // with bare NaN/Infinity tokens: every body is parsed the same tolerant way.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    let value: unknown;
    try {
      value = parseJsonTolerant(text);
    } catch (e) {
      return done(new BadJsonError((e as Error).message), undefined);
    }
    // Deeper values would overflow the stack later, in JSON.stringify.
    if (nestsDeeperThan(value, MAX_BODY_DEPTH)) return done(new TooDeepError(MAX_BODY_DEPTH), undefined);
    try {
      checkBodyLimits(value, { maxPoints });
    } catch (e) {
      return done(e as Error, undefined);
    }
    done(null, value);
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    let body: ErrorBody;
    const storage = storageError(err);
    if (err.validation || err.code === 'FST_ERR_VALIDATION') {
      body = errorBody(new ValidationError(err.message));
    } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      body = errorBody(new BodyTooLargeError(bodyLimit));
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      body = errorBody(err);
    } else if (storage) {
      // Logged as well: the operator has to act (free space, fix permissions, restore).
      req.log.error({ err }, storage.message);
      body = errorBody(storage);
      if (storage.statusCode === 503) reply.header('retry-after', '5');
    } else {
      req.log.error(err);
      body = { statusCode: 500, error: 'Internal Server Error', code: 'RB_ERR_INTERNAL', message: 'internal error; nothing was changed' };
    }
    return reply.status(body.statusCode).send(body);
  });

  const methods = methodTable(app);
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?', 1)[0]!;
    const allowed = methods.allowed(path);
    if (allowed.length > 0) {
      const err = new MethodNotAllowedError(req.method, path.slice(0, 200), allowed.filter((m) => m !== 'HEAD').join(' or '));
      return reply.status(405).header('allow', allowed.join(', ')).send(errorBody(err));
    }
    return reply.status(404).send(errorBody(new NoRouteError(req.method, path.slice(0, 200))));
  });

  securityHeaders(app);
  // The websocket plugin's own onRequest hook marks upgrades; it must run before the access hook
  // so that a refused upgrade's socket is closed after the refusal is written.
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  await app.register(accessControl, { ...access, baseUrl });
  await app.register(apiRoutes, { store, ingest });
  await app.register(replayRoutes, { store });
  await app.register(runsRoutes, { store, ingest });
  await app.register(importRoutes, { store, ingest });
  await app.register(envExportRoutes, { store });
  await app.register(socketRoutes, { store, hub, ...sockets });
  const sources = new VisSources(hub);
  app.addHook('onClose', async () => sources.close());
  await app.register(visdomRoutes, { store, ingest, prefix: baseUrl });
  await app.register(visSocketRoutes, { sources, maxSockets: sockets.maxSockets, prefix: baseUrl });
  await app.register(paneEventRoutes, { store, sources });
  await app.register(embeddingsRoutes, { store, ingest });
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
    409: 'Conflict', 413: 'Payload Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
    503: 'Service Unavailable', 507: 'Insufficient Storage',
  };
  return phrases[status] ?? 'Error';
}
