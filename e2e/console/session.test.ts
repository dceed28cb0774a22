// Black box: the console behind `serve --auth`. Without a session, pages redirect to the sign-in page and the
// live stream is refused; a key and secret (or the one-time link) give an HttpOnly, SameSite=Strict cookie; a
// call carrying the cookie from another origin (a form or text/plain POST) is refused; a loopback server answers
// only loopback Host names (DNS rebinding).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type ServerProcess } from '../api/server-process.ts';

const account = '444455556666';
const keys = [
  { accessKeyId: 'AKIDCONSOLE', secretAccessKey: 'console-secret-0123', account, readOnly: false },
  { accessKeyId: 'AKIDLOOKER', secretAccessKey: 'looker-secret-0123', account, readOnly: true },
];
const dir = mkdtempSync(join(tmpdir(), 'stepwise-session-'));
let server: ServerProcess;
let keysFile = '';

before(async () => {
  const file = join(dir, 'keys.json');
  writeFileSync(file, JSON.stringify(keys));
  chmodSync(file, 0o600);
  server = await startServer(['--auth', file]);
  keysFile = file;
});

after(async () => {
  assert.equal(await server.stop(), 0);
  rmSync(dir, { recursive: true, force: true });
});

/** A second server on the same keys, started here to read the one-time link it prints. */
async function oneTimeLink(file: string): Promise<{ link: string; stop: () => Promise<void> }> {
  const binary = new URL('../../packages/server/bin/stepwise.js', import.meta.url).pathname;
  const args = [binary, 'serve', '--port', '0', '--data', join(dir, 'second'), '--log-level', 'warn', '--auth', file];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await exited;
  };
  let output = '';
  const link = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /sign-in link \(works once\): (\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', () => {
      reject(new Error(`serve exited:\n${output}`));
    });
  });
  return { link, stop };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function call(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function signIn(key: (typeof keys)[number]): Promise<string> {
  const form = new URLSearchParams({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }).toString();
  const answer = await call(
    'POST',
    '/console/login',
    { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    form,
  );
  assert.equal(answer.status, 303, answer.body);
  const cookie = answer.headers['set-cookie']?.[0] ?? '';
  assert.match(cookie, /^stepwise_session=[\w-]+; HttpOnly; SameSite=Strict; Path=\//);
  return cookie.split(';')[0] ?? '';
}

function api(cookie: string, target: string, body: object, extra: Record<string, string> = {}): Promise<Answer> {
  const headers = {
    cookie,
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `AWSStepFunctions.${target}`,
    origin: server.url,
    ...extra,
  };
  return call('POST', '/', headers, JSON.stringify(body));
}

describe('console session under --auth', () => {
  it('sends a visitor without a session to the sign-in page, and refuses the live stream', async () => {
    const page = await call('GET', '/machines');
    assert.equal(page.status, 303);
    assert.equal(page.headers.location, '/console/login');
    assert.equal((await call('GET', '/console/api/stream?machines')).status, 401);
    // An Authorization header is no way around the session: it must be a good signature.
    const forged = await call('GET', '/console/api/stream?machines', { authorization: 'Bearer anything' });
    assert.equal(forged.status, 400);
    assert.match(forged.body, /IncompleteSignatureException/);
    const login = await call('GET', '/console/login');
    assert.equal(login.status, 200);
    assert.match(login.body, /<form method="post" action="\/console\/login">/);
  });

  it('refuses a wrong secret and a sign-in posted from another site', async () => {
    const form = new URLSearchParams({ accessKeyId: 'AKIDCONSOLE', secretAccessKey: 'wrong-secret-0123' }).toString();
    const wrong = await call(
      'POST',
      '/console/login',
      { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      form,
    );
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers['set-cookie'], undefined);
    const good = new URLSearchParams({
      accessKeyId: 'AKIDCONSOLE',
      secretAccessKey: keys[0]?.secretAccessKey ?? '',
    }).toString();
    const foreign = await call(
      'POST',
      '/console/login',
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
      good,
    );
    assert.equal(foreign.status, 403);
  });

  it('lets the session call the API from the console origin, and serves the console and its stream', async () => {
    const cookie = await signIn(keys[0]!);
    assert.equal((await call('GET', '/machines', { cookie })).status, 200);
    const listed = await api(cookie, 'ListStateMachines', {});
    assert.equal(listed.status, 200, listed.body);
    const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const created = await api(cookie, 'CreateStateMachine', {
      name: 'from-console',
      roleArn: `arn:aws:iam::${account}:role/r`,
      definition,
    });
    assert.equal(created.status, 200, created.body);
  });

  it('refuses a cross-origin form or text/plain POST carrying the session cookie', async () => {
    const cookie = await signIn(keys[0]!);
    const text = await api(
      cookie,
      'DeleteStateMachine',
      { stateMachineArn: `arn:aws:states:us-east-1:${account}:stateMachine:from-console` },
      { origin: 'http://evil.example', 'content-type': 'text/plain' },
    );
    assert.equal(text.status, 400);
    assert.equal((JSON.parse(text.body) as { __type: string }).__type, 'AccessDeniedException');
    const form = await api(
      cookie,
      'ListStateMachines',
      {},
      { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    );
    assert.equal(form.status, 400);
    const site = await api(cookie, 'ListStateMachines', {}, { 'sec-fetch-site': 'cross-site' });
    assert.equal(site.status, 400);
  });

  it("keeps a read-only key's session read-only", async () => {
    const cookie = await signIn(keys[1]!);
    assert.equal((await api(cookie, 'ListStateMachines', {})).status, 200);
    const write = await api(cookie, 'CreateStateMachine', {
      name: 'nope',
      roleArn: `arn:aws:iam::${account}:role/r`,
      definition: '{}',
    });
    assert.match(write.body, /AccessDeniedException/);
  });

  it('prints a one-time sign-in link that works once', async () => {
    const second = await oneTimeLink(keysFile);
    try {
      assert.match(second.link, /^http:\/\/127\.0\.0\.1:\d+\/console\/login\?token=[\w-]+$/);
      const first = await fetch(second.link, { redirect: 'manual' });
      assert.equal(first.status, 303);
      assert.match(first.headers.get('set-cookie') ?? '', /^stepwise_session=[\w-]+; HttpOnly; SameSite=Strict/);
      const again = await fetch(second.link, { redirect: 'manual' });
      assert.equal(again.status, 403);
      assert.equal(again.headers.get('set-cookie'), null);
    } finally {
      await second.stop();
    }
  });

  it('refuses a Host header that is not a loopback name (DNS rebinding)', async () => {
    const answer = await call('GET', '/', { host: 'rebound.example:80' });
    assert.equal(answer.status, 403);
    assert.match(answer.body, /Host 'rebound\.example:80' is not a name this server answers to/);
    assert.equal((await call('GET', '/console/login', { host: `localhost:${new URL(server.url).port}` })).status, 200);
  });
});
