/** Headless Chromium for browser tests and benchmarks (playwright-core, the system chromium). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface Chromium {
  browser: BrowserContext;
  close(): Promise<void>;
}

/** Launches chromium with a fresh user-data-dir; close() removes it. */
export async function launchChromium(): Promise<Chromium> {
  const dir = mkdtempSync(join(tmpdir(), 'runboard-chromium-'));
  const browser = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1400, height: 900 },
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type { Browser };
