/**
 * `GET /api/env/:env/export`: a whole env as one JSON download, streamed window
 * by window and page by page (see export.ts), so a 10M-point env never sits in
 * memory: {"env","exportedAt","meta":RunMeta,"windows":[{"window":WindowInfo,"data":{"env","win","traces":[{"id","name","points":[[x,y,t],…]}]}}]}.
 */
import type { FastifyInstance } from 'fastify';
import { envParamsSchema, type EnvParams } from '../../protocol/index.js';
import { UnknownEnvError } from '../errors.js';
import { exportJson } from '../export.js';
import type { Store } from '../store/store.js';
import { sendDownload } from './download.js';

export async function envExportRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  app.get<{ Params: EnvParams }>('/api/env/:env/export', { schema: { params: envParamsSchema } }, async (req, reply) => {
    const { env } = req.params;
    if (!(await store.envExists(env))) throw new UnknownEnvError(env);
    // `.runboard.json`: told apart from the Visdom env file (`<env>.json`, the name Visdom loads).
    return sendDownload(reply, `${env}.runboard.json`, 'application/json; charset=utf-8', envJson(store, env));
  });
}

async function* envJson(store: Store, env: string): AsyncGenerator<string> {
  // The run's metadata before the windows, so an import reads it first (env-file.ts).
  yield `{"env":${JSON.stringify(env)},"exportedAt":${Date.now()},"meta":${JSON.stringify(await store.runMeta(env))},"windows":[`;
  let first = true;
  for (const info of await store.windows(env)) {
    yield `${first ? '' : ','}{"window":${JSON.stringify(info)},"data":`;
    first = false;
    for await (const piece of exportJson(store, env, info.id)) yield String(piece);
    yield '}';
  }
  yield ']}\n';
}
