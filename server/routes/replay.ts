/** Replay reads: an env as it was at a moment, and when its data arrived. */
import type { FastifyInstance } from 'fastify';
import {
  activityQuerySchema,
  envParamsSchema,
  snapshotQuerySchema,
  type ActivityQuery,
  type ActivityReply,
  type EnvParams,
  type SnapshotQuery,
} from '../../protocol/index.js';
import { UnknownEnvError } from '../errors.js';
import type { Store } from '../store/store.js';
import { envSnapshot } from '../views.js';

export async function replayRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  app.get<{ Params: EnvParams; Querystring: SnapshotQuery }>(
    '/api/env/:env/snapshot',
    { schema: { params: envParamsSchema, querystring: snapshotQuerySchema } },
    async (req) => {
      const { env } = req.params;
      if (!(await store.envExists(env))) throw new UnknownEnvError(env);
      return { env, until: req.query.until ?? null, windows: await store.snapshot((r) => envSnapshot(r, env, req.query)) };
    },
  );

  app.get<{ Params: EnvParams; Querystring: ActivityQuery }>(
    '/api/env/:env/activity',
    { schema: { params: envParamsSchema, querystring: activityQuerySchema } },
    async (req): Promise<ActivityReply> => {
      const { env } = req.params;
      if (!(await store.envExists(env))) throw new UnknownEnvError(env);
      return activityHistogram(env, await store.arrivals(env), req.query.buckets ?? 500);
    },
  );
}

/** Spreads each span's count evenly over the time slices it covers. */
export function activityHistogram(env: string, spans: [number, number, number][], buckets: number): ActivityReply {
  if (spans.length === 0) return { env, start: null, end: null, width: 0, counts: [] };
  let start = Infinity;
  let end = -Infinity;
  for (const [t0, t1] of spans) {
    start = Math.min(start, t0);
    end = Math.max(end, t1);
  }
  const width = Math.max(1, Math.ceil((end - start + 1) / buckets));
  const counts = new Array<number>(Math.ceil((end - start + 1) / width)).fill(0);
  for (const [t0, t1, n] of spans) {
    const a = Math.floor((t0 - start) / width);
    const b = Math.floor((t1 - start) / width);
    for (let i = a; i <= b; i++) counts[i]! += n / (b - a + 1);
  }
  // A slice with any arrival never rounds down to idle (the player skips idle slices).
  return { env, start, end, width, counts: counts.map((c) => (c > 0 ? Math.max(1, Math.round(c)) : 0)) };
}
