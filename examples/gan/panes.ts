/** The panes a run writes: window ids with their opts, and the config pane's HTML. */
import type { WindowOpts } from '../../protocol/index.js';

/** Series windows, declared up front so they get titles and axis labels. */
export const WINDOWS: Record<string, WindowOpts> = {
  loss: { title: 'loss (D = D real + D fake)', xlabel: 'step', ylabel: 'cross-entropy' },
  d_output: { title: 'D output: D(x) on real, D(G(z)) on generated', xlabel: 'step', ylabel: 'probability' },
  speed: { title: 'speed', xlabel: 'step', ylabel: 'steps/s' },
};

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The run's settings as an HTML table (values escaped: the pane renders HTML). */
export function configHtml(config: Record<string, unknown>): string {
  const rows = Object.entries(config)
    .filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'object')
    .map(([k, v]) => `<tr><td>${escape(k)}</td><td>${escape(String(v))}</td></tr>`)
    .join('');
  return `<table>${rows}</table>`;
}
