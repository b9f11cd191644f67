/** The few plotly.js calls the Plotly panes make (plotly.js-dist-min ships no types). */
declare module 'plotly.js-dist-min' {
  export interface PlotlyHTMLElement extends HTMLDivElement {
    /** `plotly_selected` gives no argument when a selection is cleared. */
    on(event: 'plotly_hover' | 'plotly_unhover' | 'plotly_selected', cb: (e: { points: { customdata?: unknown }[] } | undefined) => void): void;
  }
  export function react(
    el: HTMLElement,
    data: Record<string, unknown>[],
    layout: Record<string, unknown>,
    config: Record<string, unknown>,
  ): Promise<PlotlyHTMLElement>;
  export function relayout(el: HTMLElement, update: Record<string, unknown>): Promise<PlotlyHTMLElement>;
  export function purge(el: HTMLElement): void;
  export const Plots: { resize(el: HTMLElement): Promise<void> };
  const Plotly: { react: typeof react; relayout: typeof relayout; purge: typeof purge; Plots: typeof Plots };
  export default Plotly;
}
