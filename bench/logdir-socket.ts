/** A lean socket client for bench:logdir: reports the steps (x) of each line point it is sent. */
import WebSocket from 'ws';

export class SocketClient {
  private listener: (steps: number[]) => void = () => {};

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { type: string; traces?: { x: number[] }[]; window?: { data?: { x: number[] }[] } };
      if (m.type === 'append') this.listener(m.traces!.flatMap((t) => t.x));
      else if (m.type === 'window' && m.window?.data) this.listener(m.window.data.flatMap((t) => t.x));
    });
  }

  static async open(url: string): Promise<SocketClient> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
    return new SocketClient(ws);
  }

  onPoints(fn: (steps: number[]) => void): void {
    this.listener = fn;
  }

  send(msg: unknown): void {
    this.ws.send(JSON.stringify(msg));
  }

  close(): void {
    this.ws.close();
  }
}
