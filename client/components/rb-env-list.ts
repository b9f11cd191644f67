/**
 * The env list: every env with its window count and last activity, grouped by
 * `_` prefixes into a collapsible tree as in Visdom's picker, sorted by name,
 * recent activity or creation (remembered), filterable by text or /regex/
 * (groups holding a match open while filtering), selectable (click: only this
 * one; Ctrl/⌘-click or the checkbox: add or remove; a group's checkbox: all of
 * its envs). Names wrap, so they are read whole. The selected env is scrolled
 * into view (its groups opened) when the selection comes from elsewhere.
 *
 * Keyboard (a listbox with one tab stop): ↑/↓ (Home/End) move, Enter opens an
 * env (only it) or toggles a group, Space adds or removes an env (a group: all
 * of it), →/← open and close a group, Tab reaches the row's ⋯ button.
 * Emits `rb-select` with the selected env ids, and `rb-env-menu` with an env id
 * when its ⋯ button (rename, fork, delete, download) is used.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { EnvSummary } from '../../protocol/index.js';
import { ENV_SORTS, parseSort, prefixesOf, sortEnvs, type EnvSort } from '../envs/env-order.js';
import { envTree, type EnvNode } from '../envs/env-tree.js';
import { ago } from '../format.js';
import { theme } from '../styles.js';
import { textMatcher } from '../text-filter.js';
import './rb-import.js';

/** An env written to within this long counts as active. */
const ACTIVE_MS = 15_000;
/** Groups the user closed, remembered across reloads. */
const COLLAPSED_KEY = 'runboard.envtree.collapsed';
const SORT_KEY = 'runboard.envsort';

function load(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function save(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage full or disabled: the choice holds for this page only.
  }
}

function loadCollapsed(): Set<string> {
  try {
    const v = JSON.parse(load(COLLAPSED_KEY) ?? '[]') as unknown;
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

/** A row's key: `e:<env>` or `g:<prefix>`. */
type RowKey = string;

@customElement('rb-env-list')
export class RbEnvList extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: flex; flex-direction: column; min-height: 0; background: var(--panel); }
      .filter { padding: 10px; border-bottom: 1px solid var(--border); }
      .filter input { width: 100%; box-sizing: border-box; }
      .filter input.bad { border-color: var(--danger); }
      .row2 { display: flex; align-items: center; justify-content: space-between; gap: 6px; margin-top: 4px; }
      .hint { color: var(--muted); font-size: 11px; }
      .sort { font-size: 11px; max-width: 60%; }
      ul { list-style: none; margin: 0; padding: 4px 0; overflow: auto; flex: 1; outline: none; }
      li { display: flex; align-items: center; gap: 8px; padding: 5px 10px; cursor: pointer; border-left: 2px solid transparent; outline: none; }
      li:hover { background: var(--panel-2); }
      li:focus-visible { box-shadow: inset 0 0 0 1px var(--accent); }
      li[aria-selected='true'] { background: var(--selected); border-left-color: var(--accent); }
      .name { flex: 1; min-width: 0; overflow-wrap: anywhere; }
      .meta { color: var(--muted); font-size: 11px; white-space: nowrap; text-align: right; }
      .act { width: 7px; height: 7px; border-radius: 50%; background: transparent; flex: none; }
      .act.on { background: var(--live); }
      input[type='checkbox'] { margin: 0; accent-color: var(--accent); }
      .more { border: none; background: transparent; color: var(--muted); padding: 0 3px; visibility: hidden; }
      li:hover .more, li:focus-within .more, li.current .more, li[aria-selected='true'] .more { visibility: visible; }
      .more:hover, .more:focus-visible { color: var(--text); outline: 1px solid var(--accent); }
      li.group { color: var(--muted); font-size: 12px; }
      li.group .name { color: var(--text); font-weight: 600; }
      .twist { width: 12px; flex: none; color: var(--muted); font-size: 10px; }
    `,
  ];

  @property({ attribute: false }) envs: EnvSummary[] = [];
  @property({ attribute: false }) selected: string[] = [];
  @state() private filter = '';
  @state() private collapsed = loadCollapsed();
  @state() private sort: EnvSort = parseSort(load(SORT_KEY));
  /** The row the keyboard is on. */
  @state() private current: RowKey | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  /** The selection came from this list (no need to scroll to it). */
  private ownSelect = false;
  private revealEnv: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // "5s ago" and the activity dots age without any message.
    this.ticker = setInterval(() => this.requestUpdate(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.ticker) clearInterval(this.ticker);
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (!changed.has('selected')) return;
    const first = this.selected[0];
    if (this.ownSelect || !first) {
      this.ownSelect = false;
      return;
    }
    // Opened from elsewhere (a link, the URL, a rename): show the env, opening its groups.
    const open = prefixesOf(first).filter((p) => this.collapsed.has(p));
    if (open.length > 0) this.collapsed = new Set([...this.collapsed].filter((p) => !open.includes(p)));
    this.revealEnv = first;
    this.current ??= `e:${first}`;
  }

  override render() {
    const m = textMatcher(this.filter);
    const now = Date.now();
    const shown = sortEnvs(
      this.envs.filter((e) => m.test(e.id)),
      this.sort,
    );
    return html`
      <div class="filter">
        <input
          type="search"
          class=${m.bad ? 'bad' : ''}
          placeholder="Filter envs (text or /regex/)"
          aria-label="Filter envs"
          .value=${this.filter}
          @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)}
        />
        <div class="row2">
          <span class="hint">${shown.length} of ${this.envs.length} envs${m.bad ? ' · invalid regex' : ''}</span>
          <select class="sort" aria-label="Sort envs by" title="Sort envs by" .value=${this.sort} @change=${this.onSort}>
            ${ENV_SORTS.map((s) => html`<option value=${s.value} ?selected=${s.value === this.sort}>sort: ${s.label}</option>`)}
          </select>
        </div>
        <rb-import></rb-import>
      </div>
      <ul role="listbox" aria-multiselectable="true" aria-label="Envs" @keydown=${this.onKey}>
        ${this.renderNodes(envTree(shown.map((e) => e.id)), new Map(shown.map((e) => [e.id, e])), 0, now, this.filter.trim() !== '')}
      </ul>
    `;
  }

  private renderNodes(nodes: EnvNode[], byId: Map<string, EnvSummary>, depth: number, now: number, filtering: boolean): unknown[] {
    const pad = `padding-left:${10 + depth * 14}px`;
    const current = this.current ?? this.firstKey(nodes);
    return nodes.map((n) => {
      if (n.kind === 'env') {
        const e = byId.get(n.id)!;
        const sel = this.selected.includes(e.id);
        const key = `e:${e.id}`;
        const here = key === current;
        return html`<li
          role="option"
          aria-selected=${sel}
          class=${here ? 'current' : ''}
          tabindex=${here ? 0 : -1}
          data-env=${e.id}
          data-key=${key}
          title=${e.id}
          style=${pad}
          @click=${(ev: MouseEvent) => ((this.current = key), this.pick(e.id, ev.ctrlKey || ev.metaKey || ev.shiftKey))}
        >
          <input type="checkbox" tabindex="-1" aria-hidden="true" .checked=${sel} @click=${(ev: MouseEvent) => (ev.stopPropagation(), this.pick(e.id, true))} />
          <span class="name">${e.id}</span>
          <span class="act ${now - e.lastActivity < ACTIVE_MS ? 'on' : ''}"></span>
          <span class="meta">${e.windows} win · ${ago(e.lastActivity, now)}</span>
          <button
            class="more"
            tabindex=${here ? 0 : -1}
            title="Rename, fork, delete, download"
            aria-label=${`actions of ${e.id}`}
            @click=${(ev: MouseEvent) => (ev.stopPropagation(), this.menu(e.id))}
            @keydown=${(ev: KeyboardEvent) => ev.stopPropagation()}
          >
            ⋯
          </button>
        </li>`;
      }
      const open = filtering || !this.collapsed.has(n.prefix);
      const selected = n.envs.filter((id) => this.selected.includes(id)).length;
      const live = n.envs.some((id) => now - (byId.get(id)?.lastActivity ?? 0) < ACTIVE_MS);
      const key = `g:${n.prefix}`;
      return html`<li
          class="group ${key === current ? 'current' : ''}"
          role="option"
          aria-selected=${selected === n.envs.length}
          aria-expanded=${open}
          tabindex=${key === current ? 0 : -1}
          data-group=${n.prefix}
          data-key=${key}
          title=${`${n.prefix}_…`}
          style=${pad}
          @click=${() => ((this.current = key), this.toggleGroup(n.prefix))}
        >
          <span class="twist">${open ? '▾' : '▸'}</span>
          <input
            type="checkbox"
            tabindex="-1"
            .checked=${selected === n.envs.length}
            .indeterminate=${selected > 0 && selected < n.envs.length}
            title="Select every env of this group"
            @click=${(ev: MouseEvent) => (ev.stopPropagation(), this.pickGroup(n.envs, selected < n.envs.length))}
          />
          <span class="name">${n.prefix}</span>
          <span class="act ${live ? 'on' : ''}"></span>
          <span class="meta">${n.envs.length} envs</span>
        </li>
        ${open ? this.renderNodes(n.children, byId, depth + 1, now, filtering) : ''}`;
    });
  }

  private firstKey(nodes: EnvNode[]): RowKey | null {
    const n = nodes[0];
    return n ? (n.kind === 'env' ? `e:${n.id}` : `g:${n.prefix}`) : null;
  }

  protected override updated(): void {
    if (this.revealEnv !== null) {
      const li = this.renderRoot.querySelector<HTMLElement>(`li[data-env="${CSS.escape(this.revealEnv)}"]`);
      if (li) {
        li.scrollIntoView({ block: 'nearest' });
        this.revealEnv = null;
      }
    }
    // Rows re-render in place (sorting, live activity): keep focus on the row the keyboard is on.
    const focused = (this.renderRoot as ShadowRoot).activeElement;
    if (focused instanceof HTMLLIElement && focused.dataset.key !== this.current) this.row(this.current)?.focus();
  }

  private rows(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('li[data-key]')];
  }

  private row(key: RowKey | null): HTMLElement | null {
    return key === null ? null : this.renderRoot.querySelector<HTMLElement>(`li[data-key="${CSS.escape(key)}"]`);
  }

  private readonly onKey = (e: KeyboardEvent) => {
    const rows = this.rows();
    if (rows.length === 0) return;
    const at = Math.max(0, rows.findIndex((r) => r.dataset.key === (this.current ?? rows[0]!.dataset.key)));
    const key = rows[at]!.dataset.key!;
    const env = key.startsWith('e:') ? key.slice(2) : null;
    const group = key.startsWith('g:') ? key.slice(2) : null;
    const move = (i: number) => {
      const r = rows[Math.max(0, Math.min(rows.length - 1, i))]!;
      this.current = r.dataset.key!;
      r.focus();
      r.scrollIntoView({ block: 'nearest' });
    };
    switch (e.key) {
      case 'ArrowDown':
        move(at + 1);
        break;
      case 'ArrowUp':
        move(at - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(rows.length - 1);
        break;
      case 'Enter':
        if (env !== null) this.pick(env, false);
        else if (group !== null) this.toggleGroup(group);
        break;
      case ' ':
        if (env !== null) this.pick(env, true);
        else if (group !== null) (rows[at]!.querySelector('input') as HTMLInputElement | null)?.click();
        break;
      case 'ArrowRight':
        if (group !== null && this.collapsed.has(group)) this.toggleGroup(group);
        break;
      case 'ArrowLeft':
        if (group !== null && !this.collapsed.has(group)) this.toggleGroup(group);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  private onSort(e: Event): void {
    this.sort = parseSort((e.target as HTMLSelectElement).value);
    save(SORT_KEY, this.sort);
  }

  private toggleGroup(prefix: string): void {
    const next = new Set(this.collapsed);
    if (next.has(prefix)) next.delete(prefix);
    else next.add(prefix);
    this.collapsed = next;
    save(COLLAPSED_KEY, JSON.stringify([...next]));
  }

  private pickGroup(envs: string[], add: boolean): void {
    const next = add ? [...new Set([...this.selected, ...envs])] : this.selected.filter((e) => !envs.includes(e));
    this.emitSelect(next);
  }

  private menu(env: string): void {
    this.dispatchEvent(new CustomEvent('rb-env-menu', { detail: env, bubbles: true, composed: true }));
  }

  private pick(env: string, toggle: boolean): void {
    let next: string[];
    if (toggle) next = this.selected.includes(env) ? this.selected.filter((e) => e !== env) : [...this.selected, env];
    else next = [env];
    this.emitSelect(next);
  }

  private emitSelect(next: string[]): void {
    this.ownSelect = true;
    this.dispatchEvent(new CustomEvent('rb-select', { detail: next, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-env-list': RbEnvList;
  }
}
