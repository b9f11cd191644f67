/**
 * Env management in one dialog: download as JSON, fork (copy) under a new name,
 * rename, and delete (asked again before it happens). Every change goes through
 * the HTTP API, so every viewer sees it; `rb-env-changed` tells the app what
 * happened so it can follow the env to its new name.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../styles.js';

export interface EnvChange {
  action: 'rename' | 'fork' | 'delete';
  env: string;
  to: string | null;
}

type Step = 'menu' | 'rename' | 'fork' | 'delete';

@customElement('rb-env-dialog')
export class RbEnvDialog extends LitElement {
  static override styles = [
    theme,
    css`
      dialog {
        background: var(--panel); color: var(--text); border: 1px solid var(--border); border-radius: 8px;
        padding: 16px 18px; min-width: 340px; max-width: 440px; box-shadow: 0 12px 40px rgba(0, 0, 0, 0.5);
      }
      dialog::backdrop { background: rgba(0, 0, 0, 0.5); }
      h3 { margin: 0 0 12px; font-size: 14px; font-weight: 600; overflow-wrap: anywhere; }
      h3 small { display: block; color: var(--muted); font-weight: 400; }
      .actions { display: grid; gap: 6px; }
      .actions button, .actions a { text-align: left; padding: 6px 10px; }
      .actions a { display: block; text-decoration: none; color: var(--text); background: var(--panel-2); border: 1px solid var(--border); border-radius: 4px; }
      .actions a:hover { border-color: var(--accent); }
      .danger { color: var(--danger); }
      button.danger:hover { border-color: var(--danger); }
      input[type='text'] { width: 100%; box-sizing: border-box; padding: 5px 8px; margin: 4px 0 2px; }
      .row { display: flex; justify-content: flex-end; gap: 8px; margin-top: 14px; }
      .row button { padding: 4px 12px; }
      .primary { background: var(--pressed); border-color: var(--accent); }
      .error { color: var(--danger); margin-top: 8px; }
      p { margin: 0 0 6px; color: var(--muted); }
    `,
  ];

  /** The env acted on; null closes the dialog. */
  @property({ attribute: false }) env: string | null = null;
  @state() private step: Step = 'menu';
  @state() private name = '';
  @state() private error = '';
  @state() private busy = false;

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('env')) {
      this.step = 'menu';
      this.error = '';
      this.busy = false;
    }
  }

  protected override updated(changed: Map<string, unknown>): void {
    const dlg = this.renderRoot.querySelector('dialog');
    if (!dlg) return;
    if (this.env !== null && !dlg.open) dlg.showModal();
    if (this.env === null && dlg.open) dlg.close();
    if (changed.has('step')) this.renderRoot.querySelector<HTMLInputElement>('input[type="text"]')?.select();
  }

  override render() {
    const env = this.env ?? '';
    return html`<dialog @close=${this.onClosed} @cancel=${this.onClosed}>
      <h3><small>env</small>${env}</h3>
      ${this.env === null ? nothing : this.renderStep(env)}
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
    </dialog>`;
  }

  private renderStep(env: string) {
    const e = encodeURIComponent(env);
    switch (this.step) {
      case 'menu':
        return html`<div class="actions">
            <a class="download" href=${`/api/env/${e}/export`} download=${`${env}.runboard.json`}>Download as JSON (every point)</a>
            <a class="download-visdom" href=${`/api/env/${e}/visdom.json`} download=${`${env}.json`}>Download as a Visdom env file</a>
            <button class="fork" @click=${() => this.go('fork', `${env}_copy`)}>Fork (copy) to a new env…</button>
            <button class="rename" @click=${() => this.go('rename', env)}>Rename…</button>
            <button class="delete danger" @click=${() => this.go('delete', '')}>Delete…</button>
          </div>
          <div class="row"><button class="cancel" @click=${this.dismiss}>Close</button></div>`;
      case 'rename':
      case 'fork':
        return html`<form @submit=${this.submit}>
          <p>${this.step === 'rename' ? 'New name for this env:' : 'Name of the copy:'}</p>
          <input type="text" name="to" aria-label="new env name" .value=${this.name} @input=${(ev: Event) => (this.name = (ev.target as HTMLInputElement).value)} />
          <div class="row">
            <button type="button" class="cancel" @click=${this.dismiss}>Cancel</button>
            <button type="submit" class="primary confirm" ?disabled=${this.busy || this.name.trim() === ''}>${this.step === 'rename' ? 'Rename' : 'Fork'}</button>
          </div>
        </form>`;
      case 'delete':
        return html`<p>Delete <b>${env}</b> with all its windows and points, for every viewer? This cannot be undone.</p>
          <div class="row">
            <button class="cancel" @click=${this.dismiss}>Cancel</button>
            <button class="danger confirm" ?disabled=${this.busy} @click=${this.submit}>Delete</button>
          </div>`;
    }
  }

  private go(step: Step, name: string): void {
    this.step = step;
    this.name = name;
    this.error = '';
  }

  private readonly submit = async (ev: Event): Promise<void> => {
    ev.preventDefault();
    const env = this.env;
    if (env === null || this.busy || this.step === 'menu') return;
    const action = this.step;
    const to = action === 'delete' ? null : this.name.trim();
    const base = `/api/env/${encodeURIComponent(env)}`;
    this.busy = true;
    try {
      const res =
        action === 'delete'
          ? await fetch(base, { method: 'DELETE' })
          : await fetch(`${base}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to }) });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { message?: string } | null;
        this.error = body?.message ?? `${action} failed (${res.status})`;
        return;
      }
      this.dispatchEvent(new CustomEvent<EnvChange>('rb-env-changed', { detail: { action, env, to }, bubbles: true, composed: true }));
      this.dismiss();
    } catch (e) {
      this.error = `${action} failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      this.busy = false;
    }
  };

  private readonly dismiss = (): void => {
    this.dispatchEvent(new CustomEvent('rb-env-dialog-close', { bubbles: true, composed: true }));
  };

  private readonly onClosed = (): void => {
    if (this.env !== null) this.dismiss();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-env-dialog': RbEnvDialog;
  }
}
