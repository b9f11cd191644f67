/** Headless Chromium for browser tests and benchmarks (playwright-core, the system chromium). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface Chromium {
  browser: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches chromium with a fresh user-data-dir; close() removes it. `bypassCSP` is for
 * benchmarks that inject their own measuring scripts into the page; tests keep the CSP.
 */
export async function launchChromium({ bypassCSP = false }: { bypassCSP?: boolean } = {}): Promise<Chromium> {
  const dir = mkdtempSync(join(tmpdir(), 'runboard-chromium-'));
  const browser = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1400, height: 900 },
    // Playwright emulates a light system by default, and the dashboard follows the system's
    // theme: tests see the dark theme unless they emulate light (test/theme-browser.test.ts).
    colorScheme: 'dark',
    bypassCSP,
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

/**
 * expect.poll with a timeout for a shared, noisy machine: waits for what the page
 * shows, never asserts on how fast it showed it.
 */
export function eventually<T>(fn: () => T | Promise<T>, timeout = 10_000) {
  return expect.poll(fn, { timeout, interval: 50 });
}

/**
 * One Chromium for a test file: launched before its first test, closed after its last.
 * `chromium.browser` is usable inside tests.
 */
export function useChromium(): Chromium {
  let launched: Chromium | undefined;
  beforeAll(async () => {
    launched = await launchChromium();
  });
  afterAll(async () => {
    await launched?.close();
  });
  return {
    get browser() {
      if (!launched) throw new Error('chromium is launched in beforeAll; use it inside a test');
      return launched.browser;
    },
    close: async () => launched?.close(),
  };
}

/** A new page of `chromium` at `url`; `errors` collects the page's uncaught errors. */
export async function openPage(chromium: Chromium, url: string): Promise<import('playwright-core').Page & { errors: string[] }> {
  const page = (await chromium.browser.newPage()) as import('playwright-core').Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(url);
  return page;
}
