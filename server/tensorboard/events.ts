/**
 * Event protobufs (decoded by protobufjs from event.proto) → what runboard shows:
 * scalars, images, text and histograms, with the trainer's step and wall time.
 * Values of plugins runboard does not draw come back as `skipped`, so they are
 * counted and reported rather than dropped silently.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { ID_PATTERN } from '../../protocol/http.js';
import { histogramFromBuckets, histogramFromTensor, type Histogram } from './histogram.js';
import { imageSource, type Picture } from './images.js';
import { tensorNumbers, tensorStrings, type TensorProto } from './tensor.js';

// Steps are int64: decoded as plain numbers (exact up to 2^53) rather than Long objects,
// which would cost an allocation per event. protobufjs is used by this module only.
protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

const root = protobuf.parse(readFileSync(new URL('./event.proto', import.meta.url), 'utf8'), { keepCase: true }).root;
/** The Event message type (also used by the test writer and the benchmark to encode events). */
export const EventType = root.lookupType('runboard.tensorboard.Event');

interface ValueProto {
  tag: string;
  metadata?: { plugin_data?: { plugin_name: string } };
  simple_value?: number;
  image?: { encoded_image_string: Uint8Array; width: number; height: number };
  histo?: { min: number; max: number; bucket_limit: number[]; bucket: number[] };
  audio?: unknown;
  tensor?: TensorProto;
  obsolete_old_style_histogram?: Uint8Array;
}

interface EventProto {
  wall_time: number;
  step?: number;
  summary?: { value: ValueProto[] };
  graph_def?: Uint8Array;
  meta_graph_def?: Uint8Array;
  tagged_run_metadata?: Uint8Array;
}

interface Base {
  tag: string;
  step: number;
  /** Wall time in ms since the epoch. */
  time: number;
}
/**
 * Scalars are gathered per tag as columns (the bulk of most logdirs): typed arrays that
 * double when full, handed to the write path as views, with no object per point and no copy.
 */
export class ScalarColumn {
  x: Float64Array = new Float64Array(64);
  y: Float64Array = new Float64Array(64);
  /** Wall times, ms since the epoch. */
  t: Float64Array = new Float64Array(64);
  length = 0;

  push(step: number, value: number, time: number): void {
    const n = this.length;
    if (n === this.x.length) {
      this.x = grow(this.x);
      this.y = grow(this.y);
      this.t = grow(this.t);
    }
    this.x[n] = step;
    this.y[n] = value;
    this.t[n] = time;
    this.length = n + 1;
  }

  /** The points pushed, as [x, y, t] views of length `length`. */
  columns(): [Float64Array, Float64Array, Float64Array] {
    const n = this.length;
    return [this.x.subarray(0, n), this.y.subarray(0, n), this.t.subarray(0, n)];
  }
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

export type TbValue =
  | (Base & { kind: 'images'; images: Picture[] })
  | (Base & { kind: 'text'; text: string })
  | (Base & { kind: 'histogram'; histogram: Histogram })
  | { kind: 'skipped'; tag: string; plugin: string };

const VALID_TAG = new RegExp(ID_PATTERN);

/** The plugins runboard draws; any other plugin name is skipped (and counted). */
export const DRAWN_PLUGINS = new Set(['scalars', 'images', 'text', 'histograms']);

/**
 * Plugin of each tag seen so far in a run. TF2 writers send a tag's metadata only with
 * its first value, so later values (and values read after a restart) are told apart by it.
 */
export type TagPlugins = Map<string, string>;

/** What a run of records decoded to. */
export class Decoded {
  readonly scalars = new Map<string, ScalarColumn>();
  /** Images, text, histograms and skipped values, in the order read. */
  readonly others: TbValue[] = [];
  /** Tags whose plugin was first seen here. */
  readonly learned: [string, string][] = [];
  scalarCount = 0;

  addScalar(tag: string, step: number, time: number, value: number): void {
    let c = this.scalars.get(tag);
    if (!c) this.scalars.set(tag, (c = new ScalarColumn()));
    c.push(step, value, time);
    this.scalarCount++;
  }

  get size(): number {
    return this.scalarCount + this.others.length;
  }
}

/** A protobufjs reader over a whole chunk of records, each decoded in place (no copy, no reader per record). */
export function chunkReader(buf: Uint8Array): protobuf.Reader {
  return protobuf.Reader.create(buf);
}

/**
 * Decodes one event (bytes [start, end) of the chunk `reader` reads) into `out`. `plugins` is read for tags without metadata, and gains
 * an entry for each new tag (also listed in `out.learned` so the caller can keep it).
 */
export function decodeEvent(reader: protobuf.Reader, start: number, end: number, plugins: TagPlugins, out: Decoded): void {
  reader.pos = start;
  const e = EventType.decode(reader, end - start) as unknown as EventProto;
  // An event carries one of summary, graph, run metadata, … (TensorFlow's oneof). Decoded
  // messages read unset fields from their prototype's defaults: set ones are own properties.
  if (!e.summary) {
    if (Object.hasOwn(e, 'graph_def') || Object.hasOwn(e, 'meta_graph_def')) out.others.push({ kind: 'skipped', tag: '', plugin: 'graphs' });
    else if (Object.hasOwn(e, 'tagged_run_metadata')) out.others.push({ kind: 'skipped', tag: '', plugin: 'run_metadata' });
    return;
  }
  const step = Number(e.step ?? 0);
  const time = Math.round(e.wall_time * 1000);
  const values = e.summary.value;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // A tag that cannot name a window (empty, control characters, too long) is counted, not written.
    if (!plugins.has(v.tag) && !VALID_TAG.test(v.tag)) {
      out.others.push({ kind: 'skipped', tag: '', plugin: 'invalid tag names' });
      continue;
    }
    const plugin = pluginOf(v, plugins, out.learned);
    if (plugin === 'scalars') {
      const value = scalarOf(v);
      if (value === null) out.others.push({ kind: 'skipped', tag: v.tag, plugin });
      else out.addScalar(v.tag, step, time, value);
      continue;
    }
    const value = valueOf(v, plugin, { step, time });
    if (value) out.others.push(value);
  }
}

function scalarOf(v: ValueProto): number | null {
  if (Object.hasOwn(v, 'simple_value')) return v.simple_value!;
  const n = v.tensor ? tensorNumbers(v.tensor) : null;
  return n && n.length === 1 ? n[0]! : null;
}

function pluginOf(v: ValueProto, plugins: TagPlugins, learned: [string, string][]): string {
  const known = plugins.get(v.tag);
  const plugin = v.metadata?.plugin_data?.plugin_name || known || legacyPlugin(v);
  if (known !== plugin) {
    plugins.set(v.tag, plugin);
    learned.push([v.tag, plugin]);
  }
  return plugin;
}

/** Values written before plugins (TF1, PyTorch): the kind follows from the field set. */
function legacyPlugin(v: ValueProto): string {
  if (Object.hasOwn(v, 'simple_value')) return 'scalars';
  if (v.image) return 'images';
  if (v.histo) return 'histograms';
  if (v.audio) return 'audio';
  if (v.tensor) return 'tensor';
  return 'unknown';
}

function valueOf(v: ValueProto, plugin: string, base: { step: number; time: number }): TbValue | null {
  const tag = v.tag;
  const skipped: TbValue = { kind: 'skipped', tag, plugin };
  switch (plugin) {
    case 'images': {
      const images: Picture[] = [];
      if (v.image) {
        const src = imageSource(v.image.encoded_image_string);
        if (src) images.push({ src, caption: `step ${base.step}` });
      } else if (v.tensor) {
        // The images plugin's tensor: width and height as strings, then one encoded image each.
        const blobs = tensorStrings(v.tensor).slice(2);
        blobs.forEach((b, i) => {
          const src = imageSource(b);
          if (src) images.push({ src, caption: blobs.length > 1 ? `step ${base.step} (${i + 1}/${blobs.length})` : `step ${base.step}` });
        });
      }
      return images.length > 0 ? { kind: 'images', tag, ...base, images } : skipped;
    }
    case 'text': {
      const strings = v.tensor ? tensorStrings(v.tensor) : [];
      if (strings.length === 0) return skipped;
      const dec = new TextDecoder();
      return { kind: 'text', tag, ...base, text: strings.map((s) => dec.decode(s)).join('\n') };
    }
    case 'histograms': {
      const h = v.histo ? histogramFromBuckets(v.histo) : v.tensor ? histogramFromTensor(v.tensor) : null;
      return h ? { kind: 'histogram', tag, ...base, histogram: h } : skipped;
    }
    default:
      return skipped;
  }
}
