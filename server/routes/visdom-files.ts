/** `GET /api/env/:env/visdom.json`: an env as a Visdom saved-env file (`{jsons, reload}`), streamed. */
import type { FastifyInstance } from 'fastify';
import { envParamsSchema, type EnvParams } from '../../protocol/index.js';
import { UnknownEnvError } from '../errors.js';
import type { Store } from '../store/store.js';
import { sendDownload } from './download.js';
import { envFileChunks } from '../visdom/env-file.js';

export async function visdomFileRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  app.get<{ Params: EnvParams }>('/api/env/:env/visdom.json', { schema: { params: envParamsSchema } }, async (req, reply) => {
    const { env } = req.params;
    if (!(await store.envExists(env))) throw new UnknownEnvError(env);
    return sendDownload(reply, `${env}.json`, 'application/json; charset=utf-8', envFileChunks(store, env));
  });
}
