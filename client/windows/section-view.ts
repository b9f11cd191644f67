/**
 * Sections of panes as the grid and the compare view draw them: a header per
 * named section (click or Enter/Space to collapse it; the prefix and how many
 * windows it holds), then the section's panes. A collapsed section renders no
 * panes at all, so it draws nothing. Which sections are collapsed is remembered
 * (by name, for every env, as TensorBoard remembers its tag groups).
 */
import { css, html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Section } from './sections.js';

const KEY = 'runboard.sections.collapsed';

type Listener = () => void;

class CollapsedSections {
  private names: Set<string>;
  private readonly listeners = new Set<Listener>();

  constructor() {
    let names: unknown = [];
    try {
      names = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    } catch {
      // Storage disabled or corrupt: every section open.
    }
    this.names = new Set(Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : []);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  toggle(name: string): void {
    const next = new Set(this.names);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    this.names = next;
    try {
      localStorage.setItem(KEY, JSON.stringify([...next]));
    } catch {
      // Storage full or disabled: the sections open again on reload.
    }
    for (const fn of this.listeners) fn();
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

/** The page's collapsed sections (subscribe to re-render on a toggle elsewhere). */
export const collapsedSections = new CollapsedSections();

/** Re-renders its host when a section is collapsed or opened (in this view or another). */
export class SectionsController implements ReactiveController {
  private off: (() => void) | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.off = collapsedSections.subscribe(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.off?.();
    this.off = null;
  }
}

export const sectionCss = css`
  .section { margin-bottom: 14px; }
  .section-head {
    display: flex; align-items: center; gap: 8px; margin: 2px 2px 8px; padding: 3px 4px; cursor: pointer; user-select: none;
    border-bottom: 1px solid var(--border); color: var(--text); font-weight: 600; font-size: 13px;
  }
  .section-head:focus-visible { outline: 1px solid var(--accent); }
  .section-head .twist { width: 12px; color: var(--muted); font-size: 10px; }
  .section-head .count { color: var(--muted); font-weight: 400; font-size: 12px; }
`;

/**
 * The sections, each with its header (the unnamed one has none) and, when open,
 * `body(items)`. While `searching`, every section is open.
 */
export function renderSections<T>(list: readonly Section<T>[], searching: boolean, body: (items: T[]) => TemplateResult): TemplateResult[] {
  const named = list.some((s) => s.name !== '');
  return list.map((s) => {
    if (!named || s.name === '') return html`<div class="section" data-section="">${body(s.items)}</div>`;
    const open = searching || !collapsedSections.has(s.name);
    const toggle = () => collapsedSections.toggle(s.name);
    return html`<div class="section" data-section=${s.name}>
      <div
        class="section-head"
        role="button"
        tabindex="0"
        aria-expanded=${open}
        @click=${toggle}
        @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), toggle())}
      >
        <span class="twist">${open ? '▾' : '▸'}</span><span class="name">${s.name}</span><span class="count">${s.items.length}</span>
      </div>
      ${open ? body(s.items) : ''}
    </div>`;
  });
}
