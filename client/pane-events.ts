/**
 * Events from panes to trainers, as Visdom's UI sends them: `KeyPress` when a key is
 * released in a focused text or image pane, `Click` on an image with the clicked
 * pixel. Posted to the server, which forwards them to the env's `/vis_socket` clients.
 */
import type { PaneEventBody } from '../protocol/index.js';

export async function sendPaneEvent(env: string, win: string, body: PaneEventBody): Promise<void> {
  const url = `/api/env/${encodeURIComponent(env)}/win/${encodeURIComponent(win)}/event`;
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) console.warn(`${body.event_type} event for ${win} failed: ${res.status}`);
}

/** A keyup as Visdom's KeyPress event; modifier keys alone send nothing. */
export function keyPress(e: KeyboardEvent): PaneEventBody | null {
  if (['Shift', 'Control', 'Alt', 'Meta', 'CapsLock'].includes(e.key) || e.key.length > 32) return null;
  return { event_type: 'KeyPress', key: e.key, key_code: e.keyCode };
}

/** The image pixel under a click, for an <img> drawn with object-fit: contain; null outside the image. */
export function imagePixel(img: HTMLImageElement, clientX: number, clientY: number): { x: number; y: number } | null {
  const r = img.getBoundingClientRect();
  const nw = img.naturalWidth;
  const nh = img.naturalHeight;
  if (!nw || !nh || !r.width || !r.height) return null;
  const scale = Math.min(r.width / nw, r.height / nh);
  const left = r.left + (r.width - nw * scale) / 2;
  const top = r.top + (r.height - nh * scale) / 2;
  const x = Math.floor((clientX - left) / scale);
  const y = Math.floor((clientY - top) / scale);
  return x >= 0 && y >= 0 && x < nw && y < nh ? { x, y } : null;
}
