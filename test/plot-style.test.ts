import { describe, expect, it } from 'vitest';
import { windowAxes } from '../client/plot/axes.js';
import { PALETTE, colorOf, fade, traceStyles } from '../client/plot/style.js';

describe('trace styles', () => {
  it('reads colours, dashes, markers, fills and the axis from the trace props the stock client sends', () => {
    const [a, b] = traceStyles('line', {}, [
      { name: 'a', props: { mode: 'lines+markers', line: { color: '#ff0000', dash: 'dash' }, marker: { symbol: 'diamond', size: 12 }, fill: 'tonexty' } },
      { name: 'b', props: { mode: 'lines', yaxis: 'y2' } },
    ]);
    expect(a).toMatchObject({ color: '#ff0000', dash: [9, 9], markers: true, lines: true, fill: 'tonexty', axis: 'y' });
    expect(a!.marker).toMatchObject({ shape: 'diamond', size: 12 });
    expect(b).toMatchObject({ color: PALETTE[1], dash: [], markers: false, fill: 'none', axis: 'y2' });
  });

  it('falls back to the native opts, then to Plotly defaults', () => {
    const [a, b] = traceStyles('line', { linecolor: [[0, 128, 0]], dash: ['dot', 'dashdot'], markers: true, markersymbol: 'cross', fillarea: true }, [
      { name: 'a', props: {} },
      { name: 'b', props: {} },
    ]);
    expect(a).toMatchObject({ color: 'rgb(0,128,0)', dash: [3, 3], markers: true, fill: 'tonexty' });
    expect(a!.marker.shape).toBe('cross');
    expect(b).toMatchObject({ color: PALETTE[1], dash: [9, 3, 3, 3] });
  });

  it('draws scatter windows as markers with per-point colours and text labels', () => {
    const [s] = traceStyles('scatter', {}, [
      { name: 's', props: { mode: 'markers+text', text: ['p', 'q'], marker: { color: ['#00ff00', 'rgba(0, 0, 255, 0.5)'], size: 10, symbol: 'triangle-up-open' } } },
    ]);
    expect(s).toMatchObject({ lines: false, markers: true, text: ['p', 'q'], color: '#00ff00' });
    expect(s!.marker).toMatchObject({ shape: 'triangle-up', open: true, colors: ['#00ff00', 'rgba(0, 0, 255, 0.5)'] });
  });

  it('refuses anything that is not a colour', () => {
    expect(colorOf('red; background: url(http://x)')).toBeNull();
    expect(colorOf([1, 2, 3])).toBe('rgb(1,2,3)');
    expect(fade('#1f77b4', 0.5)).toBe('#1f77b480');
    expect(fade('rgb(1,2,3)', 0.25)).toBe('rgba(1,2,3,0.25)');
  });
});

describe('window axes', () => {
  it('takes ranges, tick values and titles from the Plotly layout Visdom stored, then from opts', () => {
    const axes = windowAxes(
      { xlabel: 'epoch', ytickmin: 0, ytickmax: 5 },
      { xaxis: { tickvals: [0, 1, 2], ticktext: ['a', 'b', 'c'] }, yaxis: { type: 'log', title: { text: 'loss' } }, yaxis2: { title: 'lr' } },
    );
    expect(axes.x).toMatchObject({ label: 'epoch', tickvals: [0, 1, 2], ticktext: ['a', 'b', 'c'], log: false, range: null });
    expect(axes.y).toMatchObject({ label: 'loss', range: [0, 5], log: true });
    expect(axes.y2.label).toBe('lr');
  });

  it('reads layoutopts.plotly of a native-API window, which has no stored layout', () => {
    const axes = windowAxes({ layoutopts: { plotly: { yaxis: { range: [1, 2], title: 'acc' } } } }, undefined);
    expect(axes.y).toMatchObject({ range: [1, 2], label: 'acc' });
  });
});
