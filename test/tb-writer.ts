/**
 * A TensorBoard event-file writer for tests and benchmarks: the records PyTorch's
 * SummaryWriter (legacy fields: simple_value, image, histo) and TF2's tf.summary
 * (plugin tensors) write, framed as TFRecords, appended to a file as they are logged.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventType } from '../server/tensorboard/events.js';
import { frameRecord } from '../server/tensorboard/records.js';
import { DT } from '../server/tensorboard/tensor.js';

type Obj = Record<string, unknown>;

export function encodeEvent(event: Obj): Uint8Array {
  return EventType.encode(EventType.fromObject(event)).finish();
}

export function eventRecord(event: Obj): Buffer {
  return frameRecord(encodeEvent(event));
}

const plugin = (name: string) => ({ plugin_data: { plugin_name: name } });

export function scalarEvent(tag: string, step: number, value: number, wallSec: number, style: 'simple' | 'tensor' = 'simple', withMetadata = true): Obj {
  const v: Obj =
    style === 'simple'
      ? { tag, simple_value: value }
      : { tag, tensor: { dtype: DT.FLOAT, tensor_shape: {}, float_val: [value] }, ...(withMetadata ? { metadata: plugin('scalars') } : {}) };
  return { wall_time: wallSec, step, summary: { value: [v] } };
}

export function imageEvent(tag: string, step: number, png: Buffer, wallSec: number, style: 'simple' | 'tensor' = 'simple'): Obj {
  const v: Obj =
    style === 'simple'
      ? { tag, image: { height: 2, width: 2, colorspace: 3, encoded_image_string: png } }
      : {
          tag,
          metadata: plugin('images'),
          tensor: { dtype: DT.STRING, tensor_shape: { dim: [{ size: 3 }] }, string_val: [Buffer.from('2'), Buffer.from('2'), png] },
        };
  return { wall_time: wallSec, step, summary: { value: [v] } };
}

export function textEvent(tag: string, step: number, text: string, wallSec: number): Obj {
  return {
    wall_time: wallSec,
    step,
    summary: { value: [{ tag, metadata: plugin('text'), tensor: { dtype: DT.STRING, tensor_shape: {}, string_val: [Buffer.from(text)] } }] },
  };
}

/** A histogram of `values` into `bins` even buckets: as HistogramProto (PyTorch) or as the TF2 plugin's [k,3] tensor. */
export function histogramEvent(tag: string, step: number, values: number[], wallSec: number, style: 'simple' | 'tensor' = 'simple', bins = 10): Obj {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const width = (max - min) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - min) / width))]!++;
  const edges = counts.map((_, i) => min + (i + 1) * width);
  const v: Obj =
    style === 'simple'
      ? { tag, histo: { min, max, num: values.length, sum: 0, sum_squares: 0, bucket_limit: edges, bucket: counts } }
      : {
          tag,
          metadata: plugin('histograms'),
          tensor: {
            dtype: DT.DOUBLE,
            tensor_shape: { dim: [{ size: bins }, { size: 3 }] },
            double_val: counts.flatMap((c, i) => [min + i * width, min + (i + 1) * width, c]),
          },
        };
  return { wall_time: wallSec, step, summary: { value: [v] } };
}

export function fileVersionEvent(wallSec: number): Obj {
  return { wall_time: wallSec, file_version: 'brain.Event:2' };
}

/** Appends records to one event file, each write visible at once (as a flushing trainer's). */
export class TbWriter {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, eventRecord(fileVersionEvent(Date.now() / 1000)));
  }

  write(...events: Obj[]): void {
    appendFileSync(this.path, Buffer.concat(events.map(eventRecord)));
  }

  raw(bytes: Uint8Array): void {
    appendFileSync(this.path, bytes);
  }
}
