/**
 * Pure: metric search and sections over an env's windows (or a compare view's
 * matched windows). A window matches the search when its title or its id does.
 * Windows whose title (else id) has a `prefix/` are grouped into a section named
 * by the prefix before the first `/`, as TensorBoard groups `train/loss` and
 * `train/acc` under "train". Windows with no prefix form the unnamed section,
 * which comes first; sections keep the order of their first window.
 */
import { textMatcher } from '../text-filter.js';

export interface Labelled {
  id: string;
  title: string;
}

export interface Section<T> {
  /** The prefix ('' for windows without one). */
  name: string;
  items: T[];
}

/** The section a window belongs to: the prefix of its title if it has one, else of its id. */
export function sectionName(w: Labelled): string {
  for (const s of [w.title, w.id]) {
    const cut = s.indexOf('/');
    if (cut > 0) return s.slice(0, cut);
  }
  return '';
}

/** The items whose title or id matches `query` (text or /regex/). */
export function searchWindows<T>(items: readonly T[], label: (t: T) => Labelled, query: string): { items: T[]; bad: boolean } {
  const m = textMatcher(query);
  if (m.empty) return { items: [...items], bad: false };
  return {
    items: items.filter((t) => {
      const l = label(t);
      return m.test(l.title) || m.test(l.id);
    }),
    bad: m.bad,
  };
}

/** The items grouped into sections; no sections but the unnamed one when no item has a prefix. */
export function sections<T>(items: readonly T[], label: (t: T) => Labelled): Section<T>[] {
  const by = new Map<string, T[]>([['', []]]);
  for (const t of items) {
    const name = sectionName(label(t));
    let list = by.get(name);
    if (!list) by.set(name, (list = []));
    list.push(t);
  }
  return [...by].filter(([, list]) => list.length > 0).map(([name, list]) => ({ name, items: list }));
}
