/**
 * The run metadata of a runboard export (`"meta": {config, tags, notes, color, finishedAt}`,
 * written before `"windows"`), read from the same chunks as the windows and turned into
 * the PATCH it stands for, checked as `PATCH /api/env/:env` checks one.
 */
import { Ajv } from 'ajv';
import { runMetaPatchSchema, type RunMetaPatch } from '../../protocol/index.js';
import { parseJsonTolerant } from '../json.js';
import { checkConfig } from '../runs.js';
import { EnvFileSplitter } from './env-splitter.js';

const ajv = new Ajv({ strict: false, coerceTypes: false });
const valid = ajv.compile<RunMetaPatch>(runMetaPatchSchema);

/** Past this many characters without a complete "meta", the rest is windows: stop looking. */
const MAX_SCAN = 1 << 20;

export class ExportMetaReader {
  private readonly splitter = new EnvFileSplitter('meta');
  private readonly fields: Record<string, unknown> = {};
  private scanned = 0;
  private seen = false;

  /** Feeds the next chunk of the export (cheap once the meta is read). */
  push(chunk: string): void {
    if (this.splitter.complete || this.scanned > MAX_SCAN) return;
    this.scanned += chunk.length;
    for (const [key, text] of this.splitter.push(chunk)) {
      this.seen = true;
      this.fields[key] = parseJsonTolerant(text);
    }
  }

  /** The patch that gives the imported env the exported metadata; undefined when the export had none. Throws when it is invalid. */
  patch(): RunMetaPatch | undefined {
    if (!this.seen) return undefined;
    const f = this.fields;
    const patch = { config: f.config ?? {}, tags: f.tags ?? [], notes: f.notes ?? '', color: f.color ?? null, finished: typeof f.finishedAt === 'number' };
    if (!valid(patch)) throw new Error(`meta is not valid: ${ajv.errorsText(valid.errors, { dataVar: 'meta' })}`);
    checkConfig(patch.config!);
    return patch;
  }
}
