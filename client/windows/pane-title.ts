/** Pure: the title a pane shows for a window. */
import type { WindowInfo } from '../../protocol/index.js';

/** A window's title: opts.title, else the title of the Plotly layout Visdom stored (plotlyplot, dual_axis_lines). */
export function paneTitle(info: WindowInfo): string {
  if (typeof info.opts.title === 'string' && info.opts.title) return info.opts.title;
  const layout = (info.content as { layout?: { title?: unknown } } | null)?.layout;
  const t = layout?.title;
  if (typeof t === 'string') return t;
  const text = t && typeof t === 'object' ? (t as { text?: unknown }).text : undefined;
  return typeof text === 'string' ? text : '';
}
