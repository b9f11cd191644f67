/**
 * The one place the logdir reader meets the write path: decoded values of a batch of
 * event files go through `Ingest` in ONE transaction together with the files' new
 * offsets, so after a crash either both the points and the offset are stored or
 * neither is (no duplicates, no gaps). Scalars become line windows, images
 * image_history windows, text text windows and histograms histogram windows, each
 * window named by its tag.
 */
import type { Ingest } from '../ingest.js';
import type { Store } from '../store/store.js';
import type { TensorboardState } from '../store/tensorboard.js';
import type { Decoded } from './events.js';
import type { Histogram } from './histogram.js';

/** What one read of one event file produced. */
export interface FileBatch {
  env: string;
  /** Absolute path of the event file. */
  path: string;
  /** Offset the next read starts at. */
  offset: number;
  decoded: Decoded;
}

export class LogdirSink {
  constructor(
    private readonly ingest: Ingest,
    private readonly store: Store,
    private readonly state: TensorboardState,
  ) {}

  /** Writes the batches and their offsets in one transaction; returns the number of values written. */
  write(batches: FileBatch[]): number {
    return this.ingest.batch(() => {
      let written = 0;
      for (const b of batches) {
        written += this.writeValues(b.env, b.decoded);
        for (const [tag, plugin] of b.decoded.learned) this.state.setTag(b.env, tag, plugin);
        this.state.setOffset(b.path, b.env, b.offset);
      }
      return written;
    });
  }

  private writeValues(env: string, decoded: Decoded): number {
    let written = decoded.scalarCount;
    for (const v of decoded.others) {
      switch (v.kind) {
        case 'images':
          this.images(env, v.tag, v.images);
          break;
        case 'text':
          this.text(env, v.tag, v.step, v.text);
          break;
        case 'histogram':
          this.histogram(env, v.tag, v.step, v.histogram);
          break;
        case 'skipped':
          continue;
      }
      written++;
    }
    for (const [tag, c] of decoded.scalars) {
      this.ingest.series({
        env,
        win: tag,
        mode: 'append',
        type: 'line',
        opts: { title: tag, xlabel: 'step' },
        traces: [{ name: tag, x: Float64Array.from(c.x), y: Float64Array.from(c.y), t: Float64Array.from(c.t) }],
      });
    }
    return written;
  }

  private images(env: string, tag: string, images: { src: string; caption?: string }[]): void {
    if (!this.store.hasWindow(env, tag)) {
      this.ingest.window({ env, win: tag, type: 'image_history', opts: { title: tag }, items: images });
      return;
    }
    for (const img of images) this.ingest.appendItem(env, tag, img);
  }

  /** Each step's text is added below the previous ones, headed by its step. */
  private text(env: string, tag: string, step: number, text: string): void {
    const html = `<p><b>step ${step}</b></p><pre>${escapeHtml(text)}</pre>`;
    const existing = this.store.window(env, tag, { traces: false, items: false });
    if (existing?.type === 'text' && typeof existing.content === 'string') {
      this.ingest.updateWindow(env, tag, { content: existing.content + html });
    } else {
      this.ingest.window({ env, win: tag, type: 'text', opts: { title: tag }, content: html });
    }
  }

  /** The pane shows the newest step; earlier steps stay in the window's history (the replay slider). */
  private histogram(env: string, tag: string, step: number, h: Histogram): void {
    const opts = { title: tag, numbins: h.x.length, xlabel: `value (step ${step})`, ylabel: 'count' };
    const content = { data: [{ type: 'bar', name: tag, x: h.x, y: h.counts }], layout: {} };
    if (this.store.hasWindow(env, tag)) this.ingest.updateWindow(env, tag, { content, opts });
    else this.ingest.window({ env, win: tag, type: 'histogram', opts, content });
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
