/**
 * The live socket: connects, parses frames into ServerMessages, and reconnects
 * with exponential backoff (with jitter) when the connection drops. It holds no
 * application state: on every (re)connect it calls `onOpen`, where the caller
 * sends its subscribe message with the cursors it holds.
 */
import type { ClientMessage, ServerMessage } from '../protocol/index.js';
import type { ConnectionStatus } from './store.js';

export interface SocketHandlers {
  onOpen(send: (msg: ClientMessage) => void): void;
  onMessage(msg: ServerMessage): void;
  onStatus(status: ConnectionStatus): void;
}

export interface Connection {
  send(msg: ClientMessage): void;
  /** Drops the current socket (it reconnects): used by tests and after sleep. */
  drop(): void;
  close(): void;
}

const MIN_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;

export function connect(url: string, h: SocketHandlers): Connection {
  let ws: WebSocket | null = null;
  let attempt = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const send = (msg: ClientMessage) => {
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  };

  const open = () => {
    timer = null;
    const sock = new WebSocket(url);
    ws = sock;
    sock.onopen = () => {
      attempt = 0;
      h.onStatus('live');
      h.onOpen(send);
    };
    sock.onmessage = (ev) => {
      if (typeof ev.data === 'string') h.onMessage(JSON.parse(ev.data) as ServerMessage);
    };
    sock.onclose = () => {
      if (ws !== sock) return;
      ws = null;
      if (closed) return;
      h.onStatus('reconnecting');
      const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempt++) * (0.75 + Math.random() * 0.5);
      timer = setTimeout(open, delay);
    };
  };
  open();

  return {
    send,
    drop: () => ws?.close(),
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      ws?.close();
    },
  };
}
