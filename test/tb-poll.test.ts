/**
 * Polling a logdir (--logdir-poll-only): event files and directories not written for a
 * minute are checked less often, with a bounded delay, and a run that wakes up is read
 * and checked every poll again.
 */
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Hub } from '../server/hub.js';
import { Ingest } from '../server/ingest.js';
import { closeDb, openDb } from '../server/store/db.js';
import { SqliteStore } from '../server/store/sqlite-store.js';
import { FILE_BACKOFF } from '../server/tensorboard/logdir.js';
import { logdirTailer } from '../server/tensorboard/follow.js';
import { IDLE_MS, PollSchedule } from '../server/tensorboard/poll-schedule.js';
import { eventually } from './browser.js';
import { tempDir } from './helpers.js';
import { scalarEvent, TbWriter } from './tb-writer.js';

const T0 = 1_700_000_000;

describe('PollSchedule', () => {
  const NOW = 1_000_000_000;
  const old = NOW - IDLE_MS - 1;
  const due = (s: PollSchedule, from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i).filter((n) => s.due('f', n));

  it('checks a path every poll while it was modified within IDLE_MS, whether or not it changed', () => {
    const s = new PollSchedule({ base: 1, cap: 4 });
    for (let n = 0; n < 20; n++) {
      expect(s.due('f', n)).toBe(true);
      s.checked('f', n, false, NOW - IDLE_MS + 10, NOW);
    }
  });

  it('doubles the interval of a long-idle path up to the cap, and goes back to every poll on a change', () => {
    const s = new PollSchedule({ base: 1, cap: 4 });
    const checks: number[] = [];
    for (let n = 0; n < 20; n++) {
      if (!s.due('f', n)) continue;
      checks.push(n);
      s.checked('f', n, false, old, NOW);
    }
    expect(checks).toEqual([0, 1, 3, 7, 11, 15, 19]);
    s.checked('f', 19, true, NOW, NOW);
    expect(due(s, 20, 23)).toEqual([20, 21, 22]);
  });

  it('a read that found records puts a backed-off path back to every poll at once', () => {
    const s = new PollSchedule({ base: 1, cap: 8 });
    for (let n = 0; n < 30; n++) if (s.due('f', n)) s.checked('f', n, false, old, NOW);
    expect(s.interval('f')).toBe(8);
    s.active('f', 30);
    expect(s.interval('f')).toBe(1);
    expect(s.due('f', 31)).toBe(true);
  });
});

describe('polling a logdir', () => {
  it('backs off from runs idle for a minute, sees one waking up within the cap, and checks it every poll again', async () => {
    const logdir = tempDir();
    const store = new SqliteStore(openDb(join(tempDir(), 'db.sqlite')));
    const hub = new Hub();
    const ingest = new Ingest(store, hub);
    const tailer = logdirTailer({ dir: logdir, pollMs: 100, watch: false, log: () => undefined }, store, ingest);
    onTestFinished(async () => {
      await tailer.close();
      ingest.close();
      hub.close();
      closeDb(store.db);
    });
    const past = (Date.now() - 2 * IDLE_MS) / 1000;
    const writers = Array.from({ length: 6 }, (_, r) => {
      const path = join(logdir, `run_${r}`, `events.out.tfevents.${T0}.host`);
      const w = new TbWriter(path);
      w.write(scalarEvent('loss', 0, r, T0));
      // Runs 0–4 were last written two minutes ago; run 5 just now.
      if (r < 5) utimesSync(path, past, past);
      return { path, w };
    });
    await tailer.start();
    expect(store.listEnvs()).toHaveLength(6);
    await eventually(() => writers.slice(0, 5).map((w) => tailer.checkInterval(w.path))).toEqual([4, 4, 4, 4, 4].map(() => FILE_BACKOFF.cap));
    expect(tailer.checkInterval(writers[5]!.path)).toBe(FILE_BACKOFF.base);
    // Run 2 wakes up: seen within the cap, and checked every poll again.
    const woke = tailer.pollCount;
    writers[2]!.w.write(scalarEvent('loss', 1, 0.5, T0 + 1));
    await eventually(() => store.series.readSeq(store.traces('run_2', 'loss')[0]!.id, 0, 2).x).toEqual([0, 1]);
    // (The check above samples every 50 ms: it may see the points a poll after they were read.)
    expect(tailer.pollCount - woke).toBeLessThanOrEqual(FILE_BACKOFF.cap + 2);
    expect(tailer.checkInterval(writers[2]!.path)).toBe(FILE_BACKOFF.base);
    // Runs 2 and 5 are checked every poll, the four idle ones a quarter as often: ~3 checks a poll, not 6.
    const c0 = { ...tailer.checks, polls: tailer.pollCount };
    await eventually(() => tailer.pollCount - c0.polls >= 20).toBe(true);
    const polls = tailer.pollCount - c0.polls;
    expect(tailer.checks.files - c0.files).toBeLessThan(polls * 4);
  });
});
