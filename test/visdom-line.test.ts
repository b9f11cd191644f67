import { describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';
import { fixture, send, sendFixture, winData } from './visdom-helpers.js';

describe('Visdom line and scatter windows', () => {
  it('creates a line window with /events and answers the window id as a bare string', async () => {
    const srv = await startServer();
    expect(await sendFixture(srv.url, 'env/main', 'env_main')).toBe('');
    expect(await sendFixture(srv.url, 'win_exists', 'check_connection')).toBe('false');
    const res = await send(srv.url, 'events', fixture('line_create'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('loss');
    expect(await sendFixture(srv.url, 'win_exists', 'win_exists_loss')).toBe('true');
    const w = await winData(srv.url, 'loss');
    expect(w).toMatchObject({ command: 'window', id: 'loss', title: 'loss', inflate: true, width: null, height: null, type: 'plot', i: 0 });
    expect(w.content.data).toEqual([
      { x: [0, 1, 2], y: [1, 2, 3], name: '1', type: 'scatter', mode: 'lines', textposition: 'right', line: {}, marker: { size: 10, symbol: 'dot', line: { color: '#000000', width: 0.5 } } },
    ]);
    expect(w.content.layout).toEqual({ showlegend: false, title: 'loss', margin: { l: 60, r: 60, t: 60, b: 60 } });
  });

  it('appends with /update append:true and copies the update opts to the window top level', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create');
    expect(await sendFixture(srv.url, 'update', 'line_append')).toBe('loss');
    const w = await winData(srv.url, 'loss');
    expect(w.content.data[0].x).toEqual([0, 1, 2, 3]);
    expect(w.content.data[0].y).toEqual([1, 2, 3, 4]);
    expect(w).toMatchObject({ markers: false, fillarea: false, mode: 'lines', markersymbol: 'dot', markersize: 10, markerborderwidth: 0.5 });
  });

  it('creates the window when appending to one that does not exist, and says "win does not exist" for a replace', async () => {
    const srv = await startServer();
    expect(await sendFixture(srv.url, 'update', 'line_replace')).toBe('win does not exist');
    expect(await sendFixture(srv.url, 'win_exists', 'win_exists_loss')).toBe('false');
    expect(await sendFixture(srv.url, 'update', 'line_append')).toBe('loss');
    expect((await winData(srv.url, 'loss')).content.data[0]).toMatchObject({ x: [3], y: [4], name: '1' });
  });

  it('targets a trace by name, adds a trace for an unknown name, and removes it by name', async () => {
    const srv = await startServer();
    expect(await sendFixture(srv.url, 'events', 'line_create_two')).toBe('gan');
    await sendFixture(srv.url, 'update', 'line_append_named');
    let w = await winData(srv.url, 'gan');
    expect(w.content.data.map((t: any) => [t.name, t.y])).toEqual([['G', [1, 2]], ['D', [10, 20, 30]]]);
    await sendFixture(srv.url, 'update', 'line_append_new_name');
    w = await winData(srv.url, 'gan');
    expect(w.content.data.map((t: any) => t.name)).toEqual(['G', 'D', 'val']);
    expect(w.content.data[2]).toMatchObject({ x: [0], y: [0.5], mode: 'lines' });
    expect(await sendFixture(srv.url, 'update', 'line_remove')).toBe('gan');
    w = await winData(srv.url, 'gan');
    expect(w.content.data.map((t: any) => t.name)).toEqual(['G', 'D']);
  });

  it('matches traces by position and renames them by opts.legend', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create_two');
    await sendFixture(srv.url, 'update', 'line_append_legend');
    const w = await winData(srv.url, 'gan');
    expect(w.content.data.map((t: any) => [t.name, t.x, t.y])).toEqual([['g', [0, 1, 2], [1, 2, 3]], ['d', [0, 1, 2], [10, 20, 30]]]);
    expect(w.legend).toEqual(['g', 'd']);
  });

  it('refuses a one-column append to a two-trace window with a clear message and changes nothing', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create_two');
    const before = await winData(srv.url, 'gan');
    const res = await send(srv.url, 'update', fixture('line_append_one_of_two'));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/has 2 traces but the request sends 1/);
    const after = await winData(srv.url, 'gan');
    expect(after.content).toEqual(before.content);
    expect(after.version).toBe(before.version);
  });

  it('replaces the points of a trace with append:false', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create');
    expect(await sendFixture(srv.url, 'update', 'line_replace')).toBe('loss');
    expect((await winData(srv.url, 'loss')).content.data[0]).toMatchObject({ x: [0, 1], y: [7, 8], name: '1', mode: 'lines' });
  });

  it('skips an update whose x are all NaN (sent as null), and keeps y NaN as a gap', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create');
    expect(await sendFixture(srv.url, 'update', 'line_append_nan_x')).toBe('loss');
    expect((await winData(srv.url, 'loss')).content.data[0].x).toEqual([0, 1, 2]);
    await sendFixture(srv.url, 'events', 'line_create_gap');
    expect((await winData(srv.url, 'gaps')).content.data[0].y).toEqual([1, null]);
  });

  it('changes layout and opts with update_window_opts without touching points', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create');
    expect(await sendFixture(srv.url, 'update', 'update_window_opts')).toBe('loss');
    const w = await winData(srv.url, 'loss');
    expect(w.title).toBe('renamed');
    expect(w.content.layout).toMatchObject({ title: 'renamed', xaxis: { title: 'step' }, showlegend: false });
    expect(w.content.data[0].y).toEqual([1, 2, 3]);
    expect(w.xlabel).toBe('step');
  });

  it('stores scatter windows and numeric window ids as strings', async () => {
    const srv = await startServer();
    expect(await sendFixture(srv.url, 'events', 'scatter_create')).toBe('sc');
    expect((await winData(srv.url, 'sc')).content.data[0]).toMatchObject({ x: [0, 2], y: [1, 3], mode: 'markers' });
    expect(await sendFixture(srv.url, 'events', 'line_create_numeric_win')).toBe('7');
    expect(await send(srv.url, 'win_exists', { win: 7, eid: 'main' }).then((r) => r.text)).toBe('true');
    expect((await srv.store.window('main', 'sc'))!.type).toBe('scatter');
  });

  it('replaces a window in place on a second /events that does not extend it, keeping its position', async () => {
    const srv = await startServer();
    await sendFixture(srv.url, 'events', 'line_create_two');
    await sendFixture(srv.url, 'events', 'line_create');
    const other = JSON.parse(fixture('line_create_two'));
    other.data[0].y = [5, 6];
    await send(srv.url, 'events', other);
    const w = await winData(srv.url, 'gan');
    expect(w.i).toBe(0);
    expect(w.content.data[0].y).toEqual([5, 6]);
  });
});

describe('Visdom line windows at scale', () => {
  it('takes a 1M-point append in one ~25 MB body and returns all of it from /win_data', async () => {
    const srv = await startServer();
    const n = 1_000_000;
    const x = Array.from({ length: n }, (_, i) => i * 0.5);
    const y = x.map((v) => (v === 10 ? NaN : Math.sin(v)));
    const create = JSON.parse(fixture('line_create'));
    create.data[0].x = [];
    create.data[0].y = [];
    await send(srv.url, 'events', create);
    // As json.dumps writes it: NaN as a bare token (nan2none would send null; both must work).
    const append = JSON.parse(fixture('line_append'));
    append.data[0].x = x;
    append.data[0].y = [];
    const text = JSON.stringify(append).replace('"y":[]', `"y":[${y.map((v) => (Number.isNaN(v) ? 'NaN' : String(v))).join(', ')}]`);
    expect(text.length).toBeGreaterThan(20e6);
    expect((await send(srv.url, 'update', text)).text).toBe('loss');
    const w = await winData(srv.url, 'loss');
    const t = w.content.data[0];
    expect(t.x.length).toBe(n);
    expect(t.y.length).toBe(n);
    expect(t.x[n - 1]).toBe(x[n - 1]);
    expect(t.y[20]).toBeNull();
    expect(t.y[n - 1]).toBe(y[n - 1]);
    expect(t).toMatchObject({ name: '1', mode: 'lines', type: 'scatter' });
  }, 120_000);
});

describe('Visdom per-point marker colours', () => {
  it('grows marker.color with appended points and replaces it on replace, leaving other properties alone', async () => {
    const srv = await startServer();
    const create = JSON.parse(fixture('scatter_create'));
    create.data[0].marker.color = ['#ff0000', '#00ff00'];
    await send(srv.url, 'events', create);
    const append = JSON.parse(fixture('line_append'));
    append.win = 'sc';
    append.data[0].mode = 'markers';
    append.data[0].marker = { size: 99, color: ['#0000ff'] };
    expect((await send(srv.url, 'update', append)).text).toBe('sc');
    let t = (await winData(srv.url, 'sc')).content.data[0];
    expect(t.x).toEqual([0, 2, 3]);
    expect(t.marker).toEqual({ size: 5, symbol: 'dot', line: { color: '#000000', width: 0.5 }, color: ['#ff0000', '#00ff00', '#0000ff'] });
    expect((await send(srv.url, 'update', { ...append, append: false })).text).toBe('sc');
    t = (await winData(srv.url, 'sc')).content.data[0];
    expect(t.x).toEqual([3]);
    expect(t.marker.color).toEqual(['#0000ff']);
    expect(t.marker.size).toBe(5);
  });
});
