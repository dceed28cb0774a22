// Black box: `stepwise serve --tls-cert --tls-key` speaks HTTPS only, with TLS 1.2 at least: the AWS SDK signs
// over it, an older TLS version is refused, and the console's session cookie is Secure.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from './server-process.ts';

const key = { accessKeyId: 'AKIDTLS', secretAccessKey: 'tls-secret-0123456', account: '444455556666', readOnly: false };
const dir = mkdtempSync(join(tmpdir(), 'stepwise-tls-'));
let server: ServerProcess;
let ca: Buffer;

before(async () => {
  const cert = join(dir, 'cert.pem');
  const privateKey = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      privateKey,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  ca = readFileSync(cert);
  const keys = join(dir, 'keys.json');
  writeFileSync(keys, JSON.stringify([key]));
  chmodSync(keys, 0o600);
  server = await startServer(['--auth', keys, '--tls-cert', cert, '--tls-key', privateKey]);
});

after(async () => {
  assert.equal(await server.stop(), 0);
  rmSync(dir, { recursive: true, force: true });
});

describe('serve over TLS', () => {
  it('listens on https and answers a signed SDK call', async () => {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const sfn = new SFNClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: key,
      maxAttempts: 1,
      requestHandler: { httpsAgent: new Agent({ ca }) },
    });
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    assert.deepEqual(listed.stateMachines, []);
    sfn.destroy();
  });

  it('refuses TLS 1.1', async () => {
    const url = new URL(server.url);
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect(
        { host: url.hostname, port: Number(url.port), ca, minVersion: 'TLSv1', maxVersion: 'TLSv1.1' },
        () => {
          socket.end();
          resolve('connected');
        },
      );
      socket.once('error', (error: Error) => {
        resolve(error.message);
      });
    });
    assert.notEqual(outcome, 'connected');
  });

  it('gives the console a Secure session cookie', async () => {
    const url = new URL(server.url);
    const form = new URLSearchParams({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }).toString();
    const cookie = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/console/login',
          ca,
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
        },
        (res) => {
          res.resume();
          resolve(res.headers['set-cookie']?.[0] ?? '');
        },
      );
      req.on('error', reject);
      req.end(form);
    });
    assert.match(cookie, /; HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+; Secure$/);
  });
});
