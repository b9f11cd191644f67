/**
 * A stored Plotly figure → what `Plotly.react` draws in a pane: the figure's own
 * data and layout, sized to the pane (autosize; the sender's width/height are the
 * pane's business) and themed (dark or light, as the page) wherever the figure does not set its own colours.
 * Pure: no Plotly, no DOM.
 */
export type Trace = Record<string, unknown>;
export type Layout = Record<string, unknown>;

export interface PaneFigure {
  data: Trace[];
  layout: Layout;
  config: Record<string, unknown>;
}

/** The dashboard's colours of one theme (client/styles.ts PAGE_CSS), as Plotly takes them. */
export interface PaneColors {
  paper: string;
  font: string;
  grid: string;
  line: string;
}

export const DARK: PaneColors = { paper: '#171b21', font: '#d7dde5', grid: 'rgba(154,164,178,0.15)', line: 'rgba(154,164,178,0.45)' };
export const LIGHT: PaneColors = { paper: '#ffffff', font: '#1f2328', grid: 'rgba(89,99,110,0.15)', line: 'rgba(89,99,110,0.5)' };

const CARTESIAN = /^[xy]axis\d*$/;
const SCENE = /^scene\d*$/;

/** Each key the figure leaves unset (undefined or null) takes the default; nested objects merge the same way. */
export function withDefaults(own: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...own };
  for (const [k, d] of Object.entries(defaults)) {
    const v = out[k];
    if (v === undefined || v === null) out[k] = d;
    else if (isObject(v) && isObject(d)) out[k] = withDefaults(v, d);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function axisTheme(c: PaneColors): Record<string, unknown> {
  return { gridcolor: c.grid, zerolinecolor: c.line, linecolor: c.line, color: c.font };
}

/** Trace types drawn in a 3-D scene (`layout.scene`, or the scene they name). */
const SCENE_TYPES = new Set(['scatter3d', 'surface', 'mesh3d', 'cone', 'streamtube', 'isosurface', 'volume']);
/** Trace types with neither cartesian axes nor a scene. */
const NO_AXES = new Set(['pie', 'sunburst', 'treemap', 'funnelarea', 'sankey', 'table', 'parcoords', 'parcats', 'scatterpolar', 'barpolar', 'scattergeo', 'choropleth']);

/** The cartesian axes and 3-D scenes the layout names or the traces use. */
function axesAndScenes(data: Trace[], layout: Layout): { axes: Set<string>; scenes: Set<string> } {
  const axes = new Set(Object.keys(layout).filter((k) => CARTESIAN.test(k)));
  const scenes = new Set(Object.keys(layout).filter((k) => SCENE.test(k)));
  for (const t of data) {
    const type = String(t.type ?? 'scatter');
    if (SCENE_TYPES.has(type)) scenes.add(typeof t.scene === 'string' ? t.scene : 'scene');
    else if (!NO_AXES.has(type)) {
      for (const key of ['xaxis', 'yaxis'] as const) {
        const ref = typeof t[key] === 'string' ? (t[key] as string) : key[0]!;
        axes.add(ref.replace(/^([xy])(\d*)$/, '$1axis$2'));
      }
    }
  }
  return { axes, scenes };
}

/**
 * `revision` changes whenever the stored figure does, so `Plotly.react` redraws it
 * (it compares `datarevision`, not the arrays, as Visdom's pane does with its version).
 */
export function paneFigure(content: unknown, revision: string | number, c: PaneColors = DARK): PaneFigure {
  const fig = (content ?? {}) as { data?: unknown; layout?: unknown };
  const data = Array.isArray(fig.data) ? (fig.data as Trace[]) : [];
  const own = isObject(fig.layout) ? fig.layout : {};
  const { width: _w, height: _h, ...sized } = own;
  const defaults: Record<string, unknown> = {
    paper_bgcolor: c.paper,
    plot_bgcolor: c.paper,
    font: { color: c.font },
    legend: { font: { color: c.font } },
    margin: { l: 50, r: 20, t: own.title ? 40 : 20, b: 40 },
  };
  const { axes, scenes } = axesAndScenes(data, own);
  for (const a of axes) defaults[a] = axisTheme(c);
  for (const s of scenes) {
    const t = { ...axisTheme(c), backgroundcolor: c.paper, showbackground: false };
    defaults[s] = { xaxis: t, yaxis: t, zaxis: t };
  }
  if (scenes.size > 0) defaults.margin = { l: 0, r: 0, t: own.title ? 40 : 0, b: 0 };
  const layout = { ...withDefaults(sized, defaults), autosize: true, datarevision: revision };
  return { data, layout, config: { responsive: false, displaylogo: false, scrollZoom: false } };
}
