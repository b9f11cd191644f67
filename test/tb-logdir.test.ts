/**
 * The logdir reader against a real SQLite store: real event files from PyTorch and TF2
 * writers, and files from the test writer for every case (tensor scalars, images,
 * text, histograms, unknown plugins, partial and corrupt records, many runs, restarts).
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { encodePng } from '../examples/client/png.js';
import { Hub } from '../server/hub.js';
import { Ingest } from '../server/ingest.js';
import { closeDb, openDb } from '../server/store/db.js';
import { SqliteStore } from '../server/store/sqlite-store.js';
import { IMPORT_CHUNK, READ_CHUNK } from '../server/tensorboard/event-file.js';
import { logdirTailer } from '../server/tensorboard/follow.js';
import { tempDir } from './helpers.js';
import { eventRecord, histogramEvent, imageEvent, scalarEvent, TbWriter, textEvent } from './tb-writer.js';

const T0 = 1_700_000_000;

function open(dbPath: string, logdir: string) {
  const store = new SqliteStore(openDb(dbPath));
  const hub = new Hub();
  const ingest = new Ingest(store, hub);
  const logs: string[] = [];
  const tailer = logdirTailer({ dir: logdir, pollMs: 60_000, watch: false, log: (m) => logs.push(m) }, store, ingest);
  const close = () => {
    ingest.close();
    hub.close();
    closeDb(store.db);
  };
  onTestFinished(() => {
    if (store.db.open) close();
  });
  return { store, tailer, logs, close };
}

const points = (store: SqliteStore, env: string, win: string) => {
  const [trace] = store.traces(env, win);
  return store.series.readSeq(trace!.id, 0, trace!.n);
};

const png = (v: number) => encodePng({ width: 2, height: 2, channels: 1, data: Buffer.from([v, v, v, v]) });

describe('logdir reader', () => {
  it('imports real PyTorch and TF2 files: an env per run directory, a line window per tag, the steps and wall times written', async () => {
    const logdir = tempDir();
    cpSync('test/fixtures/tensorboard', logdir, { recursive: true });
    const { store, tailer } = open(join(tempDir(), 'db.sqlite'), logdir);
    await tailer.importAll();
    expect(store.listEnvs().map((e) => e.id)).toEqual(['pytorch-simple/run_1', 'pytorch-simple/run_2', 'tf2-tensor']);
    expect(store.windows('pytorch-simple/run_2').map((w) => [w.id, w.type, w.opts.title])).toEqual([
      ['lax/foo', 'line', 'lax/foo'],
      ['lax/bar_2', 'line', 'lax/bar_2'],
      ['lax/bar_3', 'line', 'lax/bar_3'],
    ]);
    const foo = points(store, 'pytorch-simple/run_1', 'strict/foo');
    expect(foo.x).toEqual(Array.from({ length: 100 }, (_, i) => i * 5));
    expect(foo.y[0]).toBeCloseTo(1.4962565898895264, 12);
    expect(foo.t[0]).toBe(1622543341759);
    // TF2: tensor scalars of the scalars plugin; the metadata came with the first value only.
    const tf2 = points(store, 'tf2-tensor', 'my_metric');
    expect(tf2.x).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(tf2.y).toEqual(Array.from({ length: 100 }, (_, i) => i * 0.5));
    expect(tf2.t[0]).toBe(1585499054133);
    expect(tailer.skippedPlugins().size).toBe(0);
  });

  it('shows images, text and histograms (PyTorch fields and TF2 plugin tensors) and reports an unknown plugin once', async () => {
    const logdir = tempDir();
    const w = new TbWriter(join(logdir, 'gan', 'events.out.tfevents.1.host'));
    w.write(
      imageEvent('samples/a', 0, png(10), T0, 'simple'),
      imageEvent('samples/a', 1, png(20), T0 + 1, 'simple'),
      imageEvent('samples/b', 0, png(30), T0, 'tensor'),
      textEvent('notes', 0, 'hello <b>world</b>', T0),
      textEvent('notes', 1, 'second', T0 + 1),
      histogramEvent('weights/w', 0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], T0, 'simple'),
      histogramEvent('weights/w', 1, [5, 5, 5, 6, 7], T0 + 1, 'simple'),
      histogramEvent('weights/v', 0, [1, 2, 3], T0, 'tensor'),
      { wall_time: T0, step: 0, summary: { value: [{ tag: 'pr/curve', metadata: { plugin_data: { plugin_name: 'pr_curves' } }, tensor: { dtype: 1, float_val: [1, 2] } }] } },
      { wall_time: T0, step: 1, summary: { value: [{ tag: 'pr/curve', tensor: { dtype: 1, float_val: [1, 2] } }] } },
      { wall_time: T0, graph_def: Buffer.from([8, 1]) },
      // Tags that cannot name a window are counted, and do not block the rest of the file.
      scalarEvent('x'.repeat(1001), 0, 1, T0),
      scalarEvent('', 0, 1, T0),
      scalarEvent('after', 0, 1, T0),
    );
    const { store, tailer, logs } = open(join(tempDir(), 'db.sqlite'), logdir);
    await tailer.importAll();
    const a = store.window('gan', 'samples/a')!;
    expect(a.type).toBe('image_history');
    expect(a.content).toEqual([
      { src: `data:image/png;base64,${png(10).toString('base64')}`, caption: 'step 0' },
      { src: `data:image/png;base64,${png(20).toString('base64')}`, caption: 'step 1' },
    ]);
    expect(store.window('gan', 'samples/b')!.content).toEqual([{ src: `data:image/png;base64,${png(30).toString('base64')}`, caption: 'step 0' }]);
    const notes = store.window('gan', 'notes')!;
    expect(notes.type).toBe('text');
    expect(notes.content).toBe('<p><b>step 0</b></p><pre>hello &lt;b&gt;world&lt;/b&gt;</pre><p><b>step 1</b></p><pre>second</pre>');
    const hw = store.window('gan', 'weights/w')!;
    expect(hw.type).toBe('histogram');
    // The last step is shown; its five values spread over [5, 7].
    const fig = hw.content as { data: { x: number[]; y: number[] }[] };
    expect(fig.data[0]!.y.reduce((s, c) => s + c, 0)).toBeCloseTo(5, 9);
    expect(Math.min(...fig.data[0]!.x)).toBeGreaterThan(5);
    expect(Math.max(...fig.data[0]!.x)).toBeLessThan(7);
    expect(hw.opts.xlabel).toBe('value (step 1)');
    const hv = store.window('gan', 'weights/v')!.content as { data: { y: number[] }[] };
    expect(hv.data[0]!.y.reduce((s, c) => s + c, 0)).toBeCloseTo(3, 9);
    expect(store.hasWindow('gan', 'pr/curve')).toBe(false);
    expect(tailer.skippedPlugins().get('pr_curves')).toBe(2);
    expect(logs.filter((l) => l.includes('pr_curves'))).toHaveLength(1);
    expect(tailer.skippedPlugins().get('graphs')).toBe(1);
    expect(tailer.skippedPlugins().get('invalid tag names')).toBe(2);
    expect(store.window('gan', 'after')!.type).toBe('line');
  });

  it('waits for an incomplete last record, and reports a corrupt one in the middle with file and offset', async () => {
    const logdir = tempDir();
    const path = join(logdir, 'run', 'events.out.tfevents.2.host');
    const w = new TbWriter(path);
    w.write(scalarEvent('loss', 0, 1, T0));
    const bad = eventRecord(scalarEvent('loss', 1, 99, T0 + 1));
    bad[bad.length - 5] ^= 0x55; // inside the data: its checksum fails
    const badAt = (await import('node:fs')).statSync(path).size;
    w.raw(bad);
    w.write(scalarEvent('loss', 2, 3, T0 + 2));
    const last = eventRecord(scalarEvent('loss', 3, 4, T0 + 3));
    w.raw(last.subarray(0, 9));
    const { store, tailer, logs } = open(join(tempDir(), 'db.sqlite'), logdir);
    await tailer.importAll();
    expect(points(store, 'run', 'loss').x).toEqual([0, 2]);
    expect(logs).toEqual([`logdir: ${path} at byte ${badAt}: corrupt record (bad data checksum), ${bad.length} bytes skipped`]);
    w.raw(last.subarray(9));
    await tailer.importAll();
    expect(points(store, 'run', 'loss')).toMatchObject({ x: [0, 2, 3], y: [1, 3, 4], t: [T0 * 1000, (T0 + 2) * 1000, (T0 + 3) * 1000] });
    expect(logs).toHaveLength(1);
  });

  it('resumes from the stored offsets after a restart: no duplicates, no gaps, tag plugins remembered', async () => {
    const logdir = tempDir();
    const dbPath = join(tempDir(), 'db.sqlite');
    const w = new TbWriter(join(logdir, 'r', 'events.out.tfevents.3.host'));
    // TF2 style: the plugin is named on the first value only.
    w.write(...[0, 1, 2].map((s) => scalarEvent('acc', s, s / 10, T0 + s, 'tensor', s === 0)));
    const first = open(dbPath, logdir);
    await first.tailer.importAll();
    first.close();
    w.write(...[3, 4].map((s) => scalarEvent('acc', s, s / 10, T0 + s, 'tensor', false)));
    const second = open(dbPath, logdir);
    await second.tailer.importAll();
    expect(points(second.store, 'r', 'acc').x).toEqual([0, 1, 2, 3, 4]);
    // A new file in the run (the trainer restarted) is read too.
    new TbWriter(join(logdir, 'r', 'events.out.tfevents.4.host')).write(scalarEvent('acc', 5, 0.5, T0 + 5, 'tensor', false));
    await second.tailer.importAll();
    expect(points(second.store, 'r', 'acc').x).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('imports a file larger than a live read in few transactions, every step, value and wall time exact', async () => {
    const logdir = tempDir();
    const steps = 12_000;
    const tags = ['a', 'b/c', 'd'];
    const events = [];
    for (let s = 0; s < steps; s++) for (const [k, tag] of tags.entries()) events.push(eventRecord(scalarEvent(tag, s * 3 + k, Math.fround(Math.sin(s + k)), T0 + s / 1000)));
    const file = Buffer.concat(events);
    expect(file.length).toBeGreaterThan(4 * READ_CHUNK);
    mkdirSync(join(logdir, 'big'));
    writeFileSync(join(logdir, 'big', 'events.out.tfevents.7.host'), file);
    const { store, tailer } = open(join(tempDir(), 'db.sqlite'), logdir);
    const byteSteps: number[] = [];
    const p = await tailer.importAll((q) => byteSteps.push(q.bytes));
    expect(p.values).toBe(steps * tags.length);
    // One transaction per IMPORT_CHUNK bytes (a live read takes READ_CHUNK).
    expect(new Set(byteSteps).size).toBe(Math.ceil(file.length / IMPORT_CHUNK));
    for (const [k, tag] of tags.entries()) {
      const got = points(store, 'big', tag);
      expect(got.x).toEqual(Array.from({ length: steps }, (_, s) => s * 3 + k));
      expect(got.y).toEqual(Array.from({ length: steps }, (_, s) => Math.fround(Math.sin(s + k))));
      expect(got.t).toEqual(Array.from({ length: steps }, (_, s) => Math.round((T0 + s / 1000) * 1000)));
    }
  });

  it('reads many runs, nested at any depth, and files directly in the logdir as the env named after it', async () => {
    const logdir = join(tempDir(), 'runs');
    for (let i = 0; i < 200; i++) new TbWriter(join(logdir, `sweep/lr_${i}`, 'events.out.tfevents.5.host')).write(scalarEvent('train/loss', 0, i, T0));
    new TbWriter(join(logdir, 'events.out.tfevents.6.host')).write(scalarEvent('top', 0, 1, T0));
    mkdirSync(join(logdir, 'empty'));
    writeFileSync(join(logdir, 'sweep', 'notes.txt'), 'not an event file');
    const { store, tailer } = open(join(tempDir(), 'db.sqlite'), logdir);
    await tailer.importAll();
    const envs = store.listEnvs().map((e) => e.id);
    expect(envs).toHaveLength(201);
    expect(envs).toContain('runs');
    expect(points(store, 'sweep/lr_123', 'train/loss').y).toEqual([123]);
  });
});
