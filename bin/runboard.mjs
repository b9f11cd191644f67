#!/usr/bin/env node
/**
 * `npx runboard [options]` (or `runboard` once installed): builds the dashboard bundle,
 * then serves it with the same flags as `npm start -- [options]`. The sources are
 * TypeScript, run through tsx's loader as `npm start` does.
 */
import { register } from 'tsx/esm/api';

register();
const args = process.argv.slice(2);
if (!args.includes('--help')) {
  const { buildClient } = await import('../scripts/build-client.ts');
  await buildClient();
}
await import('../server/main.ts');
