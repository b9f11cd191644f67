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
    this.observer = new ResizeObserver(() => {
      const w = (el as HTMLElement).clientWidth;
      const h = (el as HTMLElement).clientHeight;
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
