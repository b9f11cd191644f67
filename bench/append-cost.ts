/**
 * Cost of a one-point append when the window already holds 1k, 100k and 1M points:
 * through the write path (Ingest → store, one transaction each) and over HTTP.
 * Windows are filled with batched appends, then single appends are timed round
 * robin across the windows so machine noise hits all sizes alike.
 */
import { figure, KeepAliveClient, now, quantile, startBenchServer, printContext } from './common.js';

printContext('append-cost');

const SIZES = [1_000, 100_000, 1_000_000];
const ROUNDS = 40;
const PER_ROUND = 100;

const srv = await startBenchServer();
const client = new KeepAliveClient(srv.url);
try {
  const win = (size: number) => `w${size}`;
  for (const size of SIZES) {
    await srv.ingest.series({ env: 'bench', win: win(size), mode: 'create', type: 'line', traces: [{ name: 'loss', x: null, y: new Float64Array(0) }] });
    for (let done = 0; done < size; done += 100_000) {
      const y = new Float64Array(Math.min(100_000, size - done)).map((_, i) => Math.sin((done + i) / 1000));
      await srv.ingest.series({ env: 'bench', win: win(size), mode: 'append', type: 'line', traces: [{ name: 'loss', x: null, y }] });
    }
  }
  const one = new Float64Array([0.5]);
  const direct = new Map(SIZES.map((s) => [s, [] as number[]]));
  const http = new Map(SIZES.map((s) => [s, [] as number[]]));
  const bodies = new Map(SIZES.map((s) => [s, JSON.stringify({ win: win(s), Y: [0.5], update: 'append' })]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const size of SIZES) {
      const samples = direct.get(size)!;
      for (let i = 0; i < PER_ROUND; i++) {
        const t0 = now();
        await srv.ingest.series({ env: 'bench', win: win(size), mode: 'append', type: 'line', traces: [{ name: 'loss', x: null, y: one }] });
        samples.push(now() - t0);
      }
      const hs = http.get(size)!;
      for (let i = 0; i < PER_ROUND; i++) {
        const t0 = now();
        await client.postOk('/api/env/bench/line', bodies.get(size)!);
        hs.push(now() - t0);
      }
    }
  }
  const med = (m: Map<number, number[]>, s: number) => quantile(m.get(s)!, 0.5) * 1000;
  const mean = (m: Map<number, number[]>, s: number) => (m.get(s)!.reduce((a, b) => a + b, 0) / m.get(s)!.length) * 1000;
  for (const size of SIZES) {
    const label = `append 1 point to a ${size.toLocaleString('en-US')}-point window`;
    figure(`${label} (write path): median`, med(direct, size), 'µs');
    figure(`${label} (write path): mean`, mean(direct, size), 'µs');
    figure(`${label} (HTTP): median`, med(http, size), 'µs');
  }
  const last = SIZES[SIZES.length - 1]!;
  figure('append cost ratio 1M / 1k (write path, median)', med(direct, last) / med(direct, SIZES[0]!), '×', { op: '<=', value: 1.5 });
  figure('append cost ratio 1M / 1k (HTTP, median)', med(http, last) / med(http, SIZES[0]!), '×', { op: '<=', value: 1.5 });
  const n = (await srv.store.traces('bench', win(last)))[0]!.n;
  if (n !== last + 2 * ROUNDS * PER_ROUND) throw new Error(`window holds ${n} points, expected ${last + 2 * ROUNDS * PER_ROUND}`);
} finally {
  client.close();
  await srv.stop();
}
