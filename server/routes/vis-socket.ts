/**
 * `/vis_socket` and `/vis_socket_wrap`: the Python client's event channel. On connect
 * the socket sends Visdom's alive handshake (without it the client stalls ~6 s at
 * start-up and logs errors forever); after that it forwards window closes. The
 * polling variant (`use_polling=True`) answers init/query/send as Visdom does.
 */
import type { FastifyInstance } from 'fastify';
import { requireWrite } from '../auth.js';
import type { WebSocket } from 'ws';
import { visSocketWrapBodySchema, type VisSocketWrapBody } from '../../protocol/index.js';
import type { VisSources } from '../visdom/sources.js';

export interface VisSocketDeps {
  sources: VisSources;
  /** Most trainer sockets, and most polling sessions, at once; more are refused. */
  maxSockets?: number;
}

/** A trainer that stops reading its socket is skipped past this many unsent bytes (events are small and rare). */
const MAX_BUFFERED = 1024 * 1024;
/** WebSocket close code for a frame the sender may not send. */
const POLICY_VIOLATION = 1008;

export async function visSocketRoutes(app: FastifyInstance, { sources, maxSockets = 1000 }: VisSocketDeps): Promise<void> {
  app.get('/vis_socket', { websocket: true }, (socket: WebSocket, req) => {
    // Anyone who may read may listen; frames reach running trainers, so sending them is a write.
    const maySend = req.grant === 'write';
    if (sources.socketCount >= maxSockets) {
      socket.close(1013, 'too many connections');
      return;
    }
    const remove = sources.addSocket((frame) => {
      if (socket.readyState === socket.OPEN && socket.bufferedAmount < MAX_BUFFERED) socket.send(frame);
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      if (!maySend) {
        socket.close(POLICY_VIOLATION, 'sending events to trainers needs the write credential');
        return;
      }
      try {
        sources.receive(JSON.parse(data.toString()));
      } catch {
        // Visdom ignores what it cannot parse from a trainer; so do we.
      }
    });
    socket.on('close', remove);
  });

  app.post<{ Body: VisSocketWrapBody }>('/vis_socket_wrap', { schema: { body: visSocketWrapBodySchema }, config: { access: 'read' } }, async (req, reply) => {
    const { message_type: type, sid } = req.body;
    if (type !== 'init' && type !== 'query') requireWrite(req, 'sending events to trainers');
    reply.type('application/json; charset=UTF-8');
    if (type === 'init') {
      if (sources.pollCount >= maxSockets) return JSON.stringify({ success: false, reason: 'too many polling sessions; try again later' });
      return JSON.stringify({ success: true, sid: sources.openPoll() });
    }
    if (typeof sid !== 'string' || !sources.hasPoll(sid)) return JSON.stringify({ success: false, reason: 'closed' });
    if (type === 'query') return JSON.stringify({ success: true, messages: sources.poll(sid) });
    sources.receive(req.body.message);
    return JSON.stringify({ success: true });
  });
}
