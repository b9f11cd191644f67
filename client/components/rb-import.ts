/**
 * Import of Visdom history from the browser: pick a saved env (`<env>.json`), runboard's
 * own export or an offline log; it is uploaded to POST /api/import with a progress bar, and
 * the imported windows arrive through the socket like any other write. When the file's env
 * exists, the server refuses (409) and the user chooses: replace it, import under a new
 * name, or cancel.
 */
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ErrorBody, ImportReply } from '../../protocol/index.js';
import { theme } from '../styles.js';

type OnExists = 'replace' | 'rename';
type Status =
  | { kind: 'idle' }
  | { kind: 'uploading'; file: string; pct: number }
  | { kind: 'done' | 'failed'; text: string }
  /** The file's env exists: waiting for the user's choice. */
  | { kind: 'conflict'; file: File; text: string };

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
      .conflict { margin-top: 4px; padding: 4px; border: 1px solid var(--danger); }
      .conflict button { margin: 4px 4px 0 0; }
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
          : s.kind === 'conflict'
            ? html`<div class="conflict" role="alertdialog">
                <div class="status">${s.text}</div>
                <button class="replace" @click=${() => this.upload(s.file, 'replace')}>Replace it</button>
                <button class="rename" @click=${() => this.upload(s.file, 'rename')}>Import under a new name</button>
                <button class="cancel" @click=${() => (this.status = { kind: 'idle' })}>Cancel</button>
              </div>`
            : html`<div class="status ${s.kind}">${s.text}</div>`}
    `;
  }

  private picked(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) this.upload(file);
  }

  private upload(file: File, onExists?: OnExists): void {
    this.status = { kind: 'uploading', file: file.name, pct: 0 };
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/import?name=${encodeURIComponent(file.name)}${onExists ? `&onExists=${onExists}` : ''}`);
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
        const as = body.env && onExists === 'rename' ? ` as ${body.env}` : '';
        this.status = { kind: 'done', text: `${file.name}: ${body.records} imported${as}${skipped}` };
      } else if (xhr.status === 409 && body.code === 'RB_ERR_ENV_EXISTS') {
        this.status = { kind: 'conflict', file, text: `${file.name}: ${body.message?.split(';')[0]}. Replace it, or import it under a new name?` };
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
