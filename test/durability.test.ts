import { describe, expect, it } from 'vitest';
import { get, post, startServer } from './helpers.js';

describe('durability', () => {
  it('keeps every acknowledged point and window across a restart', async () => {
    let srv = await startServer();
    await post(`${srv.url}/api/env/run/line`, { win: 'loss', X: [0, 1], Y: [[1, 2], [3, 4]], opts: { title: 'Loss', legend: ['g', 'd'] } });
    const X = Array.from({ length: 1000 }, (_, i) => i + 2);
    await post(`${srv.url}/api/env/run/line`, { win: 'loss', X, Y: X.map((x) => [x, -x]), update: 'append' });
    srv = await srv.restart();
    const win = await get(`${srv.url}/api/env/run/win/loss`);
    expect(win.body.opts.title).toBe('Loss');
    expect(win.body.traces.map((t: any) => [t.name, t.points])).toEqual([
      ['g', 1002],
      ['d', 1002],
    ]);
    const json = await get(`${srv.url}/api/env/run/win/loss/data?format=json`);
    expect(json.body.traces[1].points.map((p: number[]) => p[1])).toEqual([2, 4, ...X.map((x) => -x)]);
    // Appends continue where they left off.
    await post(`${srv.url}/api/env/run/line`, { win: 'loss', Y: [7], name: 'g', update: 'append' });
    expect((await get(`${srv.url}/api/env/run/win/loss`)).body.traces[0].points).toBe(1003);
  });
});

describe('bad input', () => {
  // Each body would append to window w, which already holds one point.
  const A = '"win":"w","update":"append"';
  const cases: [string, string, RegExp][] = [
    ['malformed JSON', `{${A},`, /not valid JSON/],
    ['Y missing', `{${A},"X":[1]}`, /Y is missing/],
    ['Y empty', `{${A},"X":[],"Y":[]}`, /Y is empty/],
    ['Y of strings', `{${A},"X":[1],"Y":["a"]}`, /body\.Y/],
    ['X and Y of different lengths', `{${A},"X":[1,2],"Y":[1]}`, /X has 2 points but Y has 1/],
    ['ragged Y', `{${A},"X":[1,2],"Y":[[1,2],[3]]}`, /Y\[1\] has 1 values but Y\[0\] has 2/],
    ['NaN in X', `{${A},"X":[1,NaN],"Y":[1,2]}`, /X\[1\] is NaN/],
    ['Infinity in X', `{${A},"X":[Infinity],"Y":[1]}`, /X\[0\] is Infinity/],
    ['unknown update mode', '{"win":"w","X":[1],"Y":[1],"update":"insert"}', /update must be one of/],
    ['unknown key', `{${A},"X":[1],"Y":[1],"colour":"red"}`, /unknown key "colour"/],
    ['window id "."', '{"win":".","X":[1],"Y":[1]}', /body\.win must be 1–1000 characters/],
    ['window id with NUL', '{"win":"a\\u0000b","X":[1],"Y":[1]}', /body\.win must be/],
    ['10k-character window id', JSON.stringify({ win: 'w'.repeat(10_000), X: [1], Y: [1] }), /body\.win must be/],
    ['name with two columns', `{${A},"X":[1],"Y":[[1,2]],"name":"a"}`, /name targets one trace/],
    ['array body', '[1,2,3]', /body must be an object/],
  ];

  it.each(cases)('rejects %s with a 400 that says what to fix, and changes nothing', async (_label, body, message) => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/e/line`, { win: 'w', X: [0], Y: [1] });
    const before = await get(`${srv.url}/api/env/e/win/w/data?format=json`);
    const res = await post(`${srv.url}/api/env/e/line`, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.code).toMatch(/^RB_ERR_/);
    expect(res.body.message).toMatch(message);
    const after = await get(`${srv.url}/api/env/e/win/w/data?format=json`);
    expect(after.text).toBe(before.text);
  });

  it('answers a body over the limit with a 413 that names the limit', async () => {
    const srv = await startServer({ bodyLimit: 1000 });
    const res = await post(`${srv.url}/api/env/e/line`, { win: 'w', X: Array(500).fill(1), Y: Array(500).fill(1) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'RB_ERR_BODY_TOO_LARGE' });
    expect(res.body.message).toContain('1000 bytes');
    expect((await get(`${srv.url}/api/envs`)).body.envs).toEqual([]);
  });

  it('answers an append with the wrong number of columns with a 400 and leaves both traces intact', async () => {
    const srv = await startServer();
    await post(`${srv.url}/api/env/e/line`, { win: 'w', X: [0], Y: [[1, 2]] });
    const res = await post(`${srv.url}/api/env/e/line`, { win: 'w', X: [1], Y: [5], update: 'append' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/has 2 traces but the request sends 1/);
    const json = await get(`${srv.url}/api/env/e/win/w/data?format=json`);
    expect(json.body.traces.map((t: any) => t.points.length)).toEqual([1, 1]);
  });

  it('answers unknown envs and windows with 404', async () => {
    const srv = await startServer();
    expect((await get(`${srv.url}/api/env/nope`)).body.code).toBe('RB_ERR_UNKNOWN_ENV');
    expect((await get(`${srv.url}/api/env/nope/win/w/data`)).body.code).toBe('RB_ERR_UNKNOWN_WINDOW');
    const res = await post(`${srv.url}/api/env/e/line`, { win: 'w', X: [0], Y: [1], update: 'replace' });
    expect(res.status).toBe(404);
  });
});
