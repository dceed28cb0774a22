// The console's side of the HTTP server against a stub service: its files (with index.html for its routes and
// no way out of its folder), the API still on POST /, and the live-update stream's events.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { StepFunctionsApi } from '../service/api.ts';
import { ApiError } from '../service/errors.ts';
import { createConsoleHandler } from './console-handler.ts';
import { createApiServer } from './server.ts';

const dist = mkdtempSync(join(tmpdir(), 'stepwise-console-dist-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Stepwise</title>');
writeFileSync(join(dist, 'assets', 'app-1234.js'), 'export {};');

const arn = 'arn:aws:states:us-east-1:123456789012:execution:m:e';
const history = [1, 2, 3].map((id) => ({
  id,
  previousEventId: id - 1,
  timestamp: new Date(1_700_000_000_000),
  type: `E${String(id)}`,
}));
const calls: string[] = [];
const api: StepFunctionsApi = {
  call: (operation, body) => {
    calls.push(operation);
    const request = body as Record<string, unknown>;
    if (operation === 'GetExecutionHistory') {
      if (request.executionArn !== arn)
        return Promise.reject(new ApiError('ExecutionDoesNotExist', 'no such execution'));
      const events = [...history].reverse().slice(0, Number(request.maxResults ?? 1000));
      return Promise.resolve({ events });
    }
    if (operation === 'DescribeExecution') return Promise.resolve({ executionArn: arn, status: 'RUNNING' });
    return Promise.resolve({ operation });
  },
};
const log = pino({ level: 'silent' });
const consoleHandler = createConsoleHandler({
  api,
  log,
  distDir: dist,
  pollMs: 20,
  serverInfo: { waitTimeScale: 0.5 },
});
const server = createApiServer({ api, log, console: consoleHandler });
let url = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});
after(() => {
  consoleHandler.close();
  server.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the console over HTTP', () => {
  it('serves index.html at / and for every console route, with a strict content security policy', async () => {
    for (const path of ['/', `/executions/${arn}?state=A`, '/state-machines/x/edit']) {
      const res = await fetch(url + path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'.*script-src 'self'/);
      assert.match(await res.text(), /<title>Stepwise<\/title>/);
    }
  });

  it('serves built files as immutable, and nothing outside the folder', async () => {
    const res = await fetch(`${url}/assets/app-1234.js`);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(res.headers.get('cache-control') ?? '', /immutable/);
    for (const path of ['/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/%00']) {
      const other = await fetch(url + path);
      assert.match(await other.text(), /<title>Stepwise/, path);
    }
  });

  it("tells the console the server's wait time scale", async () => {
    const res = await fetch(`${url}/console/api/server`);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(await res.json(), { waitTimeScale: 0.5 });
  });

  it('keeps the API on POST /', async () => {
    const res = await fetch(`${url}/`, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    assert.deepEqual(await res.json(), { operation: 'ListStateMachines' });
  });

  it('streams the events after the one given, then the execution, as Server-Sent Events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${url}/console/api/stream?executionArn=${encodeURIComponent(arn)}&after=1`, {
      signal: controller.signal,
    });
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: execution')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value as Uint8Array);
    }
    controller.abort();
    const historyMessage = /id: 3\nevent: history\ndata: (.*)\n/.exec(text);
    assert.ok(historyMessage?.[1] !== undefined, text);
    const sent = JSON.parse(historyMessage[1]) as { events: { id: number; timestamp: number }[] };
    assert.deepEqual(
      sent.events.map((e) => e.id),
      [2, 3],
    );
    assert.equal(sent.events[0]?.timestamp, 1_700_000_000, 'dates as epoch seconds, as the API sends them');
    assert.match(text, /event: execution\ndata: \{"executionArn":.*"status":"RUNNING"\}/);
  });

  it("ends the stream with AWS's error when the execution does not exist", async () => {
    const res = await fetch(`${url}/console/api/stream?executionArn=nope`);
    const text = await res.text();
    assert.match(text, /event: error\ndata: \{"__type":"ExecutionDoesNotExist"/);
  });
});
