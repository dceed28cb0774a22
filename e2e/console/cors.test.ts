// Black box, in Chromium: a page on another origin calls `stepwise serve --auth --cors-origin ORIGIN` with
// SigV4-signed fetch requests, as a browser SDK client does. A listed origin's preflight passes and its page
// reads the answer and x-amzn-RequestId; an unlisted origin's page is kept out by the browser; a server
// without --cors-origin lets no page in.

import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Browser, Page } from 'playwright-core';
import { Sha256Checksum } from 'stepwise/testing';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { launchChromium } from './browser.ts';

const key = { accessKeyId: 'AKIDBROWSER', secretAccessKey: 'browser-secret-01', account: '123456789012' };
const dir = mkdtempSync(join(tmpdir(), 'stepwise-cors-'));
let browser: Browser;
let pages: Server;
let pagesOrigin = '';
let api: ServerProcess;
let closed: ServerProcess;

before(async () => {
  const keys = join(dir, 'keys.json');
  writeFileSync(keys, JSON.stringify([{ ...key, readOnly: false }]));
  chmodSync(keys, 0o600);
  // The page's own origin: a plain page served from another port of loopback.
  pages = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html>'));
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  pagesOrigin = `http://127.0.0.1:${String((pages.address() as AddressInfo).port)}`;
  api = await startServer(['--auth', keys, '--cors-origin', 'https://other.example', '--cors-origin', pagesOrigin]);
  closed = await startServer(['--auth', keys]);
  browser = await launchChromium();
});

after(async () => {
  await browser.close();
  assert.equal(await api.stop(), 0);
  assert.equal(await closed.stop(), 0);
  await new Promise((resolve) => pages.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** The headers an SDK sends for ListStateMachines, signed for `url`. */
async function signedHeaders(url: string, body: string): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({ credentials: key, region: 'us-east-1', service: 'states', sha256: Sha256Checksum });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: target.hostname,
    port: Number(target.port),
    path: '/',
    headers: {
      host: target.host,
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'AWSStepFunctions.ListStateMachines',
      'amz-sdk-invocation-id': '5e1a2a8f-0c3c-4d0c-9c55-2f3a6f3f2b11',
    },
    body,
  });
  // The browser sets Host itself (it may not be given); it is the same value that was signed.
  return Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
}

interface PageAnswer {
  ok: boolean;
  status?: number;
  requestId?: string | null;
  body?: string;
  error?: string;
}

/** fetch() run inside the page, so the browser applies CORS as it would to an SDK's call. */
async function callFromPage(page: Page, url: string): Promise<PageAnswer> {
  const body = '{}';
  const headers = await signedHeaders(url, body);
  return page.evaluate(
    async ({ url, headers, body }) => {
      try {
        const response = await fetch(url, { method: 'POST', headers, body });
        return {
          ok: true,
          status: response.status,
          requestId: response.headers.get('x-amzn-requestid'),
          body: await response.text(),
        };
      } catch (error) {
        return { ok: false, error: String(error) };
      }
    },
    { url, headers, body },
  );
}

describe('CORS for browser SDK clients', () => {
  it('a listed origin calls the API signed, reading the answer and x-amzn-RequestId', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${pagesOrigin}/`);
      const answer = await callFromPage(page, api.url);
      assert.equal(answer.ok, true, answer.error);
      assert.equal(answer.status, 200, answer.body);
      assert.deepEqual(JSON.parse(answer.body ?? ''), { stateMachines: [] });
      assert.match(answer.requestId ?? '', /^[0-9a-f-]{36}$/);
    } finally {
      await page.close();
    }
  });

  it('the preflight names the allowed headers; one outside the SDK set is refused', async () => {
    const preflight = (headers: string) =>
      fetch(api.url, {
        method: 'OPTIONS',
        headers: {
          origin: pagesOrigin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': headers,
        },
      });
    const good = await preflight('authorization,content-type,x-amz-date,x-amz-target,amz-sdk-request');
    assert.equal(good.status, 204);
    assert.equal(good.headers.get('access-control-allow-origin'), pagesOrigin);
    assert.equal(
      good.headers.get('access-control-allow-headers'),
      'authorization, content-type, x-amz-date, x-amz-target, amz-sdk-request',
    );
    assert.match(good.headers.get('access-control-allow-methods') ?? '', /POST/);
    const bad = await preflight('authorization,x-evil');
    assert.equal(bad.status, 403);
    assert.equal(bad.headers.get('access-control-allow-origin'), null);
  });

  it('an unlisted origin, and any origin without --cors-origin, is kept out by the browser', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${pagesOrigin}/`);
      const refused = await callFromPage(page, closed.url);
      assert.equal(refused.ok, false);
      assert.match(refused.error ?? '', /Failed to fetch/);
    } finally {
      await page.close();
    }
    const stranger = await fetch(api.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'POST' },
    });
    assert.equal(stranger.headers.get('access-control-allow-origin'), null);
  });
});
