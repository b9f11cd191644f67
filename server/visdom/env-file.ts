/**
 * Visdom's files: saved envs (`<env_path>/<env>.json` = `{"jsons": {id: window}, "reload": {...}}`,
 * protocol §8) and offline logs (`log_to_filename`: one `["endpoint", message]` JSON array per
 * line, §2). Import replays them through the same VisdomWriter as live requests; export writes
 * an env back as a saved-env file that visdom.server loads.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { Ajv } from 'ajv';
import { eventsBodySchema, updateBodySchema, type EventsBody, type UpdateBody } from '../../protocol/index.js';
import { parseJsonTolerant } from '../json.js';
import type { Store } from '../store/store.js';
import { EnvFileSplitter } from './env-splitter.js';
import { envOf, isRefusal, windowJsonAction, winOf } from './translate.js';
import { envJsonChunks } from './window-json.js';
import type { VisdomWriter } from './writer.js';

/** The env as a Visdom saved-env file. Browser grid positions (`reload`) are not kept, so it is empty. */
export function* envFileChunks(store: Store, env: string): Generator<string> {
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
}

const MAX_PROBLEMS = 20;
/** Log lines applied per transaction: one commit per batch instead of per line. */
const BATCH_LINES = 1000;

const ajv = new Ajv({ strict: false, coerceTypes: false, useDefaults: true });
const validEvents = ajv.compile(eventsBodySchema);
const validUpdate = ajv.compile(updateBodySchema);

/** Imports a saved-env file or an offline log, telling which by the first character (`{` or `[`). */
export async function importFile(path: string, store: Store, writer: VisdomWriter, onProgress: (p: Progress) => void): Promise<ImportResult> {
  const first = await firstChar(path);
  return first === '{' ? importEnvFile(path, writer, onProgress) : importLog(path, store, writer, onProgress);
}

/** A saved env, streamed window by window: memory holds one window at a time, not the file. */
async function importEnvFile(path: string, writer: VisdomWriter, onProgress: (p: Progress) => void): Promise<ImportResult> {
  const env = envOf(basename(path).replace(/\.json$/i, ''));
  const result: ImportResult = { file: path, bytes: 0, totalBytes: statSync(path).size, records: 0, errors: 0, problems: [] };
  const splitter = new EnvFileSplitter();
  let cleared = false;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    result.bytes += Buffer.byteLength(chunk as string);
    for (const [id, text] of splitter.push(chunk as string)) {
      try {
        const action = windowJsonAction(parseJsonTolerant(text) as Record<string, unknown>, env, winOf(id)!);
        if (!cleared) writer.clearEnv(env);
        cleared = true;
        writer.run(action);
        result.records++;
      } catch (e) {
        result.errors++;
        if (result.problems.length < MAX_PROBLEMS) result.problems.push(`window ${id}: ${(e as Error).message}`);
      }
    }
    onProgress(result);
  }
  splitter.end();
  if (!cleared) writer.clearEnv(env);
  return result;
}

async function importLog(path: string, store: Store, writer: VisdomWriter, onProgress: (p: Progress) => void): Promise<ImportResult> {
  const result: ImportResult = { file: path, bytes: 0, totalBytes: statSync(path).size, records: 0, errors: 0, problems: [] };
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let batch: [number, string][] = [];
  let lineNo = 0;
  const flush = () => {
    store.transaction(() => {
      for (const [n, line] of batch) {
        try {
          applyLogLine(line, writer);
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
  for await (const line of lines) {
    lineNo++;
    result.bytes += Buffer.byteLength(line) + 1;
    if (line.trim() === '') continue;
    batch.push([lineNo, line]);
    if (batch.length >= BATCH_LINES) flush();
  }
  flush();
  return result;
}

/** One `["events" | "update", message]` line. Other endpoints are not written to logs by the client. */
function applyLogLine(line: string, writer: VisdomWriter): void {
  const rec = parseJsonTolerant(line);
  if (!Array.isArray(rec) || rec.length !== 2 || typeof rec[0] !== 'string') throw new Error('expected ["endpoint", message]');
  const [endpoint, msg] = rec as [string, unknown];
  if (endpoint === 'events') {
    if (!validEvents(msg)) throw new Error(`events message: ${ajv.errorsText(validEvents.errors)}`);
    writer.events(msg as EventsBody);
  } else if (endpoint === 'update') {
    if (!validUpdate(msg)) throw new Error(`update message: ${ajv.errorsText(validUpdate.errors)}`);
    const answer = writer.update(msg as UpdateBody);
    if (isRefusal(answer)) throw new Error(answer);
  } else {
    throw new Error(`endpoint ${JSON.stringify(endpoint)} is not replayed (only events and update are logged by the client)`);
  }
}

async function firstChar(path: string): Promise<string> {
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 256 })) {
    const m = /\S/.exec(chunk as string);
    if (m) return m[0];
  }
  return '';
}
