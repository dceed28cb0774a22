// Black box: `stepwise serve --routes routes.yaml`, driven with fetch as a web client would: a POST with a path
// parameter starts a Standard machine with a mapped input; a sync route answers with an Express machine's
// output, with 502 when it fails and 504 when it times out; a body over 256 KiB gets 413, a bad body 400 and
// another method 405; a bad routes file stops `serve` at start with the line and column of each problem.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { Teardown } from '../api/teardown.ts';
import { cliOk, eventually } from './aws-cli.ts';

const binary = fileURLToPath(new URL('../../packages/server/bin/stepwise.js', import.meta.url));
const roleArn = 'arn:aws:iam::123456789012:role/routes';
const routesYaml = `routes:
  - method: POST
    path: /orders/{orderId}
    stateMachine: orders
    input:
      orderId.$: $.path.orderId
      items.$: $.body.items
      channel.$: $.query.channel
      user.$: $.headers.x-user
  - method: POST
    path: /quotes
    stateMachine: quote
    sync: true
  - method: POST
    path: /checks
    stateMachine: check
    sync: true
  - method: POST
    path: /slow
    stateMachine: slow
    sync: true
`;
const pass = JSON.stringify({
  StartAt: 'P',
  States: { P: { Type: 'Pass', Parameters: { 'total.$': '$.n' }, End: true } },
});
const fail = JSON.stringify({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Refused', Cause: 'too big' } } });
// Times out after 1 s, in its 3 s Wait.
const slow = JSON.stringify({
  TimeoutSeconds: 1,
  StartAt: 'W',
  States: { W: { Type: 'Wait', Seconds: 3, End: true } },
});

const owned = new Teardown();
const dir = owned.add(mkdtempSync(join(tmpdir(), 'stepwise-routes-')), (path) => {
  rmSync(path, { recursive: true, force: true });
});
let server: ServerProcess;

before(async () => {
  writeFileSync(join(dir, 'routes.yaml'), routesYaml);
  server = owned.add(await startServer(['--routes', join(dir, 'routes.yaml')]), (s) => s.stop());
  for (const [name, type, definition] of [
    ['orders', 'STANDARD', JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } })],
    ['quote', 'EXPRESS', pass],
    ['check', 'EXPRESS', fail],
    ['slow', 'EXPRESS', slow],
  ] as const) {
    const args = ['--name', name, '--type', type, '--role-arn', roleArn, '--definition', definition];
    await cliOk(server.url, 'stepfunctions', 'create-state-machine', ...args);
  }
});

after(() => owned.run());

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

describe('HTTP start routes', () => {
  it('starts a machine with an input mapped from path, body, query and headers', async () => {
    const response = await post('/orders/o-17?channel=web', '{"items":[1,2]}', { 'x-user': 'ada' });
    assert.equal(response.status, 200);
    const { executionArn } = (await response.json()) as { executionArn: string };
    assert.match(executionArn, /^arn:aws:states:us-east-1:123456789012:execution:orders:/);
    const described = await eventually(async () => {
      const got = await cliOk(server.url, 'stepfunctions', 'describe-execution', '--execution-arn', executionArn);
      return got.status === 'RUNNING' ? undefined : got;
    });
    assert.equal(described.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(String(described.input)), {
      orderId: 'o-17',
      items: [1, 2],
      channel: 'web',
      user: 'ada',
    });
  });

  it('answers a sync route with the output, or 502 with the error when the execution fails', async () => {
    const quote = await post('/quotes', '{"n":42}');
    assert.equal(quote.status, 200);
    assert.deepEqual(await quote.json(), { total: 42 });
    const check = await post('/checks', '{}');
    assert.equal(check.status, 502);
    const failed = (await check.json()) as { status: string; error: string; cause: string };
    assert.deepEqual([failed.status, failed.error, failed.cause], ['FAILED', 'Refused', 'too big']);
  });

  it('answers 504 when a sync execution times out, 413 for a body over 256 KiB', async () => {
    const timedOut = await post('/slow', '{}');
    assert.equal(timedOut.status, 504);
    assert.equal(((await timedOut.json()) as { status: string }).status, 'TIMED_OUT');
    const big = await post('/quotes', JSON.stringify({ n: 'x'.repeat(256 * 1024) }));
    assert.equal(big.status, 413);
    await big.text();
  });

  it('refuses a bad body with 400 and another method with 405', async () => {
    const bad = await post('/quotes', '{"n":');
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { message: string }).message, /request body is not valid JSON/);
    const other = await fetch(`${server.url}/quotes`, { method: 'DELETE' });
    assert.equal(other.status, 405);
    assert.equal(other.headers.get('allow'), 'POST');
    await other.text();
  });

  it('a bad routes file stops serve, naming line and column', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'routes:\n  - method: POST\n    path: orders\n    stateMachine: orders\n');
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [binary, 'serve', '--routes', bad, '--port', '0', '--data', dir],
        (error, _out, err) => {
          resolve({ code: typeof error?.code === 'number' ? error.code : 0, stderr: err });
        },
      );
    });
    assert.notEqual(code, 0);
    assert.ok(stderr.includes(`${bad}:3:11: routes[0].path must be a path such as /orders/{id}`), stderr);
  });
});
