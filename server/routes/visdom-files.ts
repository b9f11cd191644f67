/** `GET /api/env/:env/visdom.json`: an env as a Visdom saved-env file (`{jsons, reload}`), streamed. */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { envParamsSchema, type EnvParams } from '../../protocol/index.js';
import { UnknownEnvError } from '../errors.js';
import type { Store } from '../store/store.js';
import { envFileChunks } from '../visdom/env-file.js';

export async function visdomFileRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  app.get<{ Params: EnvParams }>('/api/env/:env/visdom.json', { schema: { params: envParamsSchema } }, async (req, reply) => {
    const { env } = req.params;
    if (!store.envExists(env)) throw new UnknownEnvError(env);
    const ascii = `${env}.json`.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(`${env}.json`)}`)
      .send(Readable.from(envFileChunks(store, env)));
  });
}
