/**
 * A Visdom text pane: its HTML, sanitized (no scripts, handlers or javascript: URLs),
 * in the element's shadow root, so a <style> it carries styles this pane only. LaTeX
 * (`$…$`, `$$…$$`) is rendered by KaTeX, loaded the first time a pane holds a `$`.
 */
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
      /* Defaults under :where() weigh nothing, so a <style> the pane carries wins over them. */
      :where(table) { border-collapse: collapse; }
      :where(td, th) { border: 1px solid var(--border); padding: 2px 6px; }
      :where(img) { max-width: 100%; }
      :where(pre) { white-space: pre-wrap; }
      :where(audio, video) { max-width: 100%; }
      .latex.display { display: block; text-align: center; margin: 0.5em 0; }
    `,
  ];

  @property({ attribute: false }) content: unknown = '';

  protected override updated(changed: Map<string, unknown>): void {
    if (!changed.has('content')) return;
    const c = this.content;
    if (typeof c === 'string') {
      const html = sanitizeHtml(c);
      if (c.includes('$')) {
        // KaTeX is its own chunk: fetched by the first pane with LaTeX, never by a line-only env.
        void import('../latex.js').then(({ renderLatex }) => {
          if (this.content !== c) return;
          renderLatex(html);
          this.renderRoot.replaceChildren(html);
        });
        return;
      }
      this.renderRoot.replaceChildren(html);
    } else this.renderRoot.replaceChildren(document.createTextNode(c === null || c === undefined ? '' : JSON.stringify(c)));
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
