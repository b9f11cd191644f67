/**
 * The server stores and returns hostile strings verbatim, only ever as JSON (or as a
 * CSV download), never as HTML; HTML it serves carries a strict CSP.
 */
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../server/security.js';
import { XSS_IDS, XSS_PAYLOADS } from './fixtures/xss.js';
import { SocketClient, startServer } from './helpers.js';

const enc = encodeURIComponent;

async function fetchJson(url: string) {
  const res = await fetch(url);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  return { status: res.status, body: (await res.json()) as any };
}

describe('hostile strings', () => {
  it('are stored and returned verbatim as JSON data in every field, over HTTP and the socket', async () => {
    const srv = await startServer();
    for (const p of XSS_PAYLOADS) {
      const win = XSS_IDS.includes(p) ? p.text : `w${p.id}`;
      const body = { win, X: [1], Y: [[1, 2]], opts: { title: p.text, xlabel: p.text, ylabel: p.text, legend: [p.text.slice(0, 200).replace(/[\u0000-\u001f]/g, ''), 'b'] } };
      const res = await fetch(`${srv.url}/api/env/xss/line`, { method: 'POST', body: JSON.stringify(body) });
      expect(res.status, p.kind).toBe(200);
      expect(((await res.json()) as { win: string }).win).toBe(win);
    }
    for (const p of XSS_IDS) {
      const res = await fetch(`${srv.url}/api/env/${enc(p.text)}/line`, { method: 'POST', body: JSON.stringify({ win: 'w', Y: [1] }) });
      expect(res.status, p.kind).toBe(200);
    }

    const envs = (await fetchJson(`${srv.url}/api/envs`)).body.envs.map((e: { id: string }) => e.id);
    for (const p of XSS_IDS) expect(envs).toContain(p.text);
    const { body: env } = await fetchJson(`${srv.url}/api/env/xss`);
    for (const p of XSS_PAYLOADS) {
      const win = env.windows.find((w: { opts: { title: string } }) => w.opts.title === p.text);
      expect(win, p.kind).toBeDefined();
      expect(win.opts.xlabel).toBe(p.text);
      const data = await fetchJson(`${srv.url}/api/env/xss/win/${enc(win.id)}/data?format=json`);
      expect(data.body.win).toBe(win.id);
    }
    // Errors echo ids as JSON strings too.
    const missing = await fetchJson(`${srv.url}/api/env/xss/win/${enc(XSS_IDS[0]!.text)}x`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toContain(`${XSS_IDS[0]!.text}x`);

    const client = await SocketClient.open(`${srv.wsUrl}/api/ws`);
    const hello = await client.next('hello');
    for (const p of XSS_IDS) expect(hello.envs.map((e) => e.id)).toContain(p.text);
    client.send({ type: 'subscribe', envs: ['xss'] });
    const snap = await client.next('snapshot');
    expect(snap.windows.map((w) => w.opts.title).sort()).toEqual(XSS_PAYLOADS.map((p) => p.text).sort());
  });

  it('come back from the CSV export as an attachment, never inline', async () => {
    const srv = await startServer();
    const p = XSS_IDS[0]!;
    await fetch(`${srv.url}/api/env/xss/line`, { method: 'POST', body: JSON.stringify({ win: p.text, Y: [1], name: p.text }) });
    const res = await fetch(`${srv.url}/api/env/xss/win/${enc(p.text)}/data?format=csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain(p.text.includes('"') ? `"${p.text.replace(/"/g, '""')}"` : p.text);
  });
});

describe('HTML security headers', () => {
  it('give every HTML page the strict Content-Security-Policy', async () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; object-src 'none'; img-src 'self' data: blob:; media-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
        "connect-src 'self' ws: wss:; base-uri 'none'; frame-ancestors 'none'",
    );
    const srv = await startServer();
    for (const path of ['/', '/env/main']) {
      const res = await fetch(`${srv.url}${path}`);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});
