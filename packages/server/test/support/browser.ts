import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const INSTALL_HINT = 'install Debian\'s Chromium: apt-get install -y --no-install-recommends chromium';

/** Screenshots of the browser tests: <repo>/test-output/screenshots (gitignored). */
export const SCREENSHOTS = fileURLToPath(new URL('../../../../../test-output/screenshots/', import.meta.url));

/**
 * Why the browser tests cannot run here, or null. Without Chromium they are skipped with the
 * install command, except under CI (CI=true), where a missing browser fails them.
 */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM)) return null;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing and CI is set: ${INSTALL_HINT}`);
  return `${CHROMIUM} is missing; ${INSTALL_HINT}`;
}

/**
 * Debian's Chromium through playwright-core, with the flags this machine's closed network needs;
 * playwright-core gives every launch a fresh, empty profile (it refuses --user-data-dir here).
 */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}
