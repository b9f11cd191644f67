import { describe, expect, it } from 'vitest';
import { DARK, paneFigure, withDefaults } from '../client/plotly-figure.js';
import { fixture } from './visdom-helpers.js';

const fig = (name: string) => JSON.parse(fixture(name));

describe('paneFigure', () => {
  it('sizes the figure to the pane: autosize on, the sender width and height dropped', () => {
    const { layout } = paneFigure({ data: [{ type: 'pie', values: [1] }], layout: { width: 300, height: 200, title: 't' } }, 1);
    expect(layout).toMatchObject({ autosize: true, title: 't', datarevision: 1 });
    expect(layout).not.toHaveProperty('width');
    expect(layout).not.toHaveProperty('height');
  });

  it('themes an unstyled figure dark and keeps the colours a figure sets itself', () => {
    expect(paneFigure(fig('pie_create'), 1).layout).toMatchObject({ paper_bgcolor: DARK.paper, plot_bgcolor: DARK.paper, font: { color: DARK.font } });
    const own = paneFigure({ data: [{ type: 'bar', y: [1] }], layout: { paper_bgcolor: 'white', font: { size: 20 }, xaxis: { gridcolor: 'red' } } }, 1).layout;
    expect(own).toMatchObject({ paper_bgcolor: 'white', plot_bgcolor: DARK.paper, font: { size: 20, color: DARK.font }, xaxis: { gridcolor: 'red', color: DARK.font } });
  });

  it('themes the axes the traces use, and the scene of a 3-D figure instead of cartesian axes', () => {
    const mixed = paneFigure({ data: [{ type: 'bar' }, { type: 'scatter', yaxis: 'y2' }], layout: {} }, 1).layout;
    expect(Object.keys(mixed).filter((k) => /axis/.test(k)).sort()).toEqual(['xaxis', 'yaxis', 'yaxis2']);
    const surf = paneFigure(fig('surf_create'), 1).layout as any;
    expect(surf.xaxis).toBeUndefined();
    expect(surf.scene.zaxis).toMatchObject({ gridcolor: DARK.grid, color: DARK.font });
    expect(paneFigure(fig('pie_create'), 1).layout).not.toHaveProperty('xaxis');
  });

  it('passes the traces through untouched', () => {
    const body = fig('custom_mixed');
    expect(paneFigure(body, 3).data).toBe(body.data);
  });

  it('draws an empty figure from content that holds none', () => {
    expect(paneFigure(null, 1).data).toEqual([]);
  });
});

describe('withDefaults', () => {
  it('fills only keys that are unset or null, merging nested objects', () => {
    expect(withDefaults({ a: 1, b: null, c: { d: 2 } }, { a: 9, b: 8, c: { d: 7, e: 6 }, f: 5 })).toEqual({ a: 1, b: 8, c: { d: 2, e: 6 }, f: 5 });
  });
});
