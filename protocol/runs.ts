/**
 * Runs: an env seen as one training run, with metadata (config, tags, notes, colour)
 * set through `PATCH /api/env/:env`, a summary row per run for the runs table
 * (`GET /api/runs`), and grouped mean/spread lines (`POST /api/runs/group`).
 */
import type { FromSchema } from 'json-schema-to-ts';
import { ID_PATTERN, TRACE_NAME_PATTERN } from './http.js';

/** Deepest nesting of `config` objects: `{ optim: { adam: { beta1 } } }` is 3. */
export const MAX_CONFIG_DEPTH = 4;
/** Largest `config`, as JSON text in bytes. */
export const MAX_CONFIG_BYTES = 16 * 1024;
export const MAX_TAGS = 32;
export const MAX_TAG_LENGTH = 64;
export const MAX_NOTES_LENGTH = 10_000;
/** A CSS hex colour: #rgb or #rrggbb. */
export const COLOR_PATTERN = '^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$' as const;
/** Tags: printable text without commas (the table edits them as a comma-separated list). */
export const TAG_PATTERN = `^[^,\\u0000-\\u001f\\u007f\\ud800-\\udfff]{1,${MAX_TAG_LENGTH}}$` as const;

/** What a pattern means, for validation messages. */
export const PATTERN_RULES: Record<string, string> = {
  [COLOR_PATTERN]: 'a CSS hex colour such as "#1f77b4" or "#f80"',
  [TAG_PATTERN]: `1–${MAX_TAG_LENGTH} printable characters without a comma`,
};

/** `PATCH /api/env/:env`: each key given replaces that field; keys left out stay as they are. */
export const runMetaPatchSchema = {
  type: 'object',
  minProperties: 1,
  properties: {
    /** Hyper-parameters. Nested at most MAX_CONFIG_DEPTH levels, at most MAX_CONFIG_BYTES as JSON (checked by the route). */
    config: { type: 'object' },
    tags: { type: 'array', maxItems: MAX_TAGS, uniqueItems: true, items: { type: 'string', pattern: TAG_PATTERN } },
    notes: { type: 'string', maxLength: MAX_NOTES_LENGTH },
    /** The run's colour in every view; null goes back to the default palette. */
    color: { anyOf: [{ type: 'string', pattern: COLOR_PATTERN }, { type: 'null' }] },
    /** The trainer says the run is over (the table shows it finished once no data arrives). */
    finished: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;
export type RunMetaPatch = FromSchema<typeof runMetaPatchSchema>;

/** A run's metadata as `GET /api/envs` and `GET /api/env/:env` return it. */
export interface RunMeta {
  config: Record<string, unknown>;
  tags: string[];
  notes: string;
  /** Set by a user or trainer; null: the default palette colour (client/runs/run-color.ts). */
  color: string | null;
  /** When the trainer said it finished (ms since the epoch), or null. */
  finishedAt: number | null;
}

export const EMPTY_RUN_META: RunMeta = { config: {}, tags: [], notes: '', color: null, finishedAt: null };

/** A metric of the runs table: a trace of a window matched across runs by title (or id), as the compare views match. */
export interface MetricKey {
  /** The window's title, or its id when it has none. */
  win: string;
  trace: string;
}

/** `GET /api/runs?metric=<win>\u001f<trace>&…`: a summary row per env, and every metric the envs hold. */
export const runsQuerySchema = {
  type: 'object',
  properties: {
    /** Metrics to summarize, each `win` + U+001F + `trace` (at most 20); one `metric=` comes as a string. */
    metric: { anyOf: [{ type: 'array', maxItems: 20, items: { type: 'string', maxLength: 2100 } }, { type: 'string', maxLength: 2100 }] },
  },
  additionalProperties: false,
} as const;
export type RunsQuery = FromSchema<typeof runsQuerySchema>;

/** Separator of a metric's window and trace in `metric=` (a control character: never part of a name). */
export const METRIC_SEP = '\u001f';

/** A metric as `metric=` spells it: `win` + U+001F + `trace`. */
export function metricId(m: MetricKey): string {
  return `${m.win}${METRIC_SEP}${m.trace}`;
}

/** last/min/max of one trace, read from the trace's stored extent and its last point. */
export interface MetricSummary {
  last: number | null;
  /** x of the last point. */
  step: number | null;
  min: number | null;
  max: number | null;
}

export interface RunRow {
  env: string;
  /** Largest x over the env's line and scatter traces (its step count), or null without points. */
  steps: number | null;
  /** Per requested metric (in `metric=` order), or null when the run lacks it. */
  metrics: (MetricSummary | null)[];
}

export interface RunsReply {
  runs: RunRow[];
  /** Every (window, trace) found in line and scatter windows, sorted, with how many envs hold it. */
  metrics: (MetricKey & { runs: number })[];
}

export const BAND_KINDS = ['minmax', 'std'] as const;
export type BandKind = (typeof BAND_KINDS)[number];

/** `POST /api/runs/group` (a read): mean and spread of one metric over the runs of each group, per x-bucket. */
export const groupBodySchema = {
  type: 'object',
  required: ['groups', 'win', 'trace'],
  properties: {
    groups: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      items: {
        type: 'object',
        required: ['key', 'envs'],
        properties: {
          key: { type: 'string', maxLength: 1000 },
          envs: { type: 'array', minItems: 1, maxItems: 2000, items: { type: 'string', pattern: ID_PATTERN } },
        },
        additionalProperties: false,
      },
    },
    win: { type: 'string', minLength: 1, maxLength: 1000 },
    trace: { type: 'string', pattern: TRACE_NAME_PATTERN },
    band: { enum: BAND_KINDS, default: 'minmax' },
    buckets: { type: 'integer', minimum: 2, maximum: 4000, default: 500 },
    x0: { type: 'number' },
    x1: { type: 'number' },
  },
  additionalProperties: false,
} as const;
export type GroupBody = FromSchema<typeof groupBodySchema>;

/**
 * One group's line: per bucket (x = the bucket's centre), the mean over the runs that
 * have points there of each run's mean in the bucket, and the band: min–max of the
 * runs' values, or mean ± 1 standard deviation. `n[i]` runs had points in bucket i.
 */
export interface GroupLine {
  key: string;
  envs: string[];
  /** Envs of the group that have the metric. */
  found: number;
  x: number[];
  mean: (number | null)[];
  lo: (number | null)[];
  hi: (number | null)[];
  n: number[];
}

export interface GroupReply {
  win: string;
  trace: string;
  band: BandKind;
  /** Bucket width in x units (a 1, 2 or 5 × 10^k step, shared by every group). */
  width: number;
  groups: GroupLine[];
}
