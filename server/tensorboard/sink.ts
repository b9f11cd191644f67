/**
 * The one place the logdir reader meets the write path: decoded values of a batch of
 * event files go through `Ingest` in ONE transaction together with the files' new
 * offsets, so after a crash either both the points and the offset are stored or
 * neither is (no duplicates, no gaps). Scalars become line windows, images
 * image_history windows, text text windows and histograms histogram windows, each
 * window named by its tag.
 */
import type { Ingest } from '../ingest.js';
import type { StoreReader } from '../store/store.js';
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
    private readonly store: StoreReader,
    private readonly state: TensorboardState,
  ) {}

  /** Writes the batches and their offsets in one transaction; returns the number of values written. */
  write(batches: FileBatch[]): Promise<number> {
    return this.ingest.batch(async () => {
      let written = 0;
      for (const b of batches) {
        written += await this.writeValues(b.env, b.decoded);
        for (const [tag, plugin] of b.decoded.learned) this.state.setTag(b.env, tag, plugin);
        this.state.setOffset(b.path, b.env, b.offset);
      }
      return written;
    });
  }

  private async writeValues(env: string, decoded: Decoded): Promise<number> {
    let written = decoded.scalarCount;
    for (const v of decoded.others) {
      switch (v.kind) {
        case 'images':
          await this.images(env, v.tag, v.images);
          break;
        case 'text':
          await this.text(env, v.tag, v.step, v.text);
          break;
        case 'histogram':
          await this.histogram(env, v.tag, v.step, v.histogram);
          break;
        case 'skipped':
          continue;
      }
      written++;
    }
    for (const [tag, c] of decoded.scalars) {
      const [x, y, t] = c.columns();
      await this.ingest.series({
        env,
        win: tag,
        mode: 'append',
        type: 'line',
        opts: { title: tag, xlabel: 'step' },
        traces: [{ name: tag, x, y, t }],
      });
    }
    return written;
  }

  private async images(env: string, tag: string, images: { src: string; caption?: string }[]): Promise<void> {
    if (!(await this.store.hasWindow(env, tag))) {
      await this.ingest.window({ env, win: tag, type: 'image_history', opts: { title: tag }, items: images });
      return;
    }
    for (const img of images) await this.ingest.appendItem(env, tag, img);
  }

  /** Each step's text is added below the previous ones, headed by its step. */
  private async text(env: string, tag: string, step: number, text: string): Promise<void> {
    const html = `<p><b>step ${step}</b></p><pre>${escapeHtml(text)}</pre>`;
    const existing = await this.store.window(env, tag, { traces: false, items: false });
    if (existing?.type === 'text' && typeof existing.content === 'string') {
      await this.ingest.updateWindow(env, tag, { content: existing.content + html });
    } else {
      await this.ingest.window({ env, win: tag, type: 'text', opts: { title: tag }, content: html });
    }
  }

  /** The pane shows the newest step; earlier steps stay in the window's history (the replay slider). */
  private async histogram(env: string, tag: string, step: number, h: Histogram): Promise<void> {
    const opts = { title: tag, numbins: h.x.length, xlabel: `value (step ${step})`, ylabel: 'count' };
    const content = { data: [{ type: 'bar', name: tag, x: h.x, y: h.counts }], layout: {} };
    if (await this.store.hasWindow(env, tag)) await this.ingest.updateWindow(env, tag, { content, opts });
    else await this.ingest.window({ env, win: tag, type: 'histogram', opts, content });
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
