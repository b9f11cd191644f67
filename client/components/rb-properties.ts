/**
 * A Visdom properties pane: one row per {type, name, value}. Text, number, checkbox,
 * select and button rows are editable; a change is POSTed to the server, which forwards
 * it to the trainer as Visdom's `PropertyUpdate` event. The shown value only changes
 * when the trainer re-sends the pane, as in Visdom.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from '../styles.js';

interface Prop {
  type?: unknown;
  name?: unknown;
  value?: unknown;
  values?: unknown;
}

/** Visdom's check for a number field: digits with an optional decimal part. */
const NUMBER = /^[0-9]*([.][0-9]*)?$/;

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
      input[type='text'], select { width: 100%; box-sizing: border-box; }
    `,
  ];

  @property() env = '';
  @property() win = '';
  @property({ attribute: false }) content: unknown = [];

  override render() {
    const rows = (Array.isArray(this.content) ? this.content : []) as Prop[];
    return html`<table>
      ${rows.map((p, i) => html`<tr><th>${text(p.name)}</th><td>${this.control(p, i)}</td></tr>`)}
    </table>`;
  }

  private control(p: Prop, i: number) {
    switch (p.type) {
      case 'text':
      case 'number':
        return html`<input type="text" .value=${text(p.value)} @change=${(e: Event) => this.onText(e, p, i)} />`;
      case 'checkbox':
        return html`<input type="checkbox" .checked=${Boolean(p.value)} @change=${() => this.send(i, !p.value)} />`;
      case 'select': {
        const values = Array.isArray(p.values) ? p.values : [];
        return html`<select @change=${(e: Event) => this.send(i, (e.target as HTMLSelectElement).value)}>
          ${values.map((v, k) => html`<option value=${String(k)} ?selected=${String(k) === String(p.value)}>${text(v)}</option>`)}
        </select>`;
      }
      case 'button':
        return html`<button @click=${() => this.send(i, 'clicked')}>${text(p.value)}</button>`;
      default:
        return text(p.value);
    }
  }

  private onText(e: Event, p: Prop, i: number): void {
    const input = e.target as HTMLInputElement;
    if (p.type === 'number' && !NUMBER.test(input.value)) {
      input.value = text(p.value);
      return;
    }
    this.send(i, input.value);
  }

  /** The last change sent: each waits for the one before, so the trainer gets them in the order made (as over Visdom's one socket). */
  private sending: Promise<void> = Promise.resolve();

  private send(propertyId: number, value: string | boolean): Promise<void> {
    this.sending = this.sending.then(() => this.post(propertyId, value));
    return this.sending;
  }

  private async post(propertyId: number, value: string | boolean): Promise<void> {
    const url = `/api/env/${encodeURIComponent(this.env)}/win/${encodeURIComponent(this.win)}/property`;
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ propertyId, value }) }).catch(
      (err: unknown) => ({ ok: false, status: String(err) }),
    );
    if (!res.ok) console.warn(`property change in ${this.win} failed: ${res.status}`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-properties': RbProperties;
  }
}
