/**
 * Import of Visdom history from the browser: pick a saved env (`<env>.json`) or an
 * offline log; it is uploaded to POST /api/import with a progress bar, and the
 * imported windows arrive through the socket like any other write.
 */
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ErrorBody, ImportReply } from '../../protocol/index.js';
import { theme } from '../styles.js';

type Status = { kind: 'idle' } | { kind: 'uploading'; file: string; pct: number } | { kind: 'done' | 'failed'; text: string };

@customElement('rb-import')
export class RbImport extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: block; margin-top: 6px; font-size: 11px; color: var(--muted); }
      button { font-size: 11px; padding: 1px 6px; }
      input[type='file'] { display: none; }
      progress { width: 100%; height: 6px; }
      .failed { color: var(--danger); }
      .status { margin-top: 4px; overflow-wrap: anywhere; }
    `,
  ];

  @state() private status: Status = { kind: 'idle' };

  override render() {
    const s = this.status;
    return html`
      <button title="Import a Visdom saved env (<env>.json) or offline log" @click=${() => this.renderRoot.querySelector('input')!.click()}>
        import Visdom file…
      </button>
      <input type="file" accept=".json,.log,.txt,application/json,text/plain" @change=${this.picked} />
      ${s.kind === 'uploading'
        ? html`<div class="status">${s.file}: ${s.pct}%<progress max="100" .value=${s.pct}></progress></div>`
        : s.kind === 'idle'
          ? ''
          : html`<div class="status ${s.kind}">${s.text}</div>`}
    `;
  }

  private picked(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.status = { kind: 'uploading', file: file.name, pct: 0 };
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/import?name=${encodeURIComponent(file.name)}`);
    xhr.upload.onprogress = (p) => {
      if (p.lengthComputable) this.status = { kind: 'uploading', file: file.name, pct: Math.round((100 * p.loaded) / p.total) };
    };
    xhr.onload = () => {
      let body: Partial<ImportReply & ErrorBody> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {}
      if (xhr.status === 200) {
        const skipped = body.errors ? `, ${body.errors} skipped (${body.problems?.[0] ?? ''})` : '';
        this.status = { kind: 'done', text: `${file.name}: ${body.records} imported${skipped}` };
      } else {
        this.status = { kind: 'failed', text: `${file.name}: ${body.message ?? `HTTP ${xhr.status}`}` };
      }
    };
    xhr.onerror = () => (this.status = { kind: 'failed', text: `${file.name}: the upload failed (is the server up?)` });
    xhr.send(file);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-import': RbImport;
  }
}
