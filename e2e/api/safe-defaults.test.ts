// Black box: what `stepwise serve` refuses by default. A function name that walks out of the functions folder,
// a console URL that walks out of the console's files, an HTTP Task to a loopback address without
// --http-allow, and a non-loopback --host without --auth.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { createMachine, ended, sfnClient } from './sfn-client.ts';
import { startServer, type ServerProcess } from './server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-safe-'));
const functions = join(dir, 'functions');
let server: ServerProcess;
let sfn: SFNClient;

before(async () => {
  mkdirSync(functions);
  writeFileSync(join(functions, 'inside.mjs'), 'export const handler = async () => ({ ran: "inside" });\n');
  // Beside the functions folder, not in it: no name may reach it.
  writeFileSync(join(dir, 'outside.mjs'), 'export const handler = async () => ({ ran: "outside" });\n');
  const connections = {
    api: {
      AuthorizationType: 'API_KEY',
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k' } },
    },
  };
  writeFileSync(join(dir, 'connections.json'), JSON.stringify(connections));
  server = await startServer(['--functions', functions, '--connections', join(dir, 'connections.json')]);
  sfn = sfnClient(server.url);
});

after(async () => {
  assert.equal(await server.stop(), 0);
  rmSync(dir, { recursive: true, force: true });
});

async function runTask(name: string, parameters: object, resource = 'arn:aws:states:::lambda:invoke') {
  const arn = await createMachine(sfn, name, {
    StartAt: 'T',
    States: { T: { Type: 'Task', Resource: resource, Parameters: parameters, End: true } },
  });
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
  return ended(sfn, executionArn ?? '');
}

describe('serve refuses by default', () => {
  it('runs a function inside the folder, and no name reaches a file outside it', async () => {
    const inside = await runTask('inside', { FunctionName: 'inside' });
    assert.equal(inside.status, 'SUCCEEDED', inside.cause);
    const names = ['../outside', '..%2Foutside', join(dir, 'outside'), 'sub/../../outside', '..\\outside', '.', '..'];
    for (const [i, FunctionName] of names.entries()) {
      const run = await runTask(`escape-${String(i)}`, { FunctionName });
      assert.equal(run.status, 'FAILED', FunctionName);
      assert.equal(run.error, 'Lambda.ResourceNotFoundException', FunctionName);
    }
  });

  it('serves no file outside the console build, whatever the encoding of the path', async () => {
    for (const path of [
      '/../../package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
      '/assets/..%5c..%5c..%5cpackage.json',
    ]) {
      const answer = await rawGet(path);
      assert.doesNotMatch(answer.body, /"workspaces"|"name": "stepwise/, path);
    }
  });

  it('refuses an HTTP Task to a loopback address without --http-allow, before connecting', async () => {
    const run = await runTask(
      'loopback',
      {
        ApiEndpoint: `${server.url}/`,
        Method: 'GET',
        Authentication: { ConnectionArn: 'arn:aws:events:us-east-1:123456789012:connection/api/1' },
      },
      'arn:aws:states:::http:invoke',
    );
    assert.equal(run.status, 'FAILED');
    assert.equal(run.error, 'States.Runtime');
    assert.match(
      run.cause ?? '',
      /refused to connect: 127\.0\.0\.1 is a loopback or private address .*--http-allow 127\.0\.0\.1/,
    );
  });

  it('will not listen on a non-loopback host without --auth, naming the flag', async () => {
    const binary = fileURLToPath(new URL('../../packages/server/bin/stepwise.js', import.meta.url));
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [binary, 'serve', '--host', '0.0.0.0', '--port', '0', '--data', join(dir, 'data')],
        (error, _stdout, stderr) => {
          resolve({ code: error === null ? 0 : (error.code as number | null), stderr });
        },
      );
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--host 0\.0\.0\.0 .*needs --auth FILE/);
  });
});

function rawGet(path: string): Promise<{ status: number; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
