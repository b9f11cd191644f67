/**
 * Pure: what a grouped pane draws, as uPlot columns. Per group: its mean line and two
 * band edges (lo, hi) with a uPlot band filled between them; per expanded group, each
 * of its runs' own lines, thin, in the run's colour. Every series is put on the union
 * of their x values (null where a series has no point), as uPlot wants one x column.
 */
import type { GroupReply } from '../../protocol/index.js';
import { RUN_PALETTE } from './run-color.js';

export interface RunLine {
  env: string;
  color: string;
  x: (number | null)[];
  y: (number | null)[];
}

export interface GroupSeries {
  label: string;
  color: string;
  /** mean: the group line; lo/hi: band edges (not stroked); run: an expanded group's run. */
  role: 'mean' | 'lo' | 'hi' | 'run';
  group: string;
}

export interface GroupPlot {
  data: (number | null)[][];
  series: GroupSeries[];
  /** uPlot bands: [hi series index, lo series index] (1-based, as uPlot counts with x at 0) and the fill. */
  bands: { series: [number, number]; fill: string }[];
}

/** A group's colour: its only run's colour when it has one run, else the palette by group order. */
export function groupColor(index: number, envs: readonly string[], runColor: (env: string) => string): string {
  return envs.length === 1 ? runColor(envs[0]!) : RUN_PALETTE[index % RUN_PALETTE.length]!;
}

/** `#rrggbb` at `alpha`. */
export function withAlpha(hex: string, alpha: number): string {
  const h = /^#[0-9a-f]{3}$/i.test(hex) ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  const n = parseInt(h.slice(1, 7), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

export function groupPlot(reply: GroupReply, expanded: ReadonlySet<string>, runLines: (envs: string[]) => RunLine[], runColor: (env: string) => string): GroupPlot {
  const cols: { x: (number | null)[]; y: (number | null)[] }[] = [];
  const series: GroupSeries[] = [];
  const bands: GroupPlot['bands'] = [];
  reply.groups.forEach((g, i) => {
    if (g.x.length === 0) return;
    const color = groupColor(i, g.envs, runColor);
    const label = `${g.key} (${g.found} run${g.found === 1 ? '' : 's'})`;
    series.push({ label, color, role: 'mean', group: g.key }, { label: `${g.key} lo`, color, role: 'lo', group: g.key }, { label: `${g.key} hi`, color, role: 'hi', group: g.key });
    cols.push({ x: g.x, y: g.mean }, { x: g.x, y: g.lo }, { x: g.x, y: g.hi });
    bands.push({ series: [series.length, series.length - 1], fill: withAlpha(color, 0.18) });
    if (!expanded.has(g.key)) return;
    for (const r of runLines(g.envs)) {
      series.push({ label: r.env, color: r.color, role: 'run', group: g.key });
      cols.push({ x: r.x, y: r.y });
    }
  });
  const xs = [...new Set(cols.flatMap((c) => c.x).filter((x): x is number => x !== null))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const data: (number | null)[][] = [xs];
  for (const c of cols) {
    const y = new Array<number | null>(xs.length).fill(null);
    for (let i = 0; i < c.x.length; i++) if (c.x[i] !== null) y[at.get(c.x[i]!)!] = c.y[i] ?? null;
    data.push(y);
  }
  return { data, series, bands };
}
