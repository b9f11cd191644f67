/** A one-line terminal progress bar: step, steps/s, ETA and the latest losses. */
import type { WriteStream } from 'node:tty';

const WIDTH = 24;
/** Redraw at most this often; without a TTY, print a line this often instead. */
const TTY_MS = 100;
const LOG_MS = 5000;

export class Progress {
  private last = 0;
  private readonly tty: boolean;

  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WritableStream = process.stdout,
  ) {
    this.tty = (out as WriteStream).isTTY === true;
  }

  update(step: number, stepsPerSec: number, info: string): void {
    const now = Date.now();
    const done = step >= this.total;
    if (!done && now - this.last < (this.tty ? TTY_MS : LOG_MS)) return;
    this.last = now;
    const filled = Math.round((WIDTH * step) / this.total);
    const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
    const eta = stepsPerSec > 0 ? formatDuration((this.total - step) / stepsPerSec) : '?';
    const line = `${bar} ${step}/${this.total}  ${stepsPerSec.toFixed(1)} steps/s  ETA ${eta}  ${info}`;
    this.out.write(this.tty ? `\r\x1b[K${line}${done ? '\n' : ''}` : `${line}\n`);
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m` : `${m}:${String(s % 60).padStart(2, '0')}`;
}
