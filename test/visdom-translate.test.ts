import { describe, expect, it } from 'vitest';
import type { WindowInfo } from '../protocol/index.js';
import { parseJsonTolerant } from '../server/json.js';
import { updateHeatmap } from '../server/visdom/heatmap.js';
import { envOf, eventsAction, updateAction, winOf } from '../server/visdom/translate.js';
import { fixture } from './visdom-helpers.js';

const body = (name: string) => parseJsonTolerant(fixture(name)) as any;

function stored(type: WindowInfo['type'], content: unknown, traces: string[] = []): WindowInfo {
  return {
    id: 'w', type, opts: {}, order: 0, version: 1, content, createdAt: 0, updatedAt: 0,
    traces: traces.map((name, i) => ({ id: i + 1, name, points: 1, xmin: 0, xmax: 0, ymin: 0, ymax: 0, props: {} })),
  };
}

describe('translate: Visdom bodies to write actions', () => {
  it.each([
    ['line_create', 'series', 'line'],
    ['scatter_create', 'series', 'scatter'],
    ['text_create', 'window', 'text'],
    ['image_create', 'window', 'image'],
    ['image_history_create', 'window', 'image_history'],
    ['bar_create', 'window', 'bar'],
    ['histogram_create', 'window', 'histogram'],
    ['heatmap_create', 'window', 'heatmap'],
    ['properties_create', 'window', 'properties'],
    ['plotly_create', 'window', 'plotly'],
    ['custom_mixed', 'window', 'plotly'],
    ['boxplot_create', 'window', 'plotly'],
    ['scatter3d_create', 'window', 'plotly'],
    ['graph_create', 'window', 'plotly'],
  ])('routes /events %s to a %s command of type %s', (name, kind, type) => {
    const action = eventsAction(body(name), 'main');
    expect(action.kind).toBe(kind);
    expect((action as { cmd: { type: string } }).cmd.type).toBe(type);
  });

  it('keeps Visdom trace properties beside the columns and asks for suffix-only re-sends', () => {
    const action = eventsAction(body('line_create'), 'main');
    if (action.kind !== 'series') throw new Error('expected a series command');
    expect(action.cmd).toMatchObject({ mode: 'create', win: 'loss', extendIfPrefix: true, extraTraces: 'ignore', content: { layout: { title: 'loss' } } });
    const t = action.cmd.traces[0]!;
    expect([t.name, Array.from(t.x!), Array.from(t.y)]).toEqual(['1', [0, 1, 2], [1, 2, 3]]);
    expect(t.props).toEqual({ type: 'scatter', mode: 'lines', textposition: 'right', line: {}, marker: { size: 10, symbol: 'dot', line: { color: '#000000', width: 0.5 } } });
  });

  it('turns an append into append mode, a replace naming an unknown trace into an append, and a delete into remove', () => {
    const line = stored('line', { layout: {} }, ['1']);
    expect(updateAction(body('line_append'), 'main', line)).toMatchObject({ kind: 'series', cmd: { mode: 'append', name: undefined } });
    const replaceNew = { ...body('line_replace'), name: 'new' };
    expect(updateAction(replaceNew, 'main', line)).toMatchObject({ kind: 'series', cmd: { mode: 'append', name: 'new' } });
    expect(updateAction(body('line_remove'), 'main', line)).toMatchObject({ kind: 'series', cmd: { mode: 'remove', name: 'val' } });
    expect(updateAction(body('update_window_opts'), 'main', line)).toMatchObject({
      kind: 'series',
      cmd: { mode: 'opts', content: { layout: { title: 'renamed' }, top: { title: 'renamed', xlabel: 'step' } } },
    });
  });

  it("answers Visdom's own strings for a missing window and for window types it cannot update", () => {
    expect(updateAction(body('line_replace'), 'main', undefined)).toEqual({ kind: 'reply', text: 'win does not exist' });
    expect(updateAction(body('line_append'), 'main', stored('bar', { data: [{ type: 'bar' }], layout: {} }))).toEqual({
      kind: 'reply',
      text: 'win is not scatter, heatmap, custom, image_history, embeddings, or text; was bar',
    });
  });

  it('escapes env ids as Visdom does and turns numeric window ids into strings', () => {
    expect(envOf(undefined)).toBe('main');
    expect(envOf(null)).toBe('main');
    expect(envOf('a/b/c')).toBe('a_b_c');
    expect(() => envOf('..')).toThrow(/not a usable env id/);
    expect(winOf(12)).toBe('12');
    expect(winOf(null)).toBeUndefined();
    expect(winOf('train/loss')).toBe('train/loss');
    expect(winOf('😀'.repeat(1000))).toBe('😀'.repeat(1000));
    expect(() => winOf('a\tb')).toThrow(/window id "a\\tb" is not usable/);
  });

  it('appends and prepends heatmap columns with their labels, and refuses duplicate labels', () => {
    const old = [{ type: 'heatmap', z: [[1], [2]], x: ['a'], y: ['r1', 'r2'] }];
    expect(updateHeatmap(old, [{ z: [[0], [0]], x: ['z'] }], 'prependColumn', false)[0]).toMatchObject({ z: [[0, 1], [0, 2]], x: ['z', 'a'] });
    expect(() => updateHeatmap(old, [{ z: [[0], [0]], x: ['a'] }], 'appendColumn', false)).toThrow(/already has a column named "a"/);
    expect(() => updateHeatmap(old, [{ z: [[0]] }], 'appendColumn', false)).toThrow(/has 1 rows but the heatmap has 2/);
  });
});
