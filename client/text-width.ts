/** Text widths in CSS px, as a canvas draws them in a given font. */
let ctx: CanvasRenderingContext2D | null = null;

export function textWidth(text: string, font: string): number {
  ctx ??= document.createElement('canvas').getContext('2d')!;
  ctx.font = font;
  return ctx.measureText(text).width;
}
