/**
 * runboard's own env export (`GET /api/env/:env/export`), which `POST /api/import`
 * reads back: `{"env", "exportedAt", "meta": RunMeta, "windows": [ExportedWindow, ...]}`, with
 * `env` first and `meta` (the run's config, tags, notes, colour; runs.ts) before `windows`.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { ID_PATTERN } from './http.js';

/** The window types of model.ts `WindowType`, as a schema enum. */
const WINDOW_TYPE_ENUM = ['line', 'scatter', 'text', 'image', 'image_history', 'bar', 'histogram', 'heatmap', 'properties', 'plotly'] as const;

/** One element of `windows`: the window as `GET /api/env/:env` describes it, and every point of its traces. */
export const exportedWindowSchema = {
  type: 'object',
  required: ['window', 'data'],
  properties: {
    window: {
      type: 'object',
      required: ['id', 'type', 'opts'],
      properties: {
        id: { type: 'string', pattern: ID_PATTERN },
        type: { enum: WINDOW_TYPE_ENUM },
        opts: { type: 'object' },
        content: {},
        traces: { type: 'array', items: { type: 'object', properties: { props: { type: 'object' } } } },
      },
    },
    data: {
      type: 'object',
      required: ['traces'],
      properties: {
        traces: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'points'],
            properties: {
              name: { type: 'string', minLength: 1 },
              /** [x, y, t]; y null marks a gap. */
              points: { type: 'array', items: { type: 'array', minItems: 2, items: { type: ['number', 'null'] } } },
            },
          },
        },
      },
    },
  },
} as const;
export type ExportedWindow = FromSchema<typeof exportedWindowSchema>;
