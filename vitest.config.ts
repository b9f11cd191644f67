import { defineConfig } from 'vitest/config';

/**
 * Suites that only talk to the server (HTTP, sockets, browsers): with RUNBOARD_TEST_PG set
 * (a postgres:// URL) they run a second time on Postgres, each test in a fresh schema
 * (test/backend.ts). Suites that reach into the SQLite file run on SQLite only.
 */
const BACKEND_INDEPENDENT = [
  'store-suite', 'line-api', 'visdom-line', 'visdom-windows', 'visdom-env', 'visdom-real-client', 'replay', 'timestamps',
  'close-undo', 'import-upload', 'socket', 'vis-socket', 'pane-events', 'property-events', 'path-traces', 'ids', 'json',
  'trainer-client', 'durability', 'gan', 'dashboard', 'dashboard-replay', 'plot-drawn', 'text-panes', 'pg-store', 'run-meta',
  'runs-api', 'runs-browser', 'decimate-levels',
].map((name) => `test/${name}.test.ts`);

const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
  globalSetup: ['test/global-setup.ts'],
};

export default defineConfig({
  test: {
    ...shared,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: ['test/pg-store.test.ts'] } },
      ...(process.env.RUNBOARD_TEST_PG
        ? [{ extends: true as const, test: { name: 'postgres', include: BACKEND_INDEPENDENT, env: { RUNBOARD_TEST_BACKEND: 'postgres' } } }]
        : []),
    ],
  },
});
