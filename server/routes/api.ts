/** The native HTTP API: write lines, read envs, windows and (decimated) data, export, delete. */
import type { FastifyInstance } from 'fastify';
import {
  dataQuerySchema,
  envParamsSchema,
  lineBodySchema,
  windowParamsSchema,
  type DataQuery,
  type EnvParams,
  type LineBody,
  renameBodySchema,
  type RenameBody,
  type WindowParams,
  type WriteReply,
} from '../../protocol/index.js';
import { EnvExistsError, UnknownEnvError, UnknownWindowError } from '../errors.js';
import type { Ingest, SeriesMode } from '../ingest.js';
import { shapeLine } from '../line.js';
import type { Store } from '../store/store.js';
import { windowData } from '../views.js';
import { exportCsv, exportJson } from '../export.js';
import { sendDownload } from './download.js';

export interface ApiDeps {
  store: Store;
  ingest: Ingest;
}

export async function apiRoutes(app: FastifyInstance, { store, ingest }: ApiDeps): Promise<void> {
  app.get('/api/envs', async () => ({ envs: await store.listEnvs() }));

  app.get<{ Params: EnvParams }>('/api/env/:env', { schema: { params: envParamsSchema } }, async (req) => {
    const { env } = req.params;
    const meta = await store.runMeta(env);
    if (!meta) throw new UnknownEnvError(env);
    return { env, meta, windows: await store.windows(env) };
  });

  app.post<{ Params: EnvParams; Body: LineBody }>(
    '/api/env/:env/line',
    { schema: { params: envParamsSchema, body: lineBodySchema } },
    async (req): Promise<WriteReply> => {
      const body = req.body ?? {};
      const update = body.update ?? null;
      const mode: SeriesMode = update === null ? 'create' : update;
      const traces = mode === 'remove' ? [] : shapeLine(body, body.opts);
      return ingest.series({
        env: req.params.env,
        win: body.win,
        mode,
        type: body.type ?? 'line',
        traces,
        name: body.name,
        opts: body.opts,
        extraTraces: 'reject',
      });
    },
  );

  app.get<{ Params: WindowParams }>('/api/env/:env/win/:win', { schema: { params: windowParamsSchema } }, async (req) => {
    const { env, win } = req.params;
    const info = await store.window(env, win);
    if (!info) throw new UnknownWindowError(win, env);
    return info;
  });

  app.get<{ Params: WindowParams; Querystring: DataQuery }>(
    '/api/env/:env/win/:win/data',
    { schema: { params: windowParamsSchema, querystring: dataQuerySchema } },
    async (req, reply) => {
      const { env, win } = req.params;
      const q = req.query;
      if (!(await store.hasWindow(env, win))) throw new UnknownWindowError(win, env);
      if (q.format === 'csv') {
        return sendDownload(reply, `${env}-${win}.csv`, 'text/csv; charset=utf-8', exportCsv(store, env, win));
      }
      if (q.format === 'json') {
        return sendDownload(reply, `${env}-${win}.json`, 'application/json; charset=utf-8', exportJson(store, env, win));
      }
      const o = { x0: q.x0, x1: q.x1, buckets: q.buckets, until: q.until, since: q.since };
      return { env, win, traces: await store.snapshot((r) => windowData(r, env, win, o)) };
    },
  );

  app.delete<{ Params: EnvParams }>('/api/env/:env', { schema: { params: envParamsSchema } }, async (req) => {
    await ingest.deleteEnv(req.params.env);
    return { deleted: req.params.env };
  });

  app.post<{ Params: EnvParams; Body: RenameBody }>(
    '/api/env/:env/rename',
    { schema: { params: envParamsSchema, body: renameBodySchema } },
    async (req) => {
      await ingest.renameEnv(req.params.env, req.body.to);
      return { env: req.body.to };
    },
  );

  app.post<{ Params: EnvParams; Body: RenameBody }>(
    '/api/env/:env/fork',
    { schema: { params: envParamsSchema, body: renameBodySchema } },
    async (req) => {
      if (await store.envExists(req.body.to)) throw new EnvExistsError(req.body.to);
      await ingest.forkEnv(req.params.env, req.body.to);
      return { env: req.body.to };
    },
  );

  app.delete<{ Params: WindowParams }>('/api/env/:env/win/:win', { schema: { params: windowParamsSchema } }, async (req) => {
    await ingest.closeWindow(req.params.env, req.params.win);
    return { closed: req.params.win };
  });

  // Undo of a close: the window comes back with its points, for every viewer.
  app.post<{ Params: WindowParams }>('/api/env/:env/win/:win/reopen', { schema: { params: windowParamsSchema } }, async (req) => {
    await ingest.reopenWindow(req.params.env, req.params.win);
    return { reopened: req.params.win };
  });
}
