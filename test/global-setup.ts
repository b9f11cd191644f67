/** Builds the dashboard once before the tests, so browser tests always load a fresh bundle; says whether Postgres runs. */
import { buildClient } from '../scripts/build-client.js';

export default async function setup(): Promise<void> {
  // Once per run (vitest may load this module for the root and for each project).
  if (!process.env.RUNBOARD_TESTS_ANNOUNCED) {
    process.env.RUNBOARD_TESTS_ANNOUNCED = '1';
    console.log(
      process.env.RUNBOARD_TEST_PG
        ? 'runboard tests: SQLite, and the backend-independent suites again on Postgres (RUNBOARD_TEST_PG)'
        : 'runboard tests: SQLite only; Postgres skipped (set RUNBOARD_TEST_PG=postgres://user@host:port/db to run the store suites on Postgres too)',
    );
  }
  await buildClient();
}
