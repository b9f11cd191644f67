/**
 * Pure: the runs table's selection after a click, as file managers do it. A plain click
 * selects only that run, Ctrl/⌘ (or its checkbox) adds or removes it, Shift adds the range
 * from the anchor (the last run clicked) in the table's current order.
 */
export type ClickKind = 'only' | 'toggle' | 'range';

export function nextSelection(selected: readonly string[], env: string, kind: ClickKind, anchor: string | null, order: readonly string[]): string[] {
  if (kind === 'range' && anchor !== null) {
    const [a, b] = [order.indexOf(anchor), order.indexOf(env)].sort((x, y) => x - y) as [number, number];
    if (a >= 0) return [...new Set([...selected, ...order.slice(a, b + 1)])];
  }
  // A range with no anchor (or an anchor filtered away) starts at this run.
  if (kind !== 'toggle') return [env];
  return selected.includes(env) ? selected.filter((x) => x !== env) : [...selected, env];
}

/** The header checkbox: every shown run selected, or (when all are) none of them. */
export function toggleAll(selected: readonly string[], shown: readonly string[]): string[] {
  const set = new Set(shown);
  const all = shown.length > 0 && shown.every((e) => selected.includes(e));
  return all ? selected.filter((e) => !set.has(e)) : [...new Set([...selected, ...shown])];
}
