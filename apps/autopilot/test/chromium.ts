import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Names Debian and others give the Chromium binary. */
const NAMES = ['chromium', 'chromium-browser'];

/** The Chromium on PATH (`npm test` installs Debian's `chromium` when it is missing), or null. */
export function findChromium(path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(':').filter(Boolean))
    for (const name of NAMES) if (existsSync(join(dir, name))) return join(dir, name);
  return null;
}

/** Whether `npm test` found it could not install Chromium here (no root, no apt): then the browser tests skip. */
export const BROWSER_TESTS_UNAVAILABLE = process.env.DALIO_BROWSER_TESTS === 'unavailable';

/** Launch headless Chromium; a missing binary fails with the way to install it. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error(
      'chromium is not on PATH: install it with `apt-get install -y chromium` (npm test does this)',
    );
  return chromium.launch({
    executablePath,
    headless: true,
    // Root in a container has no user namespace for the sandbox; the pages are our own dashboard.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}
