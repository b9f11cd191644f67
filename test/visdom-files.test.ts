import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { importFile } from '../server/visdom/env-file.js';
import { EnvFileSplitter } from '../server/visdom/env-splitter.js';
import { VisdomWriter } from '../server/visdom/writer.js';
import { get, startServer, tempDir } from './helpers.js';
import { sendFixture, winData } from './visdom-helpers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'visdom');

describe('Visdom env files and offline logs', () => {
  it('exports an env as a Visdom saved-env file and imports it back as the same windows', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create');
    await sendFixture(srv.url, 'update', 'line_append');
    await sendFixture(srv.url, 'events', 'image_history_create');
    await sendFixture(srv.url, 'update', 'image_history_update');
    await sendFixture(srv.url, 'events', 'heatmap_create');
    const res = await get(`${srv.url}/api/env/main/visdom.json`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.jsons)).toEqual(['loss', 'hist', 'hm']);
    expect(res.body.reload).toEqual({});
    expect(res.body.jsons.loss.content.data[0].y).toEqual([1, 2, 3, 4]);

    const file = join(tempDir(), 'restored.json');
    writeFileSync(file, res.text);
    const r = await importFile(file, srv.store, new VisdomWriter(srv.store, srv.ingest), () => {});
    expect(r).toMatchObject({ records: 3, errors: 0 });
    const restored = await winData(srv.url, null, 'restored');
    const main = await winData(srv.url, null, 'main');
    expect(Object.keys(restored)).toEqual(['loss', 'hist', 'hm']);
    for (const id of ['loss', 'hist', 'hm']) {
      expect(restored[id].content).toEqual(main[id].content);
      expect(restored[id].type).toBe(main[id].type);
    }
    expect(restored.loss.markers).toBe(false);
    expect((await get(`${srv.url}/api/env/nope/visdom.json`)).status).toBe(404);
  });

  it('splits a saved env into its windows whatever the chunking, through strings holding braces and quotes', () => {
    const doc = '{"reload": {"a": {"x": 1}}, "jsons": {"w\\"1": {"content": "he said \\"}{\\" ok", "d": [1, NaN, {"k": "}"}]}, "n": null, "last": {"i": 2}}, "z": 1}';
    const expected = [
      ['w"1', '{"content": "he said \\"}{\\" ok", "d": [1, NaN, {"k": "}"}]}'],
      ['n', 'null'],
      ['last', '{"i": 2}'],
    ];
    for (const size of [1, 2, 5, doc.length]) {
      const splitter = new EnvFileSplitter();
      const out: [string, string][] = [];
      for (let i = 0; i < doc.length; i += size) out.push(...splitter.push(doc.slice(i, i + size)));
      splitter.end();
      expect(out).toEqual(expected);
    }
    const cut = new EnvFileSplitter();
    cut.push(doc.slice(0, 40));
    expect(() => cut.end()).toThrow(/not a Visdom env file/);
  });

  it('replays an offline log (JSON lines of [endpoint, message], NaN tokens included) and reports the lines it skipped', async () => {
    const srv = await startServer();
    const r = await importFile(join(FIXTURES, 'offline.log'), srv.store, new VisdomWriter(srv.store, srv.ingest), () => {});
    expect(r).toMatchObject({ records: 5, errors: 1 });
    expect(r.problems).toEqual(['line 6: win does not exist']);
    const env = await winData(srv.url, null);
    expect(env.loss.content.data[0].y).toEqual([1, 2, 3, 4]);
    expect(env.bar.content.data[0].y).toEqual([1, null, 3]);
    expect(env.log.content).toBe('<b>hello</b><br>more');
  });

  it('imports from the command line into the database file a server then serves', async () => {
    const dir = tempDir();
    const db = join(dir, 'runboard.db');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/import.ts', '--db', db, join(FIXTURES, 'offline.log')], {
      cwd: join(import.meta.dirname, '..'),
    }).catch((e) => e);
    expect(stdout).toMatch(/offline\.log: 5 records imported, 1 skipped/);
    const srv = await startServer({}, db);
    expect((await winData(srv.url, 'loss')).content.data[0].x).toEqual([0, 1, 2, 3]);
  });
});
