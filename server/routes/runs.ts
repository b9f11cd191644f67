/**
 * Runs: `PATCH /api/env/:env` sets a run's metadata (through Ingest, so every viewer
 * sees it), `GET /api/runs` gives the runs table's rows, `POST /api/runs/group` the
 * mean and spread of a metric over groups of runs.
 */
import type { FastifyInstance } from 'fastify';
import {
  envParamsSchema, groupBodySchema, runMetaPatchSchema, runsQuerySchema,
  type EnvParams, type GroupBody, type GroupReply, type RunMeta, type RunMetaPatch, type RunsQuery, type RunsReply,
} from '../../protocol/index.js';
import { UnknownEnvError } from '../errors.js';
import type { Ingest } from '../ingest.js';
import { checkConfig, groupLines, runsTable } from '../runs.js';
import type { Store } from '../store/store.js';

export async function runsRoutes(app: FastifyInstance, { store, ingest }: { store: Store; ingest: Ingest }): Promise<void> {

  app.patch<{ Params: EnvParams; Body: RunMetaPatch }>(
    '/api/env/:env',
    { schema: { params: envParamsSchema, body: runMetaPatchSchema } },
    async (req): Promise<{ env: string; meta: RunMeta }> => {
      const { env } = req.params;
      if (req.body.config !== undefined) checkConfig(req.body.config);
      await ingest.setRunMeta(env, req.body);
      return { env, meta: (await store.runMeta(env))! };
    },
  );

  app.get<{ Querystring: RunsQuery }>('/api/runs', { schema: { querystring: runsQuerySchema } }, async (req): Promise<RunsReply> => {
    const m = req.query.metric ?? [];
    return store.snapshot((r) => runsTable(r, typeof m === 'string' ? [m] : m));
  });

  app.post<{ Body: GroupBody }>('/api/runs/group', { schema: { body: groupBodySchema }, config: { access: 'read' } }, async (req): Promise<GroupReply> => {
    return store.snapshot(async (r) => {
      for (const env of new Set(req.body.groups.flatMap((g) => g.envs))) if (!(await r.envExists(env))) throw new UnknownEnvError(env);
      return groupLines(r, req.body);
    });
  });
}
