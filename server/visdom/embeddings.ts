/**
 * Visdom's embeddings window after it is drawn: the trainer answers the pane's events
 * with `/update` bodies whose `data` is an object (protocol `EmbeddingsUpdate`).
 * `EntitySelected` sets the hover preview; `RegionSelected` shows the re-embedded
 * lasso selection in place of the current points, which are kept on a stack
 * (`old_content`, as Visdom keeps it) so the user can go back. Pure: content in,
 * content out.
 */
import type { EmbeddingsUpdate } from '../../protocol/index.js';
import type { ForeignContent } from './content.js';

interface EmbeddingsPayload {
  data?: unknown[];
  selected?: unknown;
  has_previous?: boolean;
  [key: string]: unknown;
}

function payload(c: ForeignContent): EmbeddingsPayload {
  const p = c.visdom.content;
  return typeof p === 'object' && p !== null && !Array.isArray(p) ? (p as EmbeddingsPayload) : {};
}

function stack(c: ForeignContent): unknown[][] {
  const s = c.visdom.extra.old_content;
  return Array.isArray(s) ? (s as unknown[][]) : [];
}

function withPayload(c: ForeignContent, content: EmbeddingsPayload, oldContent: unknown[][]): ForeignContent {
  const extra = { ...c.visdom.extra };
  if (oldContent.length > 0) extra.old_content = oldContent;
  else delete extra.old_content;
  return { ...c, visdom: { ...c.visdom, content, extra } };
}

/** The window's content after a trainer's embeddings update. */
export function applyEmbeddingsUpdate(c: ForeignContent, u: EmbeddingsUpdate): ForeignContent {
  const p = payload(c);
  if (u.update_type === 'EntitySelected') return withPayload(c, { ...p, selected: u.selected }, stack(c));
  const old = stack(c);
  return withPayload(c, { ...p, selected: null, has_previous: true, data: u.points }, [...old, Array.isArray(p.data) ? p.data : []]);
}

/** The window's content with the previous set of points back (the pane's "back"); undefined if there is none. */
export function popEmbeddings(c: ForeignContent): ForeignContent | undefined {
  const old = stack(c);
  const previous = old.at(-1);
  if (previous === undefined) return undefined;
  const rest = old.slice(0, -1);
  return withPayload(c, { ...payload(c), selected: null, has_previous: rest.length > 0, data: previous }, rest);
}

/** Whether a stored window is a Visdom embeddings window. */
export function isEmbeddings(content: unknown): content is ForeignContent {
  const v = (content as { visdom?: { type?: unknown } } | null)?.visdom;
  return typeof v === 'object' && v !== null && v.type === 'embeddings';
}
