/**
 * Visdom's network graph (`vis.graph`) drawn in SVG as its pane draws it: nodes as
 * circles coloured by `club`, edges as lines (with arrowheads when `directed`),
 * vertex and edge labels when `showVertexLabels` / `showEdgeLabels`, a node's name
 * on hover. The layout is deterministic (graph-layout.ts) and scales to the pane.
 * Labels are text nodes: nothing a trainer sends becomes markup.
 */
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { WindowOpts } from '../../protocol/index.js';
import { graphFigure, type GraphFigure } from '../graph-figure.js';
import { theme } from '../styles.js';

const NODE_RADIUS = 10;

@customElement('rb-graph')
export class RbGraph extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: flex; min-height: 0; }
      svg { flex: 1; width: 100%; height: 100%; }
      .link { stroke: #999; stroke-opacity: 0.6; stroke-width: 1.5px; }
      .node circle { stroke: #fff; stroke-width: 1.5px; }
      .node text { fill: var(--text); font-size: 12px; }
      .edgelabel { fill: #aaa; font-size: 10px; text-anchor: middle; }
    `,
  ];

  @property({ attribute: false }) content: unknown = null;
  @property({ attribute: false }) opts: WindowOpts = {};
  /** The figure last laid out (tests read it). */
  figure: GraphFigure | null = null;

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('content') || changed.has('opts')) this.figure = graphFigure(this.content, this.opts);
  }

  override render() {
    const f = this.figure!;
    return html`<svg viewBox="0 0 ${f.width} ${f.height}" preserveAspectRatio="xMidYMid meet" role="img">
      ${f.directed
        ? svg`<defs><marker id="arrowhead" viewBox="0 -5 10 10" refX=${NODE_RADIUS + 3} refY="0" orient="auto" markerWidth="13" markerHeight="13">
            <path d="M 0,-5 L 10,0 L 0,5" fill="#999"></path></marker></defs>`
        : ''}
      ${f.edges.map((e) => svg`<line class="link" x1=${e.x1} y1=${e.y1} x2=${e.x2} y2=${e.y2} marker-end=${f.directed ? 'url(#arrowhead)' : nothing}></line>`)}
      ${f.showEdgeLabels
        ? f.edges.map((e) => svg`<text class="edgelabel" x=${(e.x1 + e.x2) / 2} y=${(e.y1 + e.y2) / 2 - 3}>${e.label}</text>`)
        : ''}
      ${f.nodes.map(
        (n) => svg`<g class="node" transform="translate(${n.x},${n.y})">
          <circle r=${NODE_RADIUS} fill=${n.color}><title>${n.name}</title></circle>
          ${f.showVertexLabels ? svg`<text dx="12" dy=".35em">${n.label}</text>` : ''}
        </g>`,
      )}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-graph': RbGraph;
  }
}
