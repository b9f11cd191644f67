import { describe, expect, it } from 'vitest';
import { colorAt } from '../client/colorscales.js';
import { fraction, heatFigure } from '../client/heatmap-figure.js';

describe('heatmap figure', () => {
  const fixture = { data: [{ z: [[1, 2], [3, 4]], x: ['a', 'b'], y: ['r1', 'r2'], zmin: 1, zmax: 4, type: 'heatmap', colorscale: 'Viridis' }] };

  it("takes names, range and scale from Visdom's trace", () => {
    const f = heatFigure(fixture, { colormap: 'Greys' });
    expect([f.cols, f.rows, f.zmin, f.zmax, f.namedCols]).toEqual([['a', 'b'], ['r1', 'r2'], 1, 4, true]);
    expect(colorAt(f.stops, 1)).toEqual([0xfd, 0xe7, 0x25]);
  });

  it('clamps values outside xmin..xmax to the ends of the scale', () => {
    const f = heatFigure({ data: [{ z: [[-5, 0.5, 10]], type: 'heatmap' }] }, { xmin: 0, xmax: 1, colormap: 'Greys' });
    expect([-5, 0.5, 10].map((v) => colorAt(f.stops, fraction(f, v)))).toEqual([[0, 0, 0], [128, 128, 128], [255, 255, 255]]);
    expect([f.cols, f.namedCols]).toEqual([['0', '1', '2'], false]);
  });

  it('fills missing cells with nancolor, sent as a flat trace underneath', () => {
    const f = heatFigure({ data: [{ z: [[0]], showscale: false, colorscale: [[0, '#ff0000'], [1, '#ff0000']] }, { z: [[null, 1]], colorscale: 'Hot' }] }, {});
    expect(f.nanColor).toEqual([255, 0, 0]);
    expect(f.z).toEqual([[null, 1]]);
    expect(heatFigure(fixture, {}).nanColor).toBeUndefined();
  });
});
