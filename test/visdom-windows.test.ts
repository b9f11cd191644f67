import { describe, expect, it } from 'vitest';
import { startServer, SocketClient } from './helpers.js';
import { fixture, send, sendFixture, winData } from './visdom-helpers.js';

describe('Visdom text, image, bar, heatmap, properties and Plotly windows', () => {
  it('stores text as HTML and joins appended text with <br>', async () => {
    const srv = await startServer();
    expect(await sendFixture(srv.url, 'update', 'text_append')).toBe('win does not exist');
    expect(await sendFixture(srv.url, 'events', 'text_create')).toBe('log');
    expect(await sendFixture(srv.url, 'update', 'text_append')).toBe('log');
    const w = await winData(srv.url, 'log');
    expect(w).toMatchObject({ type: 'text', content: '<b>hello</b><br>more', title: '', id: 'log' });
  });

  it('stores an image as {src, caption} with the width and height the client filled in', async () => {
    const srv = await startServer();
    expect(await sendFixture(srv.url, 'events', 'image_create')).toBe('img');
    const w = await winData(srv.url, 'img');
    expect(w).toMatchObject({ type: 'image', width: 1, height: 1, content: { caption: 'c' } });
    expect(w.content.src).toMatch(/^data:image\/png;base64,/);
    const res = await send(srv.url, 'update', fixture('image_create'));
    expect(res.text).toBe('win is not scatter, heatmap, custom, image_history, embeddings, or text; was image');
  });

  it('keeps every image of an image_history window, in order', async () => {
    const srv = await startServer();
    expect(await sendFixture(srv.url, 'events', 'image_history_create')).toBe('hist');
    expect(await sendFixture(srv.url, 'update', 'image_history_update')).toBe('hist');
    expect(await sendFixture(srv.url, 'update', 'image_history_update')).toBe('hist');
    const w = await winData(srv.url, 'hist');
    expect(w.type).toBe('image_history');
    expect(w.content.map((c: any) => c.caption)).toEqual(['e0', 'e1', 'e1']);
    expect(w.selected).toBe(2);
    expect(w.show_slider).toBe(true);
  });

  it('stores bar charts with NaN values and refuses updates to them as Visdom does', async () => {
    const srv = await startServer();
    expect(await sendFixture(srv.url, 'events', 'bar_create')).toBe('bar');
    const w = await winData(srv.url, 'bar');
    expect(w.type).toBe('plot');
    expect(w.content.data[0]).toEqual({ y: [1, null, 3], x: [1, 2, 3], type: 'bar' });
    expect((await srv.store.window('main', 'bar'))!.type).toBe('bar');
    const res = await send(srv.url, 'update', { ...JSON.parse(fixture('line_append')), win: 'bar' });
    expect(res.text).toBe('win is not scatter, heatmap, custom, image_history, embeddings, or text; was bar');
    expect(await sendFixture(srv.url, 'events', 'histogram_create')).toBe('h');
    expect((await srv.store.window('main', 'h'))!.type).toBe('histogram');
  });

  it('appends rows and columns to a heatmap, refuses a mismatched row, and removes it', async () => {
    const srv = await startServer();
    expect(await sendFixture(srv.url, 'events', 'heatmap_create')).toBe('hm');
    expect(await sendFixture(srv.url, 'update', 'heatmap_append_row')).toBe('hm');
    let t = (await winData(srv.url, 'hm')).content.data[0];
    expect(t).toMatchObject({ z: [[1, 2], [3, 4], [5, 6]], y: ['r1', 'r2', 'r3'], x: ['a', 'b'], zmin: 5, zmax: 6 });
    expect(await sendFixture(srv.url, 'update', 'heatmap_append_column')).toBe('hm');
    t = (await winData(srv.url, 'hm')).content.data[0];
    expect(t.z).toEqual([[1, 2, 7], [3, 4, 8], [5, 6, 9]]);
    const bad = await send(srv.url, 'update', fixture('heatmap_bad_row'));
    expect(bad.status).toBe(400);
    expect(bad.text).toBe("row 0 of the update has 2 values but the heatmap has 3 columns");
    expect((await winData(srv.url, "hm")).content.data[0].z).toHaveLength(3);
    const prepend = { ...JSON.parse(fixture('heatmap_append_row')), updateDir: 'prependRow', data: [{ z: [[0, 0, 0]], y: ['r0'], type: 'heatmap' }] };
    expect((await send(srv.url, 'update', prepend)).text).toBe('hm');
    t = (await winData(srv.url, 'hm')).content.data[0];
    expect(t.z[0]).toEqual([0, 0, 0]);
    expect(t.y).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(await sendFixture(srv.url, 'update', 'heatmap_remove')).toBe('hm');
    expect((await winData(srv.url, 'hm')).content.data).toEqual([]);
  });

  it('stores properties and any other Plotly figure unchanged', async () => {
    const srv = await startServer();
    expect(await sendFixture(srv.url, 'events', 'properties_create')).toBe('props');
    expect(await winData(srv.url, 'props')).toMatchObject({ type: 'properties', content: [{ type: 'text', name: 'lr', value: '0.1' }] });
    expect(await sendFixture(srv.url, 'events', 'plotly_create')).toBe('pie');
    const w = await winData(srv.url, 'pie');
    expect(w).toMatchObject({ type: 'plot', title: 'pie', content: { data: [{ values: [1, 2], labels: ['a', 'b'], type: 'pie' }], layout: { title: 'pie' } } });
    expect((await srv.store.window('main', 'pie'))!.type).toBe('plotly');
  });

  it('keeps a scatter with non-numeric x as a figure, and says so when asked to update it', async () => {
    const srv = await startServer();
    const body = { data: [{ x: ['a', 'b'], y: [1, 2], type: 'scatter', mode: 'lines' }], win: 'cat', eid: 'main', layout: {}, opts: {} };
    expect((await send(srv.url, 'events', body)).text).toBe('cat');
    expect((await winData(srv.url, 'cat')).content.data).toEqual(body.data);
    const res = await send(srv.url, 'update', { ...body, data: [{ x: ['c'], y: [3], type: 'scatter' }], append: true });
    expect(res.status).toBe(409);
    expect(res.text).toMatch(/re-send it whole with \/events/);
    expect((await winData(srv.url, 'cat')).content.data).toEqual(body.data);
  });

  it('pushes content windows to native socket subscribers as window messages with content', async () => {
    const srv = await startServer();
    const ws = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    ws.send({ type: 'subscribe', envs: ['main'] });
    await ws.next('snapshot');
    await sendFixture(srv.url, 'events', 'text_create');
    expect((await ws.next('window')).window).toMatchObject({ id: 'log', type: 'text', content: '<b>hello</b>' });
    await sendFixture(srv.url, 'update', 'text_append');
    expect((await ws.next('window')).window.content).toBe('<b>hello</b><br>more');
  });
});
