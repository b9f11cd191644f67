/**
 * The colour theme: `auto` follows the system (`prefers-color-scheme`), `light`
 * and `dark` pin it. The choice is remembered in localStorage; the theme in
 * effect is written to `<html data-theme>`, which selects the page's colour
 * variables (styles.ts PAGE_CSS). Canvas panes (uPlot, heatmaps, bars) and Plotly
 * panes read those variables when they draw, and subscribe to redraw on a change.
 */
export type ThemeChoice = 'auto' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'runboard.theme';

type Listener = (theme: Theme) => void;

export function parseChoice(v: string | null): ThemeChoice {
  return v === 'light' || v === 'dark' ? v : 'auto';
}

export class ThemeSetting {
  private chosen: ThemeChoice;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null,
    private readonly media: Pick<MediaQueryList, 'matches' | 'addEventListener'> | null,
  ) {
    let stored: string | null = null;
    try {
      stored = storage?.getItem(KEY) ?? null;
    } catch {
      // Storage disabled: follow the system.
    }
    this.chosen = parseChoice(stored);
    media?.addEventListener('change', () => this.chosen === 'auto' && this.notify());
  }

  get choice(): ThemeChoice {
    return this.chosen;
  }

  /** The theme in effect. */
  get theme(): Theme {
    if (this.chosen !== 'auto') return this.chosen;
    return this.media?.matches ? 'light' : 'dark';
  }

  set(choice: ThemeChoice): void {
    if (choice === this.chosen) return;
    const before = this.theme;
    this.chosen = choice;
    try {
      this.storage?.setItem(KEY, choice);
    } catch {
      // Storage full or disabled: the choice holds for this page.
    }
    if (this.theme !== before) this.notify();
  }

  /** auto → the opposite of the system's → the system's pinned … : one button walks all three. */
  next(): ThemeChoice {
    const order: ThemeChoice[] = ['auto', 'light', 'dark'];
    return order[(order.indexOf(this.chosen) + 1) % order.length]!;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private notify(): void {
    for (const fn of this.listeners) fn(this.theme);
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
export const themeSetting = new ThemeSetting(
  browserStorage(),
  typeof matchMedia === 'undefined' ? null : matchMedia('(prefers-color-scheme: light)'),
);

/** A colour variable of the page as drawn now (canvas panes read it at draw time). */
export function cssVar(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}
