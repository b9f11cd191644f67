/** Per-pane downloads. */

/** Saves a canvas as PNG on a solid background (a chart canvas is transparent). */
export function downloadPng(canvas: HTMLCanvasElement, filename: string, background: string): void {
  const c = document.createElement('canvas');
  c.width = canvas.width;
  c.height = canvas.height;
  const g = c.getContext('2d')!;
  g.fillStyle = background;
  g.fillRect(0, 0, c.width, c.height);
  g.drawImage(canvas, 0, 0);
  const a = document.createElement('a');
  a.href = c.toDataURL('image/png');
  a.download = filename;
  a.click();
}

/** Every point of a window as CSV, straight from the server. */
export function csvUrl(env: string, win: string): string {
  return `/api/env/${encodeURIComponent(env)}/win/${encodeURIComponent(win)}/data?format=csv`;
}
