/**
 * Bridges the ClientStore to a Lit element: subscribes while the host is
 * connected and re-renders it only when the selected value changes (compared
 * with ===), so a pane whose window did not change is not touched.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ClientStore } from './store.js';

export class StoreController<T> implements ReactiveController {
  value: T;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly store: () => ClientStore | undefined,
    private readonly select: (store: ClientStore) => T,
  ) {
    host.addController(this);
    const s = store();
    this.value = s ? select(s) : (undefined as T);
  }

  hostConnected(): void {
    const s = this.store();
    if (!s) return;
    this.unsubscribe = s.subscribe(() => this.refresh());
    this.refresh();
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Re-reads the selected value (e.g. after the host's inputs changed). */
  refresh(): void {
    const s = this.store();
    if (!s) return;
    const next = this.select(s);
    if (next === this.value) return;
    this.value = next;
    this.host.requestUpdate();
  }
}
