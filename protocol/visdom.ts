/**
 * JSON Schemas of the request bodies the Python `visdom` client sends (see
 * ../shared/visdom-protocol.md §2–7), declared once. They are loose on purpose:
 * the client sends what the user passed in `opts` and traces as Plotly objects, and
 * unknown keys are accepted. Window ids may arrive as numbers; env ids may be missing
 * or null (meaning "main").
 */
import type { FromSchema } from 'json-schema-to-ts';

const winId = { type: ['string', 'number', 'null'] } as const;
const envId = { type: ['string', 'null'] } as const;
const object = { type: ['object', 'null'] } as const;
const traceList = { type: 'array', maxItems: 100000, items: { type: 'object' } } as const;

/** Heatmap row/column update modes (`heatmap(..., update=)`). */
export const HEATMAP_UPDATE_DIRS = ['appendRow', 'appendColumn', 'prependRow', 'prependColumn', 'replace', 'remove'] as const;
export type HeatmapUpdateDir = (typeof HEATMAP_UPDATE_DIRS)[number];

/** `POST /events`: create a window, or replace the window with that id. */
export const eventsBodySchema = {
  type: 'object',
  required: ['data'],
  properties: {
    data: { ...traceList, minItems: 1 },
    win: winId,
    eid: envId,
    layout: object,
    opts: object,
    version: { type: ['number', 'null'] },
  },
} as const;
export type EventsBody = FromSchema<typeof eventsBodySchema>;

/**
 * What a trainer's embeddings handler sends as `/update`'s `data` (an object, not a
 * trace list): the preview of a hovered point (`EntitySelected`, `selected.html`), or
 * the points of a lasso selection re-embedded (`RegionSelected`), which the pane shows
 * in place of the current ones until the user goes back.
 */
export const embeddingsUpdateSchema = {
  oneOf: [
    {
      type: 'object',
      required: ['update_type', 'selected'],
      properties: {
        update_type: { const: 'EntitySelected' },
        selected: { type: 'object', properties: { html: { type: 'string' } } },
      },
    },
    {
      type: 'object',
      required: ['update_type', 'points'],
      properties: {
        update_type: { const: 'RegionSelected' },
        points: { type: 'array', maxItems: 100000, items: { type: 'object' } },
      },
    },
  ],
} as const;
export type EmbeddingsUpdate = FromSchema<typeof embeddingsUpdateSchema>;

/** `POST /update`: append, replace, remove a trace, change opts, or a text/image_history/heatmap/embeddings update. */
export const updateBodySchema = {
  type: 'object',
  properties: {
    data: { anyOf: [traceList, embeddingsUpdateSchema, { type: 'null' }] },
    win: winId,
    eid: envId,
    layout: object,
    opts: object,
    name: { type: ['string', 'number', 'null'] },
    append: { type: ['boolean', 'null'] },
    delete: { type: ['boolean', 'null'] },
    updateDir: { enum: [...HEATMAP_UPDATE_DIRS, null] },
  },
} as const;
export type UpdateBody = FromSchema<typeof updateBodySchema>;

/** `/win_exists`, `/close`, `/win_hash` (0.2.4 also sends `env`). */
export const winBodySchema = {
  type: 'object',
  properties: { win: winId, eid: envId, env: envId },
} as const;
export type WinBody = FromSchema<typeof winBodySchema>;

/** `/win_data`: read (no `data`), or write as `set_window_data` does (`data` is a JSON string). */
export const winDataBodySchema = {
  type: 'object',
  properties: { win: winId, eid: envId, data: { type: ['string', 'null'] } },
} as const;
export type WinDataBody = FromSchema<typeof winDataBodySchema>;

/** `/delete_env`, `/env/:env`, `/env_state` (the browser's `/env/:env` also sends `sid`). */
export const envBodySchema = {
  type: 'object',
  properties: { eid: envId, sid: { type: ['string', 'null'] } },
} as const;
export type EnvBody = FromSchema<typeof envBodySchema>;

/** `/save`: the env ids to save. */
export const saveBodySchema = {
  type: 'object',
  properties: { data: { type: ['array', 'null'], items: { type: 'string' } } },
} as const;
export type SaveBody = FromSchema<typeof saveBodySchema>;

/** `/fork_env`: copy `prev_eid` into `eid`. */
export const forkEnvBodySchema = {
  type: 'object',
  required: ['prev_eid', 'eid'],
  properties: { prev_eid: { type: 'string' }, eid: { type: 'string' } },
} as const;
export type ForkEnvBody = FromSchema<typeof forkEnvBodySchema>;

/** `/vis_socket_wrap`: the polling stand-in for `/vis_socket` (`use_polling=True`). */
export const visSocketWrapBodySchema = {
  type: 'object',
  required: ['message_type'],
  properties: {
    message_type: { enum: ['init', 'query', 'send'] },
    sid: { type: ['string', 'null'] },
    message: {},
  },
} as const;
export type VisSocketWrapBody = FromSchema<typeof visSocketWrapBodySchema>;

/** What `/vis_socket` pushes to trainers when a window is closed (Visdom's browser event shape). */
export interface VisCloseEvent {
  event_type: 'close';
  target: string;
  eid: string;
  pane_data: false;
}

/**
 * `POST /api/env/:env/win/:win/property`: a row of a properties pane was changed in the
 * dashboard. Values as Visdom's browser sends them: text and number fields a string,
 * a checkbox its new boolean, a select the chosen index as a string, a button "clicked".
 */
export const propertyUpdateBodySchema = {
  type: 'object',
  required: ['propertyId', 'value'],
  additionalProperties: false,
  properties: {
    propertyId: { type: 'integer', minimum: 0 },
    value: { type: ['string', 'boolean'], maxLength: 100000 },
  },
} as const;
export type PropertyUpdateBody = FromSchema<typeof propertyUpdateBodySchema>;

/** What `/vis_socket` pushes to trainers for a property change (Visdom's `PropertyUpdate` event). */
export interface VisPropertyEvent {
  event_type: 'PropertyUpdate';
  target: string;
  eid: string;
  propertyId: number;
  value: string | boolean;
  pane_data: VisdomWindow;
}

/**
 * `POST /api/env/:env/win/:win/event`: a key released in a focused text, image or
 * embeddings pane, a click on an image pane, or in an embeddings pane the hovered
 * point (`EntitySelected`: its name and `idx`) or a lasso selection (`RegionSelected`:
 * the selected points' `idx`), in the shapes Visdom's browser sends them. `image_coord`
 * is the clicked pixel of the image (x right, y down, from its top-left corner).
 */
export const paneEventBodySchema = {
  oneOf: [
    {
      type: 'object',
      required: ['event_type', 'key', 'key_code'],
      additionalProperties: false,
      properties: {
        event_type: { const: 'KeyPress' },
        key: { type: 'string', minLength: 1, maxLength: 32 },
        key_code: { type: 'integer', minimum: 0, maximum: 65535 },
      },
    },
    {
      type: 'object',
      required: ['event_type', 'image_coord'],
      additionalProperties: false,
      properties: {
        event_type: { const: 'Click' },
        image_coord: {
          type: 'object',
          required: ['x', 'y'],
          additionalProperties: false,
          properties: { x: { type: 'integer', minimum: -1000000, maximum: 1000000 }, y: { type: 'integer', minimum: -1000000, maximum: 1000000 } },
        },
      },
    },
    {
      type: 'object',
      required: ['event_type', 'entityId', 'idx'],
      additionalProperties: false,
      properties: {
        event_type: { const: 'EntitySelected' },
        entityId: { type: 'string', maxLength: 1000 },
        idx: { type: 'integer', minimum: 0 },
      },
    },
    {
      type: 'object',
      required: ['event_type', 'selectedIdxs'],
      additionalProperties: false,
      properties: {
        event_type: { const: 'RegionSelected' },
        selectedIdxs: { type: 'array', minItems: 1, maxItems: 100000, items: { type: 'integer', minimum: 0 } },
      },
    },
  ],
} as const;
export type PaneEventBody = FromSchema<typeof paneEventBodySchema>;

/**
 * What `/vis_socket` pushes to trainers for an event in a pane. Events from embeddings
 * panes carry `pane_data: false`, as Visdom's UI sends them (the trainer keeps the data).
 */
export type VisPaneEvent = PaneEventBody & { target: string; eid: string; pane_data: VisdomWindow | false };

/** Visdom window types (as `/win_data` reports them) whose panes send each event, as in Visdom's UI. */
export const PANE_EVENT_TYPES: Record<PaneEventBody['event_type'], readonly string[]> = {
  KeyPress: ['text', 'image', 'image_history', 'embeddings'],
  Click: ['image', 'image_history'],
  EntitySelected: ['embeddings'],
  RegionSelected: ['embeddings'],
};

/** First frame on `/vis_socket`: the client counts itself connected when it sees this. */
export const VIS_ALIVE = { command: 'alive', data: 'vis_alive' } as const;

/** Visdom's `type` of a stored window as `/win_data` reports it. */
export type VisdomWindowType = 'plot' | 'text' | 'image' | 'image_history' | 'properties' | (string & {});

/** A window as `/win_data` returns it (protocol §4). Keys after `i` are opts copied by `/update`. */
export interface VisdomWindow {
  command: 'window';
  version: number;
  id: string;
  title: string;
  inflate: boolean;
  width: number | null;
  height: number | null;
  contentID: string;
  content: unknown;
  type: VisdomWindowType;
  i: number;
  [key: string]: unknown;
}
