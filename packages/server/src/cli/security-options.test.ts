import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseArgs } from './args.ts';
import { isLoopback, securityOptionNames, securityOptionsFrom } from './security-options.ts';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-keys-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const key = { accessKeyId: 'AKIDONE', secretAccessKey: 'a-long-secret', account: '111111111111', readOnly: false };

function keysFile(content: unknown, mode = 0o600): string {
  const file = join(dir, `keys-${String(Math.random()).slice(2)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  chmodSync(file, mode);
  return file;
}

function options(argv: string[], host = '127.0.0.1', account?: string) {
  return securityOptionsFrom(parseArgs(argv, [], securityOptionNames), host, account);
}

describe('serve security options', () => {
  it('reads the keys file and takes the keys account as the server account', () => {
    const { security, account } = options([
      '--auth',
      keysFile([key, { ...key, accessKeyId: 'AKIDTWO', readOnly: true }]),
    ]);
    assert.equal(account, '111111111111');
    assert.deepEqual(
      security.keys.map((k) => [k.accessKeyId, k.readOnly]),
      [
        ['AKIDONE', false],
        ['AKIDTWO', true],
      ],
    );
  });

  it('refuses a non-loopback --host without --auth, naming the flag', () => {
    assert.throws(() => options([], '0.0.0.0'), /--host 0\.0\.0\.0 .*needs --auth FILE/);
    assert.throws(() => options([], '192.168.1.4'), /--auth/);
    assert.equal(options(['--auth', keysFile([key])], '0.0.0.0').security.keys.length, 1);
  });

  it('tells loopback addresses from the rest', () => {
    for (const host of ['127.0.0.1', '127.5.0.1', 'localhost', '::1', '[::1]'])
      assert.equal(isLoopback(host), true, host);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1'])
      assert.equal(isLoopback(host), false, host);
  });

  it('refuses a keys file others can read, saying how to fix it, without printing a secret', () => {
    assert.throws(
      () => options(['--auth', keysFile([key], 0o644)]),
      /mode 644 lets others read the keys; run chmod 600/,
    );
  });

  it('names the entry and field of a malformed keys file, never the secret', () => {
    const cases: [unknown, RegExp][] = [
      ['{', /not valid JSON/],
      [[], /non-empty JSON array/],
      [[key, { ...key, account: '12' }], /entry 1 \(AKIDONE\): account must be 12 digits/],
      [[{ ...key, secretAccessKey: 'short' }], /entry 0 \(AKIDONE\): secretAccessKey must be/],
      [[{ ...key, readOnly: 'yes' }], /readOnly must be true or false/],
      [[{ ...key, role: 'admin' }], /unknown field role/],
      [[key, key], /AKIDONE is listed twice/],
      [[{ ...key, accessKeyId: '../x' }], /accessKeyId must be/],
    ];
    for (const [content, message] of cases) {
      assert.throws(
        () => options(['--auth', keysFile(content)]),
        (error: unknown) =>
          error instanceof Error && message.test(error.message) && !error.message.includes('a-long-secret'),
        String(message),
      );
    }
    assert.throws(() => options(['--auth', join(dir, 'missing.json')]), /no such file/);
  });

  it('accepts keys of several accounts; the server account is --account, else the first key', () => {
    const two = keysFile([key, { ...key, accessKeyId: 'AKIDB', account: '222222222222' }]);
    assert.equal(options(['--auth', two]).account, '111111111111');
    assert.equal(options(['--auth', two], '127.0.0.1', '222222222222').account, '222222222222');
  });

  it('reads --cors-origin, repeated, as exact origins; a path or a non-origin is refused', () => {
    const origins = options(['--cors-origin', 'http://localhost:5173', '--cors-origin', 'https://app.example.com']);
    assert.deepEqual(origins.security.corsOrigins, ['http://localhost:5173', 'https://app.example.com']);
    assert.deepEqual(options([]).security.corsOrigins, []);
    assert.throws(
      () => options(['--cors-origin', 'https://app.example.com/']),
      /--cors-origin: .* no path or trailing/,
    );
    assert.throws(() => options(['--cors-origin', '*']), /--cors-origin: '\*' is not an origin/);
  });

  it('reads --max-requests and the client timeouts in seconds', () => {
    const read = options(['--max-requests', '64', '--headers-timeout', '5', '--request-timeout', '20']).security;
    assert.equal(read.maxRequests, 64);
    assert.deepEqual(read.timeouts, { headersMs: 5000, requestMs: 20_000 });
    assert.equal(options([]).security.timeouts, undefined);
    assert.throws(() => options(['--max-requests', '0']), /--max-requests must be a whole number/);
    assert.throws(
      () => options(['--headers-timeout', '30', '--request-timeout', '10']),
      /--headers-timeout cannot be longer than --request-timeout/,
    );
  });

  it('reads --rate-limit as requests per second per key', () => {
    assert.equal(options(['--rate-limit', '50']).security.ratePerSecond, 50);
    assert.throws(() => options(['--rate-limit', '0']), /--rate-limit must be/);
  });
});

describe('serve --http-allow', () => {
  it('reads a comma-separated host list, and refuses what is not a host', () => {
    assert.deepEqual(options(['--http-allow', '127.0.0.1, *.Example.com,::1']).security.httpAllow, [
      '127.0.0.1',
      '*.example.com',
      '::1',
    ]);
    assert.deepEqual(options([]).security.httpAllow, []);
    assert.throws(() => options(['--http-allow', 'http://x/']), /--http-allow: 'http:\/\/x\/' is not a host/);
  });
});
