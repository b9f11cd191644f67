/** A Visdom properties pane, read-only: one row per {type, name, value}. */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from '../styles.js';

interface Prop {
  type?: unknown;
  name?: unknown;
  value?: unknown;
  values?: unknown;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

@customElement('rb-properties')
export class RbProperties extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: block; overflow: auto; padding: 6px 10px; }
      table { border-collapse: collapse; width: 100%; }
      th { text-align: left; color: var(--muted); font-weight: 500; padding: 4px 8px 4px 0; width: 40%; vertical-align: top; }
      td { padding: 4px 0; word-break: break-word; }
      tr + tr { border-top: 1px solid var(--border); }
    `,
  ];

  @property({ attribute: false }) content: unknown = [];

  override render() {
    const rows = (Array.isArray(this.content) ? this.content : []) as Prop[];
    return html`<table>
      ${rows.map((p) => {
        const values = Array.isArray(p.values) ? p.values : null;
        const value = p.type === 'select' && values && typeof p.value === 'number' ? values[p.value] : p.type === 'checkbox' ? (p.value ? '✓' : '✗') : p.value;
        return html`<tr><th>${text(p.name)}</th><td>${text(value)}</td></tr>`;
      })}
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-properties': RbProperties;
  }
}
