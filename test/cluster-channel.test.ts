/**
 * The hint channel's LISTEN connection breaking while it is being opened (Postgres
 * going away between accept and startup) is a failed start, reported to the caller;
 * it once threw from the connection's 'end' handler instead, which ends the process.
 */
import { createServer, type Socket } from 'node:net';
import { expect, it, onTestFinished } from 'vitest';
import { HintChannel } from '../server/cluster/channel.js';

it('reports a LISTEN connection that breaks while opening as a failed start, without an uncaught exception', async () => {
  const sockets = new Set<Socket>();
  // Accepts and hangs up at once: a Postgres that is going away.
  const gone = createServer((s) => {
    sockets.add(s);
    s.destroy();
  });
  await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
  onTestFinished(() => void gone.close());
  const port = (gone.address() as { port: number }).port;
  const uncaught: Error[] = [];
  const onUncaught = (e: Error) => uncaught.push(e);
  process.on('uncaughtException', onUncaught);
  onTestFinished(() => void process.off('uncaughtException', onUncaught));
  const states: boolean[] = [];
  const channel = new HintChannel({
    url: `postgres://nobody@127.0.0.1:${port}/none`,
    channel: 'runboard_test',
    onHint: () => {},
    onListening: async () => {},
    onState: (up) => states.push(up),
  });
  onTestFinished(() => channel.stop());
  await expect(channel.start()).rejects.toThrow(/Connection terminated|ECONNRESET|closed/);
  // Let the connection's late events run: none may throw.
  await new Promise((r) => setTimeout(r, 50));
  expect(uncaught).toEqual([]);
  expect(channel.connected).toBe(false);
  expect(sockets.size).toBeGreaterThan(0);
});
