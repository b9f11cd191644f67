/**
 * The replay timeline under the pane grid: play/pause, speed, "skip idle gaps",
 * and a scrubber over a sparkline of when data arrived. It drives a ReplayPlayer
 * and re-renders when the player moves; `rb-live` asks the app to leave replay.
 * Keys (outside text fields): space plays/pauses, ←/→ step 1% (with Shift 10%).
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatDuration } from '../plot/options.js';
import { SPEEDS } from '../replay/clock.js';
import type { ReplayPlayer } from '../replay/player.js';
import { theme } from '../styles.js';

@customElement('rb-timeline')
export class RbTimeline extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: flex; align-items: center; gap: 10px; padding: 8px 14px; flex: none;
        border-top: 1px solid var(--border); background: var(--panel);
      }
      .mode { color: var(--warn); font-weight: 600; font-size: 11px; letter-spacing: 0.06em; text-transform: uppercase; }
      .play { width: 30px; height: 26px; font-size: 14px; }
      label { display: inline-flex; align-items: center; gap: 4px; color: var(--muted); white-space: nowrap; }
      input[type='checkbox'] { margin: 0; accent-color: var(--accent); }
      .track { position: relative; flex: 1; height: 30px; min-width: 120px; }
      canvas { position: absolute; inset: 0; width: 100%; height: 100%; border-radius: 3px; background: var(--panel-2); }
      input[type='range'] {
        position: absolute; inset: 0; width: 100%; height: 100%; margin: 0; background: transparent;
        -webkit-appearance: none; appearance: none; cursor: pointer;
      }
      input[type='range']::-webkit-slider-runnable-track { height: 100%; background: transparent; }
      input[type='range']::-webkit-slider-thumb {
        -webkit-appearance: none; width: 3px; height: 30px; background: var(--warn); box-shadow: 0 0 4px var(--warn);
      }
      .when { font-variant-numeric: tabular-nums; white-space: nowrap; min-width: 15em; text-align: right; }
      .when small { color: var(--muted); }
      .err { color: var(--danger); }
    `,
  ];

  @property({ attribute: false }) player!: ReplayPlayer;
  private unsubscribe: (() => void) | null = null;
  private drawnFor: unknown = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = this.player.subscribe(() => this.requestUpdate());
    addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    removeEventListener('keydown', this.onKey);
  }

  private readonly onKey = (e: KeyboardEvent): void => {
    const c = this.player.clock;
    const target = e.composedPath()[0];
    if (!c || e.ctrlKey || e.metaKey || e.altKey) return;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName))) return;
    if (e.key === ' ') {
      e.preventDefault();
      if (c.playing) this.player.pause();
      else this.player.play();
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      const step = ((c.end - c.start) * (e.shiftKey ? 0.1 : 0.01)) * (e.key === 'ArrowLeft' ? -1 : 1);
      this.player.pause();
      this.player.seek(c.position + step);
    }
  };

  override render() {
    const c = this.player.clock;
    if (!c) return html`<span class="mode">replay</span><span class="when">loading the timeline…</span>`;
    const empty = this.player.activity?.start === null;
    return html`
      <span class="mode">replay</span>
      <button class="play" title=${c.playing ? 'Pause' : 'Play'} aria-label=${c.playing ? 'pause' : 'play'} ?disabled=${empty}
        @click=${() => (c.playing ? this.player.pause() : this.player.play())}>${c.playing ? '❚❚' : '▶'}</button>
      <select title="Replay speed" aria-label="speed" .value=${String(c.speed)} @change=${(e: Event) => this.player.setSpeed(Number((e.target as HTMLSelectElement).value))}>
        ${SPEEDS.map((s) => html`<option value=${s} ?selected=${s === c.speed}>${s}×</option>`)}
      </select>
      <label title="Jump over stretches where nothing arrived">
        <input type="checkbox" class="skip" .checked=${c.skipIdle} @change=${(e: Event) => this.player.setSkipIdle((e.target as HTMLInputElement).checked)} />skip idle gaps
      </label>
      <div class="track">
        <canvas></canvas>
        <input type="range" class="scrub" aria-label="moment" min=${c.start} max=${c.end} step="1" .value=${String(c.position)}
          ?disabled=${empty} @input=${this.onScrub} />
      </div>
      <span class="when">
        ${this.player.error ? html`<span class="err">${this.player.error}</span>` : ''}
        ${empty ? 'no data yet' : html`${new Date(c.position).toLocaleString()} <small>+${formatDuration((c.position - c.start) / 1000)}</small>`}
      </span>
      <button class="live" title="Leave replay and follow the live data" @click=${this.onLive}>● live</button>
    `;
  }

  protected override updated(): void {
    this.drawSparkline();
  }

  private onScrub(e: Event): void {
    this.player.pause();
    this.player.seek(Number((e.target as HTMLInputElement).value));
  }

  private onLive(): void {
    this.dispatchEvent(new CustomEvent('rb-live', { bubbles: true, composed: true }));
  }

  /** Arrivals per slice (log scaled, so one burst does not flatten the rest), the part already played brighter. */
  private drawSparkline(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    const a = this.player.activity;
    const c = this.player.clock;
    if (!canvas || !a || !c) return;
    const w = Math.round(canvas.clientWidth * devicePixelRatio);
    const h = Math.round(canvas.clientHeight * devicePixelRatio);
    const key = `${w}x${h}/${a.counts.length}/${a.end}/${c.position}`;
    if (key === this.drawnFor || w === 0) return;
    this.drawnFor = key;
    canvas.width = w;
    canvas.height = h;
    const g = canvas.getContext('2d')!;
    const max = Math.log1p(Math.max(1, ...a.counts));
    const span = Math.max(1, c.end - c.start);
    const played = ((c.position - c.start) / span) * w;
    const bw = w / Math.max(1, a.counts.length);
    a.counts.forEach((n, i) => {
      if (n === 0) return;
      const bh = Math.max(2, (Math.log1p(n) / max) * (h - 4));
      const x = i * bw;
      g.fillStyle = x <= played ? 'rgba(91,156,246,0.85)' : 'rgba(139,149,163,0.45)';
      g.fillRect(x, h - bh, Math.max(1, bw - 0.5), bh);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-timeline': RbTimeline;
  }
}
