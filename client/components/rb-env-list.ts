/**
 * The env list: every env with its window count and last activity, grouped by
 * `_` prefixes into a collapsible tree as in Visdom's picker, filterable by text
 * or /regex/ (groups holding a match open while filtering), selectable (click:
 * only this one; Ctrl/⌘-click or the checkbox: add or remove; a group's checkbox:
 * all of its envs). Emits `rb-select` with the selected env ids, and
 * `rb-env-menu` with an env id when its ⋯ button (rename, fork, delete, download) is clicked.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { EnvSummary } from '../../protocol/index.js';
import { envTree, type EnvNode } from '../envs/env-tree.js';
import { ago } from '../format.js';
import { theme } from '../styles.js';
import './rb-import.js';

/** An env written to within this long counts as active. */
const ACTIVE_MS = 15_000;
/** Groups the user closed, remembered across reloads. */
const COLLAPSED_KEY = 'runboard.envtree.collapsed';

function loadCollapsed(): Set<string> {
  try {
    const v = JSON.parse(localStorage.getItem(COLLAPSED_KEY) ?? '[]') as unknown;
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

@customElement('rb-env-list')
export class RbEnvList extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: flex; flex-direction: column; min-height: 0; background: var(--panel); }
      .filter { padding: 10px; border-bottom: 1px solid var(--border); }
      .filter input { width: 100%; box-sizing: border-box; }
      .filter input.bad { border-color: var(--danger); }
      .hint { color: var(--muted); font-size: 11px; margin-top: 4px; }
      ul { list-style: none; margin: 0; padding: 4px 0; overflow: auto; flex: 1; }
      li { display: flex; align-items: center; gap: 8px; padding: 5px 10px; cursor: pointer; border-left: 2px solid transparent; }
      li:hover { background: var(--panel-2); }
      li[aria-selected='true'] { background: var(--selected); border-left-color: var(--accent); }
      .name { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .meta { color: var(--muted); font-size: 11px; white-space: nowrap; text-align: right; }
      .act { width: 7px; height: 7px; border-radius: 50%; background: transparent; flex: none; }
      .act.on { background: var(--live); }
      input[type='checkbox'] { margin: 0; accent-color: var(--accent); }
      .more { border: none; background: transparent; color: var(--muted); padding: 0 3px; visibility: hidden; }
      li:hover .more, li[aria-selected='true'] .more { visibility: visible; }
      .more:hover { color: var(--text); }
      li.group { color: var(--muted); font-size: 12px; }
      li.group .name { color: var(--text); font-weight: 600; }
      .twist { width: 12px; flex: none; color: var(--muted); font-size: 10px; }
    `,
  ];

  @property({ attribute: false }) envs: EnvSummary[] = [];
  @property({ attribute: false }) selected: string[] = [];
  @state() private filter = '';
  @state() private collapsed = loadCollapsed();
  private ticker: ReturnType<typeof setInterval> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // "5s ago" and the activity dots age without any message.
    this.ticker = setInterval(() => this.requestUpdate(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.ticker) clearInterval(this.ticker);
  }

  private matcher(): { test: (s: string) => boolean; bad: boolean } {
    const f = this.filter.trim();
    const m = /^\/(.*)\/([a-z]*)$/.exec(f);
    if (m) {
      try {
        const re = new RegExp(m[1]!, m[2]!.replace(/[gy]/g, ''));
        return { test: (s) => re.test(s), bad: false };
      } catch {
        return { test: () => true, bad: true };
      }
    }
    const lower = f.toLowerCase();
    return { test: (s) => s.toLowerCase().includes(lower), bad: false };
  }

  override render() {
    const m = this.matcher();
    const now = Date.now();
    const shown = this.envs.filter((e) => m.test(e.id));
    return html`
      <div class="filter">
        <input
          type="search"
          class=${m.bad ? 'bad' : ''}
          placeholder="Filter envs (text or /regex/)"
          .value=${this.filter}
          @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)}
        />
        <div class="hint">${shown.length} of ${this.envs.length} envs${m.bad ? ' · invalid regex' : ''}</div>
        <rb-import></rb-import>
      </div>
      <ul role="listbox" aria-multiselectable="true">
        ${this.renderNodes(envTree(shown.map((e) => e.id)), new Map(shown.map((e) => [e.id, e])), 0, now, this.filter.trim() !== '')}
      </ul>
    `;
  }

  private renderNodes(nodes: EnvNode[], byId: Map<string, EnvSummary>, depth: number, now: number, filtering: boolean): unknown[] {
    const pad = `padding-left:${10 + depth * 14}px`;
    return nodes.map((n) => {
      if (n.kind === 'env') {
        const e = byId.get(n.id)!;
        const sel = this.selected.includes(e.id);
        return html`<li
          role="option"
          aria-selected=${sel}
          data-env=${e.id}
          title=${e.id}
          style=${pad}
          @click=${(ev: MouseEvent) => this.pick(e.id, ev.ctrlKey || ev.metaKey || ev.shiftKey)}
        >
          <input type="checkbox" .checked=${sel} @click=${(ev: MouseEvent) => (ev.stopPropagation(), this.pick(e.id, true))} />
          <span class="name">${e.id}</span>
          <span class="act ${now - e.lastActivity < ACTIVE_MS ? 'on' : ''}"></span>
          <span class="meta">${e.windows} win · ${ago(e.lastActivity, now)}</span>
          <button class="more" title="Rename, fork, delete, download" aria-label="env actions" @click=${(ev: MouseEvent) => (ev.stopPropagation(), this.menu(e.id))}>⋯</button>
        </li>`;
      }
      const open = filtering || !this.collapsed.has(n.prefix);
      const selected = n.envs.filter((id) => this.selected.includes(id)).length;
      const live = n.envs.some((id) => now - (byId.get(id)?.lastActivity ?? 0) < ACTIVE_MS);
      return html`<li class="group" data-group=${n.prefix} aria-expanded=${open} title=${`${n.prefix}_…`} style=${pad} @click=${() => this.toggleGroup(n.prefix)}>
          <span class="twist">${open ? '▾' : '▸'}</span>
          <input
            type="checkbox"
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

  private toggleGroup(prefix: string): void {
    const next = new Set(this.collapsed);
    if (next.has(prefix)) next.delete(prefix);
    else next.add(prefix);
    this.collapsed = next;
    try {
      localStorage.setItem(COLLAPSED_KEY, JSON.stringify([...next]));
    } catch {
      // Storage full or disabled: the tree just opens again on reload.
    }
  }

  private pickGroup(envs: string[], add: boolean): void {
    const next = add ? [...new Set([...this.selected, ...envs])] : this.selected.filter((e) => !envs.includes(e));
    this.dispatchEvent(new CustomEvent('rb-select', { detail: next, bubbles: true, composed: true }));
  }

  private menu(env: string): void {
    this.dispatchEvent(new CustomEvent('rb-env-menu', { detail: env, bubbles: true, composed: true }));
  }

  private pick(env: string, toggle: boolean): void {
    let next: string[];
    if (toggle) next = this.selected.includes(env) ? this.selected.filter((e) => e !== env) : [...this.selected, env];
    else next = [env];
    this.dispatchEvent(new CustomEvent('rb-select', { detail: next, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-env-list': RbEnvList;
  }
}
