/** Builds the dashboard once before the tests, so browser tests always load a fresh bundle. */
import { buildClient } from '../scripts/build-client.js';

export default async function setup(): Promise<void> {
  await buildClient();
}
