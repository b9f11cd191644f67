/**
 * The README's load balancer (deploy/nginx-runboard.conf, Debian's nginx) in front of
 * three servers sharing a store: writes and the live socket (a WebSocket upgrade)
 * through it, and Visdom polling sessions kept on one server. Runs when nginx is
 * installed and RUNBOARD_TEST_PG is set.
 */
import { expect, it } from 'vitest';
import { hasNginx, startNginx } from '../bench/nginx.js';
import { describePg, receivedExactly, startPeers, upTo, watch } from './cluster-helpers.js';
import { post } from './helpers.js';
import { freePort } from './pg-fixture.js';

describePg('nginx in front of three servers', () => {
  it.runIf(hasNginx())('passes writes and live sockets through, and keeps a polling session on one server', async () => {
    const peers = await startPeers(3);
    const lb = await startNginx(peers.map((p) => Number(new URL(p.url).port)), await freePort());
    try {
      expect((await post(`${lb.url}/api/env/run/line`, { win: 'w', X: [0], Y: [0] })).status).toBe(200);
      const id = (await peers[0]!.store.traces('run', 'w'))[0]!.id;
      const viewer = await watch({ wsUrl: lb.url.replace(/^http/, 'ws') }, ['run']);
      for (let i = 1; i < 100; i++) expect((await post(`${lb.url}/api/env/run/line`, { win: 'w', X: [i], Y: [i], update: 'append' })).status).toBe(200);
      await receivedExactly(viewer.ledger, id, upTo(100));
      // Writes were spread over the servers (least_conn): the viewer's server got some from the others.
      expect(peers.reduce((n, p) => n + p.cluster!.fanout.stats.hints, 0)).toBeGreaterThan(0);
      const sid = JSON.parse((await post(`${lb.url}/vis_socket_wrap`, { message_type: 'init' })).text).sid;
      for (let i = 0; i < 5; i++) expect(JSON.parse((await post(`${lb.url}/vis_socket_wrap`, { message_type: 'query', sid })).text).success).toBe(true);
    } finally {
      await lb.stop();
    }
  });
});
