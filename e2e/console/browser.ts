// Debian's Chromium driven by playwright-core (no browser download): a headless page for the console tests.

import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from '../prerequisites/system-tools.ts';

export async function launchChromium(): Promise<Browser> {
  const path = chromiumPath(process.env);
  if (!existsSync(path)) {
    throw new Error(`Chromium (${path}) is missing: apt-get install chromium (npm test installs it as root)`);
  }
  return chromium.launch({
    executablePath: path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
