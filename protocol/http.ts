/**
 * JSON Schemas of the native HTTP API, declared once. The server hands these
 * exact objects to Fastify for validation; clients import the derived types.
 */
import type { FromSchema } from 'json-schema-to-ts';

/** Longest env, window or trace name accepted, in characters (Unicode code points). */
export const MAX_NAME_LENGTH = 1000;

/**
 * Env and window ids: 1–1000 characters of any printable text, so every id the stock
 * Visdom client can send round-trips: `train/loss`, `a.b`, spaces, `\`, emoji. Refused
 * only: control characters (U+0000–U+001F, U+007F), lone UTF-16 surrogates (SQLite
 * would store U+FFFD instead, so the id would not be found again), and an id that is
 * exactly `.` or `..` (URLs cannot address it: HTTP clients resolve it as a dot segment).
 * In a URL path, an id is one segment, percent-encoded (`encodeURIComponent`: `/` is `%2F`).
 * The Visdom endpoints store env ids with `/` replaced by `_`, as Visdom does.
 * Match with the `u` flag, as Ajv does.
 */
export const ID_PATTERN = `^(?!\\.{1,2}$)[^\\u0000-\\u001f\\u007f\\ud800-\\udfff]{1,${MAX_NAME_LENGTH}}$` as const;
/** Trace names: any printable text, 1–1000 characters (no lone surrogates). */
export const TRACE_NAME_PATTERN = `^[^\\u0000-\\u001f\\u007f\\ud800-\\udfff]{1,${MAX_NAME_LENGTH}}$` as const;

const numberOrNull = { type: ['number', 'null'] } as const;
const column = { type: 'array', items: numberOrNull } as const;
const matrix = { type: 'array', items: { type: 'array', items: numberOrNull } } as const;

/** Earliest trainer time accepted in `T`: 2000-01-01, seconds since the epoch. */
export const MIN_WALL_TIME_S = 946_684_800;
/** Latest trainer time accepted in `T`: 2100-01-01. A time in milliseconds is past this, so it is refused, not misread. */
export const MAX_WALL_TIME_S = 4_102_444_800;
const wallTime = { type: 'number', minimum: MIN_WALL_TIME_S, maximum: MAX_WALL_TIME_S } as const;
const timeColumn = { type: 'array', items: wallTime } as const;
const timeMatrix = { type: 'array', items: { type: 'array', items: wallTime } } as const;

export const envParamsSchema = {
  type: 'object',
  required: ['env'],
  properties: { env: { type: 'string', pattern: ID_PATTERN } },
} as const;
export type EnvParams = FromSchema<typeof envParamsSchema>;

export const windowParamsSchema = {
  type: 'object',
  required: ['env', 'win'],
  properties: {
    env: { type: 'string', pattern: ID_PATTERN },
    win: { type: 'string', pattern: ID_PATTERN },
  },
} as const;
export type WindowParams = FromSchema<typeof windowParamsSchema>;

export const optsSchema = {
  type: 'object',
  properties: {
    title: { type: 'string', maxLength: 1000 },
    legend: { type: 'array', maxItems: 10000, items: { type: 'string', pattern: TRACE_NAME_PATTERN } },
    xlabel: { type: 'string', maxLength: 1000 },
    ylabel: { type: 'string', maxLength: 1000 },
    xtype: { enum: ['linear', 'log'] },
    ytype: { enum: ['linear', 'log'] },
    showlegend: { type: 'boolean' },
    markers: { type: 'boolean' },
  },
} as const;

export const UPDATE_MODES = ['append', 'replace', 'remove'] as const;
export type UpdateMode = (typeof UPDATE_MODES)[number];

/** `POST /api/env/:env/line` */
export const lineBodySchema = {
  type: 'object',
  properties: {
    win: { type: 'string', pattern: ID_PATTERN },
    X: { anyOf: [column, matrix] },
    Y: { anyOf: [column, matrix] },
    /**
     * When each point was logged: wall time in seconds since the epoch (Python's
     * `time.time()`), in the same shape as X: (N) shared by every trace, or (N,K).
     * Stored as `t` in whole milliseconds. Without T, a point's `t` is the time the
     * server received it. T is trusted: replay (`until`, `since`) and activity select
     * points by `t`, whichever clock set it.
     */
    T: { anyOf: [timeColumn, timeMatrix] },
    name: { type: 'string', pattern: TRACE_NAME_PATTERN },
    update: { enum: [...UPDATE_MODES, null] },
    opts: optsSchema,
    type: { enum: ['line', 'scatter'] },
  },
  additionalProperties: false,
} as const;
/** Body of `POST /api/env/:env/line`. Y is (N) or (N,K); X and T are (N) shared or (N,K); null/NaN/±Infinity in Y are gaps. */
export type LineBody = FromSchema<typeof lineBodySchema>;

/** Reply of every write: the window id (generated when `win` was not given). */
export interface WriteReply {
  win: string;
}

/** `GET /api/env/:env/win/:win/data` */
export const dataQuerySchema = {
  type: 'object',
  properties: {
    x0: { type: 'number' },
    x1: { type: 'number' },
    buckets: { type: 'integer', minimum: 1, maximum: 100000, default: 2000 },
    format: { enum: ['view', 'json', 'csv'], default: 'view' },
    /** Only points whose `t` is at or before this time (ms since the epoch): the window as of then. */
    until: { type: 'number' },
    /** Only points whose `t` is at or after this time (ms since the epoch): a zoom on a time axis. */
    since: { type: 'number' },
  },
  additionalProperties: false,
} as const;
export type DataQuery = FromSchema<typeof dataQuerySchema>;

/** `GET /api/env/:env/snapshot`: every window of the env as it was at `until` (default: now). */
export const snapshotQuerySchema = {
  type: 'object',
  properties: {
    until: { type: 'number' },
    buckets: { type: 'integer', minimum: 1, maximum: 100000, default: 2000 },
  },
  additionalProperties: false,
} as const;
export type SnapshotQuery = FromSchema<typeof snapshotQuerySchema>;

/** `GET /api/env/:env/activity`: how many points arrived in each of `buckets` equal time slices. */
export const activityQuerySchema = {
  type: 'object',
  properties: { buckets: { type: 'integer', minimum: 1, maximum: 10000, default: 500 } },
  additionalProperties: false,
} as const;
export type ActivityQuery = FromSchema<typeof activityQuerySchema>;

/** Reply of `GET /api/env/:env/activity`: counts[i] points arrived in [start + i·width, start + (i+1)·width). */
export interface ActivityReply {
  env: string;
  start: number | null;
  end: number | null;
  width: number;
  counts: number[];
}

/** `POST /api/env/:env/rename` and `POST /api/env/:env/fork` (copy): the new env's name. */
export const renameBodySchema = {
  type: 'object',
  required: ['to'],
  properties: { to: { type: 'string', pattern: ID_PATTERN } },
  additionalProperties: false,
} as const;
export type RenameBody = FromSchema<typeof renameBodySchema>;

/**
 * `POST /api/import?name=<file name>[&onExists=replace|rename]`: the body is a Visdom saved env
 * (`<env>.json`, imported as env `<env>`), runboard's own export (env-export.ts; imported as the
 * env it names) or a Visdom offline log. When that env exists, the import is refused with 409
 * RB_ERR_ENV_EXISTS unless `onExists` says to replace it or to import under a new free name.
 */
export const importQuerySchema = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: ID_PATTERN, default: 'upload' },
    onExists: { enum: ['replace', 'rename'] },
  },
  additionalProperties: false,
} as const;
export type ImportQuery = FromSchema<typeof importQuerySchema>;

/** Reply of `POST /api/import`. */
export interface ImportReply {
  file: string;
  bytes: number;
  records: number;
  errors: number;
  /** The first few problems, as "line N: message" or "window W: message". */
  problems: string[];
  /** The env a saved env or export was imported as (absent for an offline log). */
  env?: string;
}
