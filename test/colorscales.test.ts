import { describe, expect, it } from 'vitest';
import { SCALES, colorAt, parseColor, scaleOf } from '../client/colorscales.js';

describe('colour scales', () => {
  it('has every colormap name the Visdom docs and demos use', () => {
    const names = ['Viridis', 'Electric', 'Greys', 'Jet', 'Hot', 'Picnic', 'Portland', 'Blackbody', 'Earth', 'Bluered', 'RdBu', 'YlGnBu', 'YlOrRd', 'Greens', 'Blues', 'Reds', 'Rainbow', 'Cividis'];
    for (const n of names) expect(SCALES[n], n).toBeDefined();
    for (const stops of Object.values(SCALES)) {
      expect(stops[0]![0]).toBe(0);
      expect(stops[stops.length - 1]![0]).toBe(1);
      for (let i = 1; i < stops.length; i++) expect(stops[i]![0]).toBeGreaterThan(stops[i - 1]![0]);
    }
  });

  it('runs Greys from black at the minimum to white at the maximum, as Plotly does', () => {
    expect(colorAt(scaleOf('Greys'), 0)).toEqual([0, 0, 0]);
    expect(colorAt(scaleOf('Greys'), 1)).toEqual([255, 255, 255]);
    expect(colorAt(scaleOf('Greys'), 0.5)).toEqual([128, 128, 128]);
  });

  it("keeps Plotly's own ends of the scales that differ from their ColorBrewer namesakes", () => {
    // Plotly's Blues and YlGnBu run dark to light; its Reds light to dark.
    expect(colorAt(scaleOf('Blues'), 0)).toEqual([5, 10, 172]);
    expect(colorAt(scaleOf('Blues'), 1)).toEqual([220, 220, 220]);
    expect(colorAt(scaleOf('Reds'), 1)).toEqual([178, 10, 28]);
    expect(colorAt(scaleOf('YlGnBu'), 0)).toEqual([8, 29, 88]);
    expect(colorAt(scaleOf('Jet'), 0.375)).toEqual([5, 255, 255]);
    expect(colorAt(scaleOf('Hot'), 0.3)).toEqual([230, 0, 0]);
    expect(colorAt(scaleOf('Viridis'), 16 / 255)).toEqual([0x48, 0x18, 0x6a]);
    expect(colorAt(scaleOf('Viridis'), 1)).toEqual([0xfd, 0xe7, 0x25]);
  });

  it('interpolates between stops and clamps outside [0, 1]', () => {
    expect(colorAt(scaleOf('Hot'), 0.15)).toEqual([115, 0, 0]);
    expect(colorAt(scaleOf('Hot'), -3)).toEqual([0, 0, 0]);
    expect(colorAt(scaleOf('Hot'), 7)).toEqual([255, 255, 255]);
    expect(colorAt(scaleOf('Hot'), NaN)).toEqual([0, 0, 0]);
  });

  it('matches names without regard to case, takes explicit stop lists, and falls back to Viridis', () => {
    expect(scaleOf('greys')).toBe(SCALES.Greys);
    expect(scaleOf('no such scale')).toBe(SCALES.Viridis);
    expect(scaleOf(undefined)).toBe(SCALES.Viridis);
    const custom = scaleOf([[1, 'rgb(255,0,0)'], [0, '#00ff00'], ['x', 'red']]);
    expect(colorAt(custom, 0)).toEqual([0, 255, 0]);
    expect(colorAt(custom, 1)).toEqual([255, 0, 0]);
  });

  it('parses only plain colour forms', () => {
    expect(parseColor('#abc')).toEqual([0xaa, 0xbb, 0xcc]);
    expect(parseColor('rgba(1, 2, 3, 0.5)')).toEqual([1, 2, 3]);
    expect(parseColor('url(x)')).toBeUndefined();
  });
});
