/**
 * Image panes: one image with its caption, or (image_history) a slider through
 * every stored image. The newest is shown by default and followed as new ones
 * arrive, unless the user moved the slider back.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../styles.js';

interface Picture {
  src: string;
  caption?: string;
}

/** Only inline images and http(s) URLs are shown. */
const SAFE_SRC = /^(?:data:image\/(?:png|jpeg|gif|webp|bmp);base64,|https?:\/\/|\/)/i;

function pictures(content: unknown, history: boolean): Picture[] {
  const list = history ? (Array.isArray(content) ? content : []) : [content];
  return list.filter((p): p is Picture => !!p && typeof p === 'object' && typeof (p as Picture).src === 'string');
}

@customElement('rb-image')
export class RbImage extends LitElement {
  static override styles = [
    theme,
    css`
      :host { display: flex; flex-direction: column; min-height: 0; }
      .img { flex: 1; min-height: 0; display: flex; align-items: center; justify-content: center; padding: 6px; }
      /* Scaled to the pane both ways: small GAN samples are enlarged with crisp pixels. */
      img { width: 100%; height: 100%; object-fit: contain; image-rendering: pixelated; }
      .caption { text-align: center; color: var(--muted); padding: 2px 8px; }
      .slider { display: flex; align-items: center; gap: 8px; padding: 4px 10px 8px; color: var(--muted); }
      .slider input { flex: 1; accent-color: var(--accent); }
      .none { color: var(--muted); margin: auto; }
    `,
  ];

  @property({ attribute: false }) content: unknown = null;
  @property({ type: Boolean }) history = false;
  /** Index shown; null follows the newest. */
  @state() private index: number | null = null;

  override render() {
    const pics = pictures(this.content, this.history);
    if (pics.length === 0) return html`<div class="none">no image</div>`;
    const i = this.index === null ? pics.length - 1 : Math.min(this.index, pics.length - 1);
    const p = pics[i]!;
    return html`
      <div class="img">${SAFE_SRC.test(p.src) ? html`<img src=${p.src} alt=${p.caption ?? ''} />` : html`<span class="none">unsupported image source</span>`}</div>
      ${p.caption ? html`<div class="caption">${p.caption}</div>` : ''}
      ${this.history
        ? html`<div class="slider">
            <input type="range" min="0" max=${pics.length - 1} .value=${String(i)} @input=${this.onSlide} />
            <span>${i + 1} / ${pics.length}</span>
          </div>`
        : ''}
    `;
  }

  private onSlide(e: Event): void {
    const v = Number((e.target as HTMLInputElement).value);
    const n = pictures(this.content, this.history).length;
    this.index = v >= n - 1 ? null : v;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-image': RbImage;
  }
}
