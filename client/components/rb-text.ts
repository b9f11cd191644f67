/** A Visdom text pane: its HTML, sanitized (no scripts, handlers or javascript: URLs). */
import { LitElement, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { sanitizeHtml } from '../sanitize.js';
import { theme } from '../styles.js';

@customElement('rb-text')
export class RbText extends LitElement {
  static override styles = [
    theme,
    css`
      /* contain: fixed-position HTML stays inside the pane. */
      :host { display: block; overflow: auto; padding: 8px 12px; contain: content; }
      table { border-collapse: collapse; }
      td, th { border: 1px solid var(--border); padding: 2px 6px; }
      img { max-width: 100%; }
      pre { white-space: pre-wrap; }
    `,
  ];

  @property({ attribute: false }) content: unknown = '';

  protected override updated(changed: Map<string, unknown>): void {
    if (!changed.has('content')) return;
    const c = this.content;
    if (typeof c === 'string') this.renderRoot.replaceChildren(sanitizeHtml(c));
    else this.renderRoot.replaceChildren(document.createTextNode(c === null || c === undefined ? '' : JSON.stringify(c)));
  }

  protected override render() {
    return null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-text': RbText;
  }
}
