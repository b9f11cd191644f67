import { describe, expect, it } from 'vitest';
import { CATEGORY10, graphFigure } from '../client/graph-figure.js';
import { fixture } from './visdom-helpers.js';

/** The window content runboard stores for a vis.graph body, and its opts. */
function stored(name = 'graph_create') {
  const body = JSON.parse(fixture(name));
  return { content: { data: [], layout: {}, visdom: { type: 'network', content: body.data[0].content, extra: {} } }, opts: body.opts };
}

describe('graphFigure', () => {
  it("reads nodes, edges, labels and options from the stock client's graph", () => {
    const { content, opts } = stored();
    const f = graphFigure(content, opts);
    expect([f.width, f.height, f.directed, f.showVertexLabels, f.showEdgeLabels]).toEqual([500, 500, true, true, true]);
    expect(f.nodes.map((n) => [n.name, n.label])).toEqual([['0', 'n0'], ['1', 'n1'], ['2', 'n2'], ['3', 'n3'], ['4', 'n4']]);
    expect(f.edges.map((e) => e.label)).toEqual(['a', 'b', 'c', 'd', 'e']);
    // An edge runs between its nodes' positions.
    expect([f.edges[3]!.x1, f.edges[3]!.y1, f.edges[3]!.x2, f.edges[3]!.y2]).toEqual([f.nodes[2]!.x, f.nodes[2]!.y, f.nodes[3]!.x, f.nodes[3]!.y]);
  });

  it('colours nodes by club in category10 order, all alike when there is no club (scheme "same")', () => {
    const { content, opts } = stored();
    expect(graphFigure(content, opts).nodes.map((n) => n.color)).toEqual(CATEGORY10.slice(0, 5));
    content.visdom.content.nodes.forEach((n: Record<string, unknown>) => delete n.club);
    expect(new Set(graphFigure(content, opts).nodes.map((n) => n.color))).toEqual(new Set([CATEGORY10[0]]));
  });

  it('takes the options of a window loaded from a saved env from its extra fields, with defaults', () => {
    const { content } = stored();
    content.visdom.extra = { directed: false, showEdgeLabels: false };
    const f = graphFigure(content, {});
    expect([f.width, f.height, f.directed, f.showEdgeLabels, f.showVertexLabels]).toEqual([500, 500, false, false, false]);
  });

  it('skips edges whose ends are not nodes', () => {
    const { content, opts } = stored();
    content.visdom.content.edges.push({ source: 0, target: 99, label: 'x' });
    expect(graphFigure(content, opts).edges).toHaveLength(5);
  });
});
