/** Calls back with an element's content size whenever it changes (a Lit controller around ResizeObserver). */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ResizeController implements ReactiveController {
  private observer: ResizeObserver | null = null;
  private target: Element | null = null;

  constructor(host: ReactiveControllerHost, private readonly onResize: (width: number, height: number) => void) {
    host.addController(this);
  }

  /** Starts watching `el` (stops watching the previous one). */
  observe(el: Element): void {
    if (el === this.target) return;
    this.observer?.disconnect();
    this.target = el;
    // The size from the entry, not from clientWidth: a callback that resized one chart would
    // otherwise make the next callback's read force a layout (a thrash over many panes).
    this.observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]!.contentRect;
      const w = Math.round(box.width);
      const h = Math.round(box.height);
      if (w > 0 && h > 0) this.onResize(w, h);
    });
    this.observer.observe(el);
  }

  hostConnected(): void {
    if (this.target && !this.observer) {
      const el = this.target;
      this.target = null;
      this.observe(el);
    }
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = null;
  }
}
