/** Shared colors and small pieces of style, as CSS custom properties on :host. */
import { css } from 'lit';

export const theme = css`
  :host {
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
  button[aria-pressed='true'] { background: #243247; border-color: var(--accent); }
  select, input[type='text'], input[type='search'] {
    background: var(--panel-2);
    border: 1px solid var(--border);
    border-radius: 4px;
    padding: 2px 6px;
  }
  a { color: var(--accent); }
`;
