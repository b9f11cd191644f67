/**
 * The dashboard-wide smoothing: off (0) by default, so panes draw the logged
 * values. Set from the header; remembered in localStorage and carried in the URL
 * (`?smooth=0.6`, which wins over localStorage so a shared link shows the same
 * view). Panes follow it unless their own control overrides it.
 */
const KEY = 'runboard.smoothing';
/** The URL parameter (written by url-state.ts with the rest of the view). */
const PARAM = 'smooth';

type Listener = (weight: number) => void;

/** An EMA weight from text: a number in [0, 0.999], else null. */
export function parseWeight(text: string | null): number | null {
  if (text === null || text.trim() === '') return null;
  const v = Number(text);
  return Number.isFinite(v) && v >= 0 && v < 1 ? v : null;
}

export class SmoothingSetting {
  private value: number;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null, search: string) {
    this.value = parseWeight(new URLSearchParams(search).get(PARAM)) ?? parseWeight(storage?.getItem(KEY) ?? null) ?? 0;
  }

  get weight(): number {
    return this.value;
  }

  set(weight: number): void {
    const w = Math.max(0, Math.min(0.99, weight));
    if (w === this.value) return;
    this.value = w;
    try {
      this.storage?.setItem(KEY, String(w));
    } catch {
      // Storage full or disabled: the setting still holds for this page.
    }
    for (const fn of this.listeners) fn(w);
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The page's one setting. */
export const smoothingSetting = new SmoothingSetting(browserStorage(), typeof location === 'undefined' ? '' : location.search);
