/** Sends one op over HTTP and says whether it arrived, should be retried, or was refused for good. */
import type { Op, VisdomBody } from './ops.js';

export type SendResult =
  | { status: 'sent' }
  /** The server could not be reached or failed (network error, timeout, 5xx, 429): try again later. */
  | { status: 'retry'; reason: string }
  /** The server refused the op (4xx): sending it again would not help. */
  | { status: 'refused'; reason: string };

export interface Transport {
  send(op: Op): Promise<SendResult>;
}

export class HttpTransport implements Transport {
  /** Image-history windows this process has seen exist, so each is checked once. */
  private readonly knownHistories = new Set<string>();

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async send(op: Op): Promise<SendResult> {
    switch (op.kind) {
      case 'line':
        return this.post(`/api/env/${encodeURIComponent(op.env)}/line`, op.body);
      case 'events':
        return this.post('/events', op.body);
      case 'update':
        return this.post('/update', op.body);
      case 'history':
        return this.history(op.body);
    }
  }

  private async history(body: VisdomBody): Promise<SendResult> {
    const key = `${body.eid}\u0000${body.win}`;
    if (!this.knownHistories.has(key)) {
      const exists = await this.request('/win_exists', { win: body.win, eid: body.eid });
      if (exists.status !== 'sent') return exists;
      if (exists.text.trim() !== 'true') {
        const created = await this.post('/events', body);
        if (created.status === 'sent') this.knownHistories.add(key);
        return created;
      }
      this.knownHistories.add(key);
    }
    return this.post('/update', body);
  }

  private async post(path: string, body: unknown): Promise<SendResult> {
    const res = await this.request(path, body);
    return res.status === 'sent' ? { status: 'sent' } : res;
  }

  private async request(path: string, body: unknown): Promise<(SendResult & { status: 'retry' | 'refused' }) | { status: 'sent'; text: string }> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      return { status: 'retry', reason: `${path}: ${describe(err)}` };
    }
    if (res.ok) return { status: 'sent', text };
    const reason = `${path}: ${res.status} ${errorMessage(text)}`;
    return res.status >= 500 || res.status === 429 || res.status === 408 ? { status: 'retry', reason } : { status: 'refused', reason };
  }
}

/** The `message` of the server's error body, or the raw text. */
export function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {}
  return text.slice(0, 200);
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? err.message;
  }
  return String(err);
}
