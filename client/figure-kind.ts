/**
 * Which body draws a `plotly` window: Visdom's network graph and embeddings are kept
 * as their own payload (`content.visdom`); every other plotly window is a Plotly
 * figure (pie, box, 3-D scatter, surface, contour, mesh, mixed traces, plotlyplot).
 * Kept in the main bundle (it is tiny) so the pane can choose before loading a chunk.
 */
export type FigureKind = 'network' | 'embeddings' | 'figure';

export function figureKind(content: unknown): FigureKind {
  const visdom = (content as { visdom?: { type?: unknown } } | null)?.visdom;
  if (visdom?.type === 'network') return 'network';
  if (visdom?.type === 'embeddings') return 'embeddings';
  return 'figure';
}
