/** Saves a chart canvas as a PNG, on the pane's background color (the canvas itself is transparent). */
export function downloadPng(src: HTMLCanvasElement, background: string, filename: string): void {
  const c = document.createElement('canvas');
  c.width = src.width;
  c.height = src.height;
  const g = c.getContext('2d')!;
  g.fillStyle = background;
  g.fillRect(0, 0, c.width, c.height);
  g.drawImage(src, 0, 0);
  const a = document.createElement('a');
  a.href = c.toDataURL('image/png');
  a.download = filename;
  a.click();
}
