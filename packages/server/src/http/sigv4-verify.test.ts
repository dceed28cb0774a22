import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignatureV4 } from '@smithy/signature-v4';
import { ApiError } from '../service/errors.ts';
import { Sha256Checksum } from '../testing/sha256-checksum.ts';
import { verifySigV4, type SignedRequest } from './sigv4-verify.ts';

const now = Date.UTC(2026, 11, 5, 12, 0, 0);
const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

interface SignInput {
  body?: string;
  path?: string;
  query?: Record<string, string>;
  at?: number;
  secretAccessKey?: string;
  sessionToken?: string;
  region?: string;
  service?: string;
}

async function signed(input: SignInput = {}): Promise<SignedRequest> {
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: 'AKIDTEST',
      secretAccessKey: input.secretAccessKey ?? secret,
      ...(input.sessionToken === undefined ? {} : { sessionToken: input.sessionToken }),
    },
    region: input.region ?? 'us-east-1',
    service: input.service ?? 'states',
    sha256: Sha256Checksum,
  });
  const body = input.body ?? '{"maxResults":1}';
  const request = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 8083,
      path: input.path ?? '/',
      query: input.query ?? {},
      headers: {
        host: '127.0.0.1:8083',
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.ListStateMachines',
      },
      body,
    },
    { signingDate: new Date(input.at ?? now) },
  );
  const search = new URLSearchParams(input.query ?? {}).toString().replace(/\+/g, '%20');
  return {
    method: 'POST',
    url: `${input.path ?? '/'}${search === '' ? '' : `?${search}`}`,
    rawHeaders: Object.entries(request.headers).flat(),
    body: Buffer.from(body),
  };
}

const options = {
  secretOf: (id: string) =>
    id === 'AKIDTEST'
      ? { secretAccessKey: secret }
      : id === 'AKIDTOKEN'
        ? { secretAccessKey: secret, sessionToken: 't0k' }
        : undefined,
  region: 'us-east-1',
  services: new Set(['states', 'scheduler']),
  now: () => now,
};

function fails(request: SignedRequest, type: string, message?: RegExp, verify = options): void {
  assert.throws(
    () => verifySigV4(request, verify),
    (error: unknown) => {
      assert.ok(error instanceof ApiError, String(error));
      assert.equal(error.type, type);
      if (message !== undefined) assert.match(error.message, message);
      return true;
    },
  );
}

function withHeader(request: SignedRequest, name: string, value: string): SignedRequest {
  const raw = [...request.rawHeaders];
  const at = raw.findIndex((header, i) => i % 2 === 0 && header.toLowerCase() === name);
  if (at < 0) raw.push(name, value);
  else raw[at + 1] = value;
  return { ...request, rawHeaders: raw };
}

describe('verifySigV4', () => {
  it('accepts a request signed by @smithy/signature-v4 with the right secret', async () => {
    assert.equal(verifySigV4(await signed(), options), 'AKIDTEST');
  });

  it('accepts signed REST paths and query strings (Scheduler-style), encoded as the SDK sends them', async () => {
    const request = await signed({
      path: '/schedules/my%20schedule',
      query: { groupName: 'a b/c', MaxResults: '5' },
      service: 'scheduler',
    });
    assert.equal(verifySigV4(request, options), 'AKIDTEST');
  });

  it('accepts a date up to 15 minutes off either way', async () => {
    assert.equal(verifySigV4(await signed({ at: now - 14 * 60_000 }), options), 'AKIDTEST');
    assert.equal(verifySigV4(await signed({ at: now + 14 * 60_000 }), options), 'AKIDTEST');
  });

  it('parses a repeated credential scope once, with the same verdicts as a first parse', async () => {
    const request = await signed();
    const auth = request.rawHeaders[request.rawHeaders.findIndex((h) => h === 'authorization') + 1]!;
    // The second check finds the scope parsed; a wrong signature under it is still a mismatch.
    assert.equal(verifySigV4(request, options), 'AKIDTEST');
    assert.equal(verifySigV4(request, options), 'AKIDTEST');
    const forged = auth.replace(/Signature=[0-9a-f]{64}$/, `Signature=${'0'.repeat(64)}`);
    fails(withHeader(request, 'authorization', forged), 'InvalidSignatureException', /does not match/);
    fails(withHeader(request, 'authorization', forged.replace(/0{64}$/, 'zz')), 'InvalidSignatureException');
    // Fields in another order (Signature not last) are parsed in full, and still accepted.
    const [head = '', signature = ''] = auth.split(', Signature=');
    const [scheme = '', credential = '', signedHeaders = ''] = head.split(/ |, /);
    const reordered = `${scheme} Signature=${signature}, ${credential}, ${signedHeaders}`;
    assert.equal(verifySigV4(withHeader(request, 'authorization', reordered), options), 'AKIDTEST');
  });

  it('refuses a request without an Authorization header', async () => {
    const request = await signed();
    const raw = request.rawHeaders.filter(
      (_, i, all) => (i % 2 === 0 ? all[i] : all[i - 1])!.toLowerCase() !== 'authorization',
    );
    fails({ ...request, rawHeaders: raw }, 'MissingAuthenticationTokenException', /^Missing Authentication Token$/);
  });

  it('refuses an access key it does not know', async () => {
    const request = await signed();
    const auth = request.rawHeaders[request.rawHeaders.findIndex((h) => h === 'authorization') + 1]!;
    fails(withHeader(request, 'authorization', auth.replace('AKIDTEST', 'AKIDOTHER')), 'UnrecognizedClientException');
  });

  it('refuses a wrong secret, a tampered body, header or path', async () => {
    fails(await signed({ secretAccessKey: 'not-the-secret' }), 'InvalidSignatureException', /does not match/);
    fails({ ...(await signed()), body: Buffer.from('{"maxResults":2}') }, 'InvalidSignatureException');
    fails(
      withHeader(await signed(), 'x-amz-target', 'AWSStepFunctions.DeleteStateMachine'),
      'InvalidSignatureException',
    );
    fails({ ...(await signed()), url: '/other' }, 'InvalidSignatureException');
  });

  it('refuses a stale or future date with AWS message', async () => {
    fails(
      await signed({ at: now - 16 * 60_000 }),
      'InvalidSignatureException',
      /^Signature expired: 20261205T114400Z is now earlier than 20261205T114500Z \(20261205T120000Z - 15 min\.\)$/,
    );
    fails(await signed({ at: now + 16 * 60_000 }), 'InvalidSignatureException', /^Signature not yet current: /);
  });

  it('refuses another region or a service not served here', async () => {
    fails(await signed({ region: 'eu-west-1' }), 'InvalidSignatureException', /region, not 'eu-west-1'/);
    fails(await signed({ service: 's3' }), 'InvalidSignatureException', /'s3'/);
  });

  it('checks session tokens: the key that has one needs it, a key without one refuses any', async () => {
    const tokenOptions = { ...options, secretOf: () => ({ secretAccessKey: secret, sessionToken: 't0k' }) };
    assert.equal(verifySigV4(await signed({ sessionToken: 't0k' }), tokenOptions), 'AKIDTEST');
    fails(await signed({ sessionToken: 'other' }), 'UnrecognizedClientException', undefined, tokenOptions);
    fails(await signed(), 'UnrecognizedClientException', undefined, tokenOptions);
    fails(await signed({ sessionToken: 't0k' }), 'UnrecognizedClientException');
  });

  it('names what is missing from a malformed Authorization header', async () => {
    fails(withHeader(await signed(), 'authorization', 'Bearer abc'), 'IncompleteSignatureException', /Bearer/);
    fails(
      withHeader(await signed(), 'authorization', 'AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request'),
      'IncompleteSignatureException',
      /'SignedHeaders'.*'Signature'/,
    );
  });

  it('refuses a declared payload hash that is not the body', async () => {
    fails(
      withHeader(await signed(), 'x-amz-content-sha256', 'UNSIGNED-PAYLOAD'),
      'InvalidSignatureException',
      /x-amz-content-sha256/,
    );
  });

  it('reads header names in any case, repeats joined by commas and inner spaces collapsed, as AWS canonicalises them', async () => {
    const signer = new SignatureV4({
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: secret },
      region: 'us-east-1',
      service: 'states',
      sha256: Sha256Checksum,
    });
    const headers = {
      host: '127.0.0.1:8083',
      'x-amz-target': 'AWSStepFunctions.ListStateMachines',
      'x-amz-meta': 'a b,c',
    };
    const body = '{}';
    const request = { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 8083, path: '/', headers, body };
    const sent = (await signer.sign(request, { signingDate: new Date(now) })).headers;
    const rawHeaders = Object.entries(sent).flatMap(([name, value]) =>
      name === 'x-amz-meta' ? ['X-Amz-Meta', ' a   b ', 'X-AMZ-META', 'c'] : [name.toUpperCase(), value],
    );
    const arrived = { method: 'POST', url: '/', rawHeaders, body: Buffer.from(body) };
    assert.equal(verifySigV4(arrived, options), 'AKIDTEST');
    fails({ ...arrived, rawHeaders: [...rawHeaders, 'x-amz-meta', 'd'] }, 'InvalidSignatureException');
  });
});
