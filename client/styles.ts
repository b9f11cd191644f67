/**
 * Shared colors and small pieces of style. The colours are CSS custom properties
 * set once on the page (PAGE_CSS, by theme: `<html data-theme="light|dark">`);
 * every shadow root inherits them, so a theme change restyles every element.
 */
import { css } from 'lit';

/** The page's colour variables per theme, and the page background. */
export const PAGE_CSS = `
  :root {
    color-scheme: dark;
    --bg: #0f1216;
    --panel: #171b21;
    --panel-2: #1e232b;
    --border: #2a313b;
    --text: #d7dde5;
    --muted: #8b95a3;
    --accent: #5b9cf6;
    --live: #3fb950;
    --warn: #d29922;
    --danger: #f85149;
    --pressed: #243247;
    --selected: #1d2a3b;
    --warn-bg: #3a3020;
    --grid: rgba(154, 164, 178, 0.15);
    --tick: rgba(154, 164, 178, 0.3);
    --zero: rgba(154, 164, 178, 0.45);
  }
  :root[data-theme='light'] {
    color-scheme: light;
    --bg: #f4f6f8;
    --panel: #ffffff;
    --panel-2: #eef1f4;
    --border: #d0d7de;
    --text: #1f2328;
    --muted: #59636e;
    --accent: #0969da;
    --live: #1a7f37;
    --warn: #9a6700;
    --danger: #cf222e;
    --pressed: #ddeafc;
    --selected: #e3eefc;
    --warn-bg: #fff1c2;
    --grid: rgba(89, 99, 110, 0.15);
    --tick: rgba(89, 99, 110, 0.35);
    --zero: rgba(89, 99, 110, 0.5);
  }
  html, body { margin: 0; height: 100%; background: var(--bg); color: var(--text); }
`;

export const theme = css`
  :host {
    color: var(--text);
    font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  }
  button, select, input { font: inherit; color: inherit; }
  button {
    background: var(--panel-2);
    border: 1px solid var(--border);
    border-radius: 4px;
    padding: 1px 6px;
    cursor: pointer;
  }
  button:hover { border-color: var(--accent); }
  button[aria-pressed='true'] { background: var(--pressed); border-color: var(--accent); }
  select, input[type='text'], input[type='search'] {
    background: var(--panel-2);
    border: 1px solid var(--border);
    border-radius: 4px;
    padding: 2px 6px;
  }
  a { color: var(--accent); }
`;
