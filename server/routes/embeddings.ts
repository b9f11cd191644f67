/**
 * `POST /api/env/:env/win/:win/embeddings/back`: an embeddings pane showing a lasso
 * selection goes back to the points it showed before (Visdom's `pop_embeddings_pane`,
 * sent by the dashboard as an HTTP write so every viewer sees the change).
 */
import type { FastifyInstance } from 'fastify';
import { windowParamsSchema, type WindowParams } from '../../protocol/index.js';
import { UnknownWindowError, WrongWindowTypeError } from '../errors.js';
import type { Ingest } from '../ingest.js';
import type { StoreReader } from '../store/store.js';
import { isEmbeddings, popEmbeddings } from '../visdom/embeddings.js';

export async function embeddingsRoutes(app: FastifyInstance, { store, ingest }: { store: StoreReader; ingest: Ingest }): Promise<void> {
  app.post<{ Params: WindowParams }>('/api/env/:env/win/:win/embeddings/back', { schema: { params: windowParamsSchema } }, async (req) => {
    const { env, win } = req.params;
    const info = await store.window(env, win);
    if (!info) throw new UnknownWindowError(win, env);
    if (!isEmbeddings(info.content)) throw new WrongWindowTypeError(`window ${win} is a ${info.type} window; only embeddings panes go back to earlier points`);
    const content = popEmbeddings(info.content);
    if (!content) throw new WrongWindowTypeError(`window ${win} shows its first set of points; there is nothing to go back to`);
    await ingest.updateWindow(env, win, { content });
    return { win };
  });
}
