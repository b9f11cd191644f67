/** Helpers for the Visdom wire tests: fixtures as the Python client sends them, posted verbatim with no Content-Type. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { eventually } from './browser.js';
import { post, type JsonResponse } from './helpers.js';

const DIR = join(import.meta.dirname, 'fixtures', 'visdom');

/** A request body exactly as the client sends it (json.dumps text, NaN tokens and all). */
export function fixture(name: string): string {
  return readFileSync(join(DIR, `${name}.json`), 'utf8');
}

/** POSTs to a Visdom endpoint like requests.Session().post(url, data=json.dumps(msg)) does: no Content-Type. */
export function send(base: string, endpoint: string, body: string | object): Promise<JsonResponse> {
  return post(`${base}/${endpoint}`, typeof body === 'string' ? body : JSON.stringify(body));
}

/** POSTs a fixture and returns the response text (what the client returns to the trainer). */
export async function sendFixture(base: string, endpoint: string, name: string): Promise<string> {
  return (await send(base, endpoint, fixture(name))).text;
}

/** `get_window_data(win, env)` parsed, as a Visdom user would json.loads it. */
export async function winData(base: string, win: string | null, eid = 'main'): Promise<any> {
  const res = await send(base, 'win_data', { win, eid });
  if (res.status !== 200) throw new Error(`win_data ${win}: ${res.status} ${res.text}`);
  return JSON.parse(res.text);
}

/** A trainer's `/vis_socket`, past the alive handshake: every later frame, parsed, as it arrives. */
export async function trainerFrames(wsUrl: string): Promise<any[]> {
  const ws = new WebSocket(`${wsUrl}/vis_socket`);
  onTestFinished(() => ws.close());
  const frames: any[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  await eventually(() => frames.length).toBe(1);
  frames.shift();
  return frames;
}
