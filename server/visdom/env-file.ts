/**
 * Visdom's files: saved envs (`<env_path>/<env>.json` = `{"jsons": {id: window}, "reload": {...}}`,
 * protocol §8) and offline logs (`log_to_filename`: one `["endpoint", message]` JSON array per
 * line, §2). Import replays them through the same VisdomWriter as live requests; export writes
 * an env back as a saved-env file that visdom.server loads.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Ajv } from 'ajv';
import { eventsBodySchema, updateBodySchema, type EventsBody, type UpdateBody } from '../../protocol/index.js';
import { ImportEnvExistsError, ValidationError } from '../errors.js';
import { parseJsonTolerant } from '../json.js';
import type { StoreReader as Store } from '../store/store.js';
import { EnvFileSplitter } from './env-splitter.js';
import { exportedEnv, exportedWindowAction, headComplete } from './export-file.js';
import { ExportMetaReader } from './export-meta.js';
import { envOf, isRefusal, windowJsonAction, winOf, type VisdomAction } from './translate.js';
import { envJsonChunks } from './window-json.js';
import type { VisdomWriter } from './writer.js';

/** The env as a Visdom saved-env file. Browser grid positions (`reload`) are not kept, so it is empty. */
export async function* envFileChunks(store: Store, env: string): AsyncGenerator<string> {
  yield '{"jsons":';
  yield* envJsonChunks(store, env);
  yield ',"reload":{}}';
}

export interface Progress {
  file: string;
  bytes: number;
  totalBytes: number;
  records: number;
  errors: number;
}

export interface ImportResult extends Progress {
  /** The first few problems, as "line N: message". */
  problems: string[];
  /** The env a saved env or export was written to. */
  env?: string;
}

/** What to do when a saved env or export names an env that exists: refuse (409), replace it, or import under a new name. */
export type OnExists = 'refuse' | 'replace' | 'rename';

/** What any other file gets told. */
export const EXPECTED =
  'send a Visdom saved env ({"jsons": {...}, "reload": {...}}), runboard\'s own export (GET /api/env/:env/export) or a Visdom offline log (one ["events"|"update", message] per line)';
/** How much of a file is read, at most, to tell which kind it is. */
const MAX_HEAD = 1 << 16;

const MAX_PROBLEMS = 20;
/** Log lines applied per transaction: one commit per batch instead of per line. */
const BATCH_LINES = 1000;

const ajv = new Ajv({ strict: false, coerceTypes: false, useDefaults: true });
const validEvents = ajv.compile(eventsBodySchema);
const validUpdate = ajv.compile(updateBodySchema);

/** What to import: a name (a saved env's file name gives the env its name) and its text, in chunks. */
export interface ImportSource {
  name: string;
  chunks: AsyncIterable<string>;
  /** Size in bytes when known (for progress), else 0. */
  totalBytes: number;
  onExists: OnExists;
}

/** Imports a saved-env file or an offline log from disk. */
export function importFile(path: string, store: Store, writer: VisdomWriter, onProgress: (p: Progress) => void, onExists: OnExists = 'replace'): Promise<ImportResult> {
  const chunks = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>;
  return importSource({ name: path, chunks, totalBytes: statSync(path).size, onExists }, store, writer, onProgress);
}

/**
 * Imports a saved env, a runboard export or an offline log, telling which by the first
 * character (`{` or `[`) and an object's first key (`"env"` starts an export). Streams:
 * memory holds one window (or one batch of log lines), not the file.
 */
export async function importSource(src: ImportSource, store: Store, writer: VisdomWriter, onProgress: (p: Progress) => void): Promise<ImportResult> {
  const result: ImportResult = { file: src.name, bytes: 0, totalBytes: src.totalBytes, records: 0, errors: 0, problems: [] };
  const it = src.chunks[Symbol.asyncIterator]();
  let head = await it.next();
  // Leading chunks of only white space are skipped: `bytes` stays 0 for a body with no text.
  while (!head.done && !/\S/.test(head.value)) head = await it.next();
  if (head.done) return result;
  // An object is read until its first key shows, to tell an export from a saved env.
  const peeked = [head.value];
  const isObject = /\S/.exec(head.value)![0] === '{';
  let done = false;
  while (isObject && !headComplete(peeked.join('')) && peeked.join('').length < MAX_HEAD) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    peeked.push(r.value);
  }
  // The chunks read so far, then the rest, each counted as it is consumed.
  const counted = (async function* () {
    for (const chunk of peeked) {
      result.bytes += Buffer.byteLength(chunk);
      yield chunk;
    }
    if (done) return;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      result.bytes += Buffer.byteLength(r.value);
      yield r.value;
    }
  })();
  if (!isObject) {
    await importLog(counted, store, writer, result, onProgress);
    return result;
  }
  const named = exportedEnv(peeked.join(''));
  const env = await target(named === undefined ? envOf(basename(src.name).replace(/\.json$/i, '')) : envOf(named), store, src.onExists);
  result.env = env;
  if (named === undefined) {
    await importEnvFile(counted, 'jsons', (id, text) => windowJsonAction(parseJsonTolerant(text) as Record<string, unknown>, env, winOf(id)!), writer, result, onProgress);
  } else {
    // The run's metadata comes before the windows; it is applied once they are in.
    const meta = new ExportMetaReader();
    const teed = (async function* () {
      for await (const chunk of counted) {
        meta.push(chunk);
        yield chunk;
      }
    })();
    await importEnvFile(teed, 'windows', (_, text) => exportedWindowAction(parseJsonTolerant(text), env), writer, result, onProgress);
    try {
      const patch = meta.patch();
      if (patch && (await store.envExists(env))) await writer.setRunMeta(env, patch);
    } catch (e) {
      result.errors++;
      if (result.problems.length < MAX_PROBLEMS) result.problems.push((e as Error).message);
    }
  }
  return result;
}

/** The env to write: `env`, unless it exists and the caller asked to refuse (409) or to rename (the first free `env_N`). */
async function target(env: string, store: Store, onExists: OnExists): Promise<string> {
  if (!(await store.envExists(env)) || onExists === 'replace') return env;
  if (onExists === 'refuse') throw new ImportEnvExistsError(env);
  let n = 2;
  while (await store.envExists(`${env}_${n}`)) n++;
  return envOf(`${env}_${n}`);
}

/**
 * A saved env (windows in the object `jsons`) or an export (windows in the array `windows`),
 * streamed window by window: memory holds one window at a time, not the file.
 */
async function importEnvFile(
  chunks: AsyncIterable<string>,
  container: 'jsons' | 'windows',
  actionOf: (id: string, text: string) => VisdomAction,
  writer: VisdomWriter,
  result: ImportResult,
  onProgress: (p: Progress) => void,
): Promise<void> {
  const env = result.env!;
  const splitter = new EnvFileSplitter(container);
  let cleared = false;
  for await (const chunk of chunks) {
    for (const [id, text] of splitter.push(chunk)) {
      try {
        const action = actionOf(id, text);
        if (!cleared) await writer.clearEnv(env);
        cleared = true;
        await writer.run(action);
        result.records++;
      } catch (e) {
        result.errors++;
        if (result.problems.length < MAX_PROBLEMS) result.problems.push(`window ${id}: ${(e as Error).message}`);
      }
    }
    onProgress(result);
  }
  try {
    splitter.end();
  } catch {
    const kept = result.records > 0 ? ` (the ${result.records} window${result.records === 1 ? '' : 's'} before the end were imported into ${env})` : '';
    throw new ValidationError(`${basename(result.file)} is not a complete env file${kept}; ${EXPECTED}`);
  }
  // A saved env with no windows is still an env; a file whose every window failed leaves nothing behind.
  if (!cleared && result.errors === 0) await writer.clearEnv(env);
}

async function importLog(chunks: AsyncIterable<string>, store: Store, writer: VisdomWriter, result: ImportResult, onProgress: (p: Progress) => void): Promise<void> {
  let batch: [number, string][] = [];
  let lineNo = 0;
  const flush = async () => {
    // One commit per batch of lines; viewers are told once it has committed.
    await writer.batch(async () => {
      for (const [n, line] of batch) {
        try {
          await applyLogLine(line, writer);
          result.records++;
        } catch (e) {
          result.errors++;
          if (result.problems.length < MAX_PROBLEMS) result.problems.push(`line ${n}: ${(e as Error).message}`);
        }
      }
    });
    batch = [];
    onProgress(result);
  };
  for await (const line of lines(chunks)) {
    lineNo++;
    if (line.trim() === '') continue;
    batch.push([lineNo, line]);
    if (batch.length >= BATCH_LINES) await flush();
  }
  await flush();
}

/** Splits text chunks into lines (LF or CRLF). */
async function* lines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of chunks) {
    const parts = (carry + chunk).split('\n');
    carry = parts.pop()!;
    for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part;
  }
  if (carry !== '') yield carry;
}

/** One `["events" | "update", message]` line. Other endpoints are not written to logs by the client. */
async function applyLogLine(line: string, writer: VisdomWriter): Promise<void> {
  const rec = parseJsonTolerant(line);
  if (!Array.isArray(rec) || rec.length !== 2 || typeof rec[0] !== 'string') throw new Error('expected ["endpoint", message]');
  const [endpoint, msg] = rec as [string, unknown];
  if (endpoint === 'events') {
    if (!validEvents(msg)) throw new Error(`events message: ${ajv.errorsText(validEvents.errors)}`);
    await writer.events(msg as EventsBody);
  } else if (endpoint === 'update') {
    if (!validUpdate(msg)) throw new Error(`update message: ${ajv.errorsText(validUpdate.errors)}`);
    const answer = await writer.update(msg as UpdateBody);
    if (isRefusal(answer)) throw new Error(answer);
  } else {
    throw new Error(`endpoint ${JSON.stringify(endpoint)} is not replayed (only events and update are logged by the client)`);
  }
}
