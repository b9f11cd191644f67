/**
 * The Visdom HTTP API as the Python `visdom` client calls it (protocol §3): every
 * call is a POST with a JSON body (often without Content-Type) and every answer is
 * a bare string (a window id, `true`/`false`, JSON as text, or empty).
 *
 * Errors: where Visdom answers with a string of its own ("win does not exist", the
 * type gate of /update) we answer the same string with status 200. Where Visdom fails
 * with an empty 500 or half-applies a change, we change nothing and answer a 4xx whose
 * body is a plain sentence saying what to fix. The client never looks at the status:
 * it returns the body text to the caller either way, so the trainer sees the reason.
 */
import { Readable } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import {
  envBodySchema,
  eventsBodySchema,
  forkEnvBodySchema,
  saveBodySchema,
  updateBodySchema,
  winBodySchema,
  winDataBodySchema,
  type EnvBody,
  type EventsBody,
  type ForkEnvBody,
  type SaveBody,
  type UpdateBody,
  type WinBody,
  type WinDataBody,
} from '../../protocol/index.js';
import { requireWrite } from '../auth.js';
import { UnknownEnvError, UnknownWindowError } from '../errors.js';
import type { Ingest } from '../ingest.js';
import { storageError } from '../storage-errors.js';
import type { Store } from '../store/store.js';
import { envOf, winOf } from '../visdom/translate.js';
import { envJsonChunks, windowHash, windowJsonChunks } from '../visdom/window-json.js';
import { VisdomWriter } from '../visdom/writer.js';

export interface VisdomDeps {
  store: Store;
  ingest: Ingest;
}

/** Tornado's content type, which the client does not check but other tools may. */
const TEXT = 'text/html; charset=UTF-8';
/** POSTs that only read: the read credential is enough (see RouteAccess in auth.ts). */
const READS = { access: 'read' as const };

export async function visdomRoutes(app: FastifyInstance, { store, ingest }: VisdomDeps): Promise<void> {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    let status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    let message = err.message;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') message = 'the body is larger than the server accepts; send fewer points per request or raise --body-limit';
    const storage = status === 500 ? storageError(err) : null;
    if (storage) {
      // The cause, as on the native API: a full disk, a locked file, Postgres unreachable.
      req.log.error({ err }, storage.message);
      status = storage.statusCode!;
      message = storage.message;
      if (status === 503) reply.header('retry-after', '5');
    } else if (status === 500) {
      req.log.error(err);
      message = 'internal error; nothing was changed';
    }
    if (err.validation) status = 400;
    return reply.status(status).type(TEXT).send(message);
  });

  const writer = new VisdomWriter(store, ingest);
  const text = (reply: FastifyReply, body: string) => reply.type(TEXT).send(body);
  const requireEnv = async (env: string) => {
    if (!(await store.envExists(env))) throw new UnknownEnvError(env);
  };

  app.post<{ Body: EventsBody }>('/events', { schema: { body: eventsBodySchema } }, async (req, reply) => {
    return text(reply, await writer.events(req.body));
  });

  app.post<{ Body: UpdateBody }>('/update', { schema: { body: updateBodySchema } }, async (req, reply) => {
    return text(reply, await writer.update(req.body));
  });

  app.post<{ Body: WinBody }>('/win_exists', { schema: { body: winBodySchema }, config: READS }, async (req, reply) => {
    const { win, eid } = req.body;
    let found = false;
    try {
      const id = winOf(win);
      found = id !== undefined && (await store.hasWindow(envOf(eid), id));
    } catch {
      // An id that cannot exist names no window.
    }
    return text(reply, found ? 'true' : 'false');
  });

  app.post<{ Body: WinDataBody }>('/win_data', { schema: { body: winDataBodySchema }, config: READS }, async (req, reply) => {
    const env = envOf(req.body.eid);
    const win = winOf(req.body.win);
    if (typeof req.body.data === 'string') {
      requireWrite(req, 'setting window data');
      await writer.setWindowData(env, win, req.body.data);
      return text(reply, '');
    }
    await requireEnv(env);
    if (win === undefined) return reply.type(TEXT).send(Readable.from(envJsonChunks(store, env)));
    const info = await store.window(env, win);
    if (!info) throw new UnknownWindowError(win, env);
    return reply.type(TEXT).send(Readable.from(windowJsonChunks(store, env, info)));
  });

  app.post<{ Body: WinBody }>('/close', { schema: { body: winBodySchema } }, async (req, reply) => {
    const env = envOf(req.body.eid);
    const win = winOf(req.body.win);
    await requireEnv(env);
    if (win === undefined) await ingest.closeAll(env);
    else if (await store.hasWindow(env, win)) await ingest.closeWindow(env, win);
    return text(reply, '');
  });

  app.post<{ Body: EnvBody }>('/delete_env', { schema: { body: envBodySchema } }, async (req, reply) => {
    await ingest.deleteEnv(envOf(req.body.eid));
    return text(reply, '');
  });

  // The client sends {"eid": env}; the env in the URL may hold '/', so the route takes the rest of the path.
  app.post<{ Body: EnvBody; Params: { '*': string } }>('/env/*', { schema: { body: envBodySchema } }, async (req, reply) => {
    const fromUrl = req.params['*'];
    await ingest.createEnv(envOf(req.body?.eid ?? (fromUrl === '' ? null : fromUrl)));
    return text(reply, '');
  });

  app.post('/env_state', { config: READS }, async (_req, reply) => {
    const envs = (await store.listEnvs()).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    return text(reply, JSON.stringify(envs.map((e) => e.id)));
  });

  // Every write is already durable: saving only reports which of the envs exist.
  app.post<{ Body: SaveBody }>('/save', { schema: { body: saveBodySchema } }, async (req, reply) => {
    const envs: string[] = [];
    for (const e of (req.body.data ?? []).map((d) => envOf(d))) if (await store.envExists(e)) envs.push(e);
    return text(reply, JSON.stringify(envs));
  });

  app.post<{ Body: ForkEnvBody }>('/fork_env', { schema: { body: forkEnvBodySchema } }, async (req, reply) => {
    const to = envOf(req.body.eid);
    await ingest.forkEnv(envOf(req.body.prev_eid), to);
    return text(reply, to);
  });

  app.post<{ Body: WinBody }>('/win_hash', { schema: { body: winBodySchema }, config: READS }, async (req, reply) => {
    const env = envOf(req.body.eid ?? req.body.env);
    const win = winOf(req.body.win);
    const info = win === undefined ? undefined : await store.window(env, win);
    return text(reply, info ? await windowHash(store, env, info) : 'false');
  });
}
