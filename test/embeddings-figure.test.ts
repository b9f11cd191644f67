import { describe, expect, it } from 'vitest';
import { embeddingsView, GROUP_COLORS } from '../client/embeddings-figure.js';
import { figureKind } from '../client/figure-kind.js';
import { fixture } from './visdom-helpers.js';

/** The stored content of each /events body the stock client sent for vis.embeddings (loading, then points). */
const bodies = fixture('embeddings_create').split('\n').map((line) => {
  const b = JSON.parse(line);
  return { data: [], layout: {}, visdom: { type: 'embeddings', content: b.data[0].content, extra: {} } };
});

describe('embeddingsView', () => {
  it('shows the loading placeholder until the points arrive', () => {
    expect(embeddingsView(bodies[0], 1)).toMatchObject({ loading: true, points: [] });
    expect(embeddingsView(bodies[1], 1).loading).toBe(false);
  });

  it('draws one marker trace per group in Visdom group colours, each point indexed for the preview', () => {
    const v = embeddingsView(bodies[1], 1);
    expect(v.points).toHaveLength(24);
    expect(v.figure.data.map((t) => [t.name, (t.marker as { color: string }).color, (t.x as number[]).length])).toEqual([
      ['dog', GROUP_COLORS[0], 8],
      ['bird', GROUP_COLORS[1], 8],
      ['cat', GROUP_COLORS[2], 8],
    ]);
    const t = v.figure.data[2]!;
    const i = (t.customdata as number[])[0]!;
    expect(v.points[i]).toMatchObject({ label: 'cat', x: (t.x as number[])[0], y: (t.y as number[])[0] });
    expect(v.points[0]).toEqual({ name: 'Entity 0', label: 'cat', idx: 0, group: 2, x: 1, y: 0 });
  });
});

describe('figureKind', () => {
  it('picks the graph, embeddings or figure body for a plotly window', () => {
    expect(figureKind({ visdom: { type: 'network' } })).toBe('network');
    expect(figureKind(bodies[0])).toBe('embeddings');
    expect(figureKind({ data: [{ type: 'pie' }], layout: {} })).toBe('figure');
    expect(figureKind(null)).toBe('figure');
  });
});
