/**
 * Events from dashboard panes to trainers: `POST /api/env/:env/win/:win/property` is a
 * changed row of a Visdom properties pane, forwarded to every `/vis_socket` as Visdom's
 * `PropertyUpdate` event; `POST /api/env/:env/win/:win/event` is a key released in a
 * focused text, image or embeddings pane (`KeyPress`), a click on an image (`Click`), or
 * a hovered point or lasso selection in an embeddings pane (`EntitySelected`,
 * `RegionSelected`, sent with `pane_data: false` as Visdom's UI sends them). Nothing is
 * stored: as in Visdom, the trainer's handler decides what the pane shows next. Both
 * are writes: they need the write credential where writes do.
 */
import type { FastifyInstance } from 'fastify';
import {
  PANE_EVENT_TYPES, paneEventBodySchema, propertyUpdateBodySchema, windowParamsSchema,
  type PaneEventBody, type PropertyUpdateBody, type VisPropertyEvent, type WindowInfo, type WindowParams,
} from '../../protocol/index.js';
import { UnknownWindowError, ValidationError, WrongWindowTypeError } from '../errors.js';
import type { Store } from '../store/store.js';
import { isEmbeddings } from '../visdom/embeddings.js';
import { windowJson } from '../visdom/window-json.js';
import type { VisSources } from '../visdom/sources.js';

export interface PaneEventDeps {
  store: Store;
  sources: VisSources;
}

export async function paneEventRoutes(app: FastifyInstance, { store, sources }: PaneEventDeps): Promise<void> {
  /** Sends an event to every trainer with `pane_data`, the window as `/win_data` returns it (spliced in as JSON text). */
  const forward = async (event: object, env: string, info: WindowInfo) =>
    sources.broadcast(`${JSON.stringify(event).slice(0, -1)},"pane_data":${await windowJson(store, env, info)}}`);

  app.post<{ Params: WindowParams; Body: PropertyUpdateBody }>(
    '/api/env/:env/win/:win/property',
    { schema: { params: windowParamsSchema, body: propertyUpdateBodySchema } },
    async (req) => {
      const { env, win } = req.params;
      const { propertyId, value } = req.body;
      const info = await store.window(env, win);
      if (!info) throw new UnknownWindowError(win, env);
      if (info.type !== 'properties') throw new WrongWindowTypeError(`window ${win} is a ${info.type} window; only properties panes take property changes`);
      const rows = Array.isArray(info.content) ? info.content.length : 0;
      if (propertyId >= rows) throw new ValidationError(`propertyId ${propertyId} is out of range: window ${win} has ${rows} properties`);
      const event: Omit<VisPropertyEvent, 'pane_data'> = { event_type: 'PropertyUpdate', target: win, eid: env, propertyId, value };
      await forward(event, env, info);
      return { forwarded: true };
    },
  );

  app.post<{ Params: WindowParams; Body: PaneEventBody }>(
    '/api/env/:env/win/:win/event',
    { schema: { params: windowParamsSchema, body: paneEventBodySchema } },
    async (req) => {
      const { env, win } = req.params;
      const info = await store.window(env, win);
      if (!info) throw new UnknownWindowError(win, env);
      const embeddings = isEmbeddings(info.content);
      const kind = embeddings ? 'embeddings' : info.type;
      const types = PANE_EVENT_TYPES[req.body.event_type];
      if (!types.includes(kind)) {
        throw new WrongWindowTypeError(`window ${win} is a ${kind} window; ${req.body.event_type} events come from ${types.join(', ')} panes`);
      }
      const event = { ...req.body, target: win, eid: env };
      if (embeddings) sources.broadcast(JSON.stringify({ ...event, pane_data: false }));
      else await forward(event, env, info);
      return { forwarded: true };
    },
  );
}
