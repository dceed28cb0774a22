// Where the HTTP Task may connect, and what a redirect may carry: two real node:http servers on loopback, on
// different ports (two origins).

import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fetchChecked, isInternalAddress, refusal, type Hop } from './egress.ts';

let origin: Server;
let other: Server;
let originUrl: string;
let otherUrl: string;
const seenByOther: IncomingHttpHeaders[] = [];
const seenByOrigin: { url: string; method: string; headers: IncomingHttpHeaders }[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

before(async () => {
  other = createServer((req, res) => {
    seenByOther.push(req.headers);
    res.end('other');
  });
  otherUrl = await listen(other);
  origin = createServer((req, res) => {
    seenByOrigin.push({ url: req.url ?? '', method: req.method ?? '', headers: req.headers });
    const to = req.url === '/away' ? `${otherUrl}/landed` : req.url === '/here' ? '/landed' : undefined;
    res.writeHead(to === undefined ? 200 : 302, to === undefined ? {} : { location: to });
    res.end('origin');
  });
  originUrl = await listen(origin);
});

after(() => {
  origin.close();
  other.close();
});

function hop(path: string): Hop {
  const headers = new Headers({
    'x-api-key': 'sekrit',
    'x-tenant': 'acme',
    'x-trace': 'kept',
    authorization: 'Basic abc',
  });
  return { url: new URL(path, originUrl), init: { method: 'POST', headers, body: '{}' } };
}

const credentials = new Set(['x-api-key', 'x-tenant']);

describe('HTTP Task egress', () => {
  it('refuses loopback and private addresses unless allowed, and anything outside an allow-list', async () => {
    assert.match(
      (await refusal(new URL('http://127.0.0.1:9/'), { allow: [] })) ?? '',
      /loopback or private .* --http-allow 127\.0\.0\.1/,
    );
    assert.match((await refusal(new URL('http://[::1]/'), { allow: [] })) ?? '', /::1/);
    const resolveTo = (address: string) => ({ allow: [], resolve: () => Promise.resolve([address]) });
    assert.match((await refusal(new URL('http://rebound.example/'), resolveTo('10.1.2.3'))) ?? '', /10\.1\.2\.3/);
    assert.equal(await refusal(new URL('http://api.example/'), resolveTo('93.184.216.34')), undefined);
    assert.equal(await refusal(new URL('http://127.0.0.1:9/'), { allow: ['127.0.0.1'] }), undefined);
    assert.equal(await refusal(new URL('https://a.b.example/'), { allow: ['*.b.example'] }), undefined);
    assert.match(
      (await refusal(new URL('https://b.example.evil/'), { allow: ['*.b.example'] })) ?? '',
      /not in the serve --http-allow list/,
    );
  });

  it('knows the internal ranges', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ]) {
      assert.equal(isInternalAddress(address), true, address);
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])
      assert.equal(isInternalAddress(address), false, address);
  });

  it('drops the connection credentials, Authorization and cookies on a redirect to another origin', async () => {
    const answer = await fetchChecked(hop('/away'), credentials, { allow: ['127.0.0.1'] }, fetch);
    assert.ok(typeof answer !== 'string');
    assert.equal(await answer.text(), 'other');
    const headers = seenByOther.at(-1) ?? {};
    assert.equal(headers['x-api-key'], undefined);
    assert.equal(headers['x-tenant'], undefined);
    assert.equal(headers.authorization, undefined);
    assert.equal(headers['x-trace'], 'kept');
  });

  it('keeps them on a redirect within the origin (as a GET after a 302 to a POST)', async () => {
    const answer = await fetchChecked(hop('/here'), credentials, undefined, fetch);
    assert.ok(typeof answer !== 'string');
    const last = seenByOrigin.at(-1);
    assert.ok(last !== undefined);
    assert.equal(last.url, '/landed');
    assert.equal(last.method, 'GET');
    assert.equal(last.headers['x-api-key'], 'sekrit');
  });

  it('checks every redirect target against the policy', async () => {
    const before = seenByOther.length;
    const start = { ...hop('/away'), url: new URL('/away', originUrl.replace('127.0.0.1', 'localhost')) };
    const answer = await fetchChecked(start, credentials, { allow: ['localhost'] }, fetch);
    assert.equal(answer, '127.0.0.1 is not in the serve --http-allow list');
    assert.equal(seenByOther.length, before);
  });
});
