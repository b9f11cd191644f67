import uPlot from 'uplot';

/**
 * A pane as a PNG: the title, the chart (rendered at `scale`× by the caller) and
 * the legend (a swatch in each trace's colour and dash, then its name), on the
 * theme's background, so the lines can be told apart outside the dashboard.
 */
export interface PngLegendItem {
  name: string;
  color: string;
  dash: number[];
}

export interface PngInput {
  title: string;
  chart: HTMLCanvasElement;
  legend: readonly PngLegendItem[];
  background: string;
  text: string;
  /** Pixels per CSS pixel of `chart`. */
  scale: number;
}

export function composePng(o: PngInput): HTMLCanvasElement {
  const s = o.scale;
  const pad = 8 * s;
  const titleH = o.title ? 22 * s : 0;
  const font = `${12 * s}px system-ui, sans-serif`;
  const measure = document.createElement('canvas').getContext('2d')!;
  measure.font = font;
  // Lay the legend out in rows as wide as the chart.
  const rows: { item: PngLegendItem; x: number }[][] = [[]];
  let x = pad;
  for (const item of o.legend) {
    const w = 24 * s + measure.measureText(item.name).width + 16 * s;
    if (x + w > o.chart.width - pad && rows[rows.length - 1]!.length > 0) {
      rows.push([]);
      x = pad;
    }
    rows[rows.length - 1]!.push({ item, x });
    x += w;
  }
  const rowH = 18 * s;
  const legendH = o.legend.length > 0 ? rows.length * rowH + pad : 0;
  const c = document.createElement('canvas');
  c.width = o.chart.width;
  c.height = titleH + o.chart.height + legendH;
  const g = c.getContext('2d')!;
  g.fillStyle = o.background;
  g.fillRect(0, 0, c.width, c.height);
  g.fillStyle = o.text;
  g.textBaseline = 'middle';
  if (o.title) {
    g.font = `600 ${14 * s}px system-ui, sans-serif`;
    g.textAlign = 'center';
    g.fillText(o.title, c.width / 2, titleH / 2 + 2 * s, c.width - 2 * pad);
  }
  g.drawImage(o.chart, 0, titleH);
  g.font = font;
  g.textAlign = 'left';
  rows.forEach((row, r) => {
    const y = titleH + o.chart.height + r * rowH + rowH / 2;
    for (const { item, x: left } of row) {
      g.strokeStyle = item.color;
      g.lineWidth = 2 * s;
      g.setLineDash(item.dash.map((d) => d * s));
      g.beginPath();
      g.moveTo(left, y);
      g.lineTo(left + 18 * s, y);
      g.stroke();
      g.setLineDash([]);
      g.fillStyle = o.text;
      g.fillText(item.name, left + 24 * s, y);
    }
  });
  return c;
}

export function downloadCanvas(c: HTMLCanvasElement, filename: string): void {
  const a = document.createElement('a');
  a.href = c.toDataURL('image/png');
  a.download = filename;
  a.click();
}

/**
 * The chart `u` shows, drawn again offscreen by a second uPlot built from `opts`
 * (options made at the export's scale), over the same x range and with the same
 * series shown. Resolves with that uPlot once it has drawn; the caller destroys it.
 */
export async function redraw(u: uPlot, opts: uPlot.Options, data: uPlot.AlignedData): Promise<{ canvas: HTMLCanvasElement; done: () => void }> {
  const host = document.createElement('div');
  host.style.cssText = 'position:fixed;left:-100000px;top:0';
  document.body.append(host);
  opts.cursor = { show: false };
  opts.series.forEach((ser, i) => (ser.show = u.series[i]?.show ?? true));
  // uPlot sizes and draws in a microtask after construction: wait for the drawing of the range.
  let drawn = () => {};
  const ready = new Promise<void>((resolve) => (drawn = resolve));
  const range = { min: u.scales.x.min!, max: u.scales.x.max! };
  opts.hooks = { ...opts.hooks, draw: [...(opts.hooks?.draw ?? []), (c) => c.scales.x.min === range.min && c.scales.x.max === range.max && drawn()] };
  const copy = new uPlot(opts, data, host);
  copy.setScale('x', range);
  await ready;
  return { canvas: copy.ctx.canvas, done: () => (copy.destroy(), host.remove()) };
}
