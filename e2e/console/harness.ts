// One real `stepwise serve` with the built console, an AWS SDK client and a Chromium page on it, and
// screenshots saved under artifacts/console/ (CI keeps that folder).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Browser, Page } from 'playwright-core';
import { startServer, type ServerOptions, type ServerProcess } from '../api/server-process.ts';
import { launchChromium } from './browser.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const consoleDir = join(root, 'packages/console');
export const functionsDir = fileURLToPath(new URL('./functions/', import.meta.url));
export const artifacts = join(root, 'artifacts/console');
export const roleArn = 'arn:aws:iam::123456789012:role/console-e2e';

export interface ConsoleHarness {
  server: ServerProcess;
  sfn: SFNClient;
  browser: Browser;
  page: Page;
  /** Saves a screenshot as artifacts/console/NAME.png: the whole page, or only the window (a dialog). */
  shot(name: string, options?: { fullPage?: boolean }): Promise<void>;
  close(): Promise<number | null>;
}

/** `npm install` builds the console; a test run after editing its sources rebuilds it first. */
export function ensureConsoleBuilt(): void {
  const index = join(consoleDir, 'dist/index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = [join(consoleDir, 'src'), join(root, 'packages/core/src'), join(consoleDir, 'index.html')];
  if (built > 0 && sources.every((source) => newest(source) <= built)) return;
  const result = spawnSync('npm', ['run', 'build', '--workspace', 'packages/console'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the console build failed:\n${result.stdout}${result.stderr}`);
}

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** `serveArgs`: more `stepwise serve` options (e.g. `--time-scale 0`); `options.dataDir`: reopen that data. */
export async function openConsole(
  serveArgs: readonly string[] = [],
  options: ServerOptions = {},
): Promise<ConsoleHarness> {
  ensureConsoleBuilt();
  mkdirSync(artifacts, { recursive: true });
  const server = await startServer(['--functions', functionsDir, ...serveArgs], options);
  const sfn = new SFNClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' },
    maxAttempts: 1,
  });
  // Chromium may be missing or fail to start: the server must not outlive this call then, or the test
  // runner waits on it forever.
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    return await withPage(server, sfn, browser);
  } catch (error) {
    await browser?.close();
    sfn.destroy();
    await server.stop();
    throw error;
  }
}

async function withPage(server: ServerProcess, sfn: SFNClient, browser: Browser): Promise<ConsoleHarness> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  // The page may load nothing but the server's own files and API.
  page.on('request', (request) => {
    if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) {
      problems.push(`request outside the server: ${request.url()}`);
    }
  });
  return {
    server,
    sfn,
    browser,
    page,
    shot: async (name, options) => {
      // The top bar is sticky: from the top of the page, a full-page picture shows it where it belongs.
      await page.evaluate(() => {
        scrollTo(0, 0);
      });
      await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: options?.fullPage ?? true });
    },
    close: async () => {
      // The server stops even when the browser fails to close, so no failed test leaves it running.
      let code: number | null;
      try {
        await browser.close();
      } finally {
        sfn.destroy();
        code = await server.stop();
      }
      if (problems.length > 0) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
      return code;
    },
  };
}
