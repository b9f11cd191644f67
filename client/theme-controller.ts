/**
 * Lit controller for elements that draw with the theme's colours (canvas and
 * Plotly panes): holds the theme in effect, re-renders the host when it changes,
 * and calls `onChange` so the host can redraw what CSS does not restyle.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { themeSetting, type Theme } from './theme-setting.js';

export class ThemeController implements ReactiveController {
  theme: Theme = themeSetting.theme;
  private off: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onChange: () => void = () => {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.theme = themeSetting.theme;
    this.off = themeSetting.subscribe((t) => {
      this.theme = t;
      this.onChange();
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.off?.();
    this.off = null;
  }
}
