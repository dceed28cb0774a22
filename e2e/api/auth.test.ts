// Black box: `stepwise serve --auth FILE` with requests signed by the AWS SDK, by @smithy/signature-v4 directly
// and by the AWS CLI v2: the right key works; no header, a wrong secret, a tampered body, a stale date, another
// account's ARN and a read-only key's write each fail with AWS's error.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256Checksum } from 'stepwise/testing';
import { fails } from './sfn-client.ts';
import { startServer, type ServerProcess } from './server-process.ts';

const account = '444455556666';
const writer = { accessKeyId: 'AKIDWRITER', secretAccessKey: 'writer-secret-0123', account, readOnly: false };
const reader = { accessKeyId: 'AKIDREADER', secretAccessKey: 'reader-secret-0123', account, readOnly: true };
const roleArn = `arn:aws:iam::${account}:role/auth`;
const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

const dir = mkdtempSync(join(tmpdir(), 'stepwise-auth-'));
let server: ServerProcess;

before(async () => {
  const keys = join(dir, 'keys.json');
  writeFileSync(keys, JSON.stringify([writer, reader]));
  chmodSync(keys, 0o600);
  server = await startServer(['--auth', keys]);
});

after(async () => {
  assert.equal(await server.stop(), 0);
  rmSync(dir, { recursive: true, force: true });
});

function client(credentials: { accessKeyId: string; secretAccessKey: string }): SFNClient {
  return new SFNClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

interface RawOptions {
  body: string;
  sentBody?: string;
  signingDate?: Date;
  unsigned?: boolean;
}

/** POST / signed by @smithy/signature-v4 (or not), optionally sending another body than the one signed. */
async function raw(options: RawOptions): Promise<{ status: number; body: { __type?: string; message?: string } }> {
  const url = new URL(server.url);
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': 'AWSStepFunctions.ListStateMachines',
  };
  const signer = new SignatureV4({
    credentials: writer,
    region: 'us-east-1',
    service: 'states',
    sha256: Sha256Checksum,
  });
  const request = {
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers,
    body: options.body,
  };
  const signed =
    options.unsigned === true
      ? request
      : await signer.sign(request, { signingDate: options.signingDate ?? new Date() });
  const response = await fetch(server.url, {
    method: 'POST',
    headers: signed.headers,
    body: options.sentBody ?? options.body,
  });
  return { status: response.status, body: (await response.json()) as { __type?: string; message?: string } };
}

describe('SigV4 with the AWS SDK and @smithy/signature-v4', () => {
  it('the right key works: create, describe, list', async () => {
    const sfn = client(writer);
    const created = await sfn.send(new CreateStateMachineCommand({ name: 'signed', roleArn, definition }));
    assert.equal(created.stateMachineArn, `arn:aws:states:us-east-1:${account}:stateMachine:signed`);
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    assert.equal(described.name, 'signed');
    const listed = await client(reader).send(new ListStateMachinesCommand({}));
    assert.deepEqual(
      listed.stateMachines?.map((m) => m.name),
      ['signed'],
    );
  });

  it('no Authorization header: MissingAuthenticationTokenException', async () => {
    const answer = await raw({ body: '{}', unsigned: true });
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body, {
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });

  it('a wrong secret: InvalidSignatureException; an unknown key: UnrecognizedClientException', async () => {
    await fails(
      client({ ...writer, secretAccessKey: 'wrong-secret-0123' }).send(new ListStateMachinesCommand({})),
      'InvalidSignatureException',
      /does not match/,
    );
    await fails(
      client({ accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' }).send(new ListStateMachinesCommand({})),
      'UnrecognizedClientException',
    );
  });

  it('a tampered body: InvalidSignatureException', async () => {
    const answer = await raw({ body: '{"maxResults":1}', sentBody: '{"maxResults":2}' });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.__type, 'InvalidSignatureException');
    assert.equal((await raw({ body: '{"maxResults":1}' })).status, 200);
  });

  it('a stale date: InvalidSignatureException, Signature expired', async () => {
    const answer = await raw({ body: '{}', signingDate: new Date(Date.now() - 20 * 60_000) });
    assert.equal(answer.body.__type, 'InvalidSignatureException');
    assert.match(
      answer.body.message ?? '',
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  it("another account's ARN: AccessDeniedException", async () => {
    const stateMachineArn = 'arn:aws:states:us-east-1:111122223333:stateMachine:signed';
    await fails(
      client(writer).send(new DescribeStateMachineCommand({ stateMachineArn })),
      'AccessDeniedException',
      /states:DescribeStateMachine on resource: arn:aws:states:us-east-1:111122223333/,
    );
  });

  it('a read-only key cannot write: AccessDeniedException', async () => {
    await fails(
      client(reader).send(new CreateStateMachineCommand({ name: 'nope', roleArn, definition })),
      'AccessDeniedException',
      /AKIDREADER is not authorized to perform: states:CreateStateMachine/,
    );
  });
});

function cli(
  key: { accessKeyId: string; secretAccessKey: string },
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: key.accessKeyId,
    AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/aws',
      ['--endpoint-url', server.url, '--output', 'json', 'stepfunctions', ...args],
      { env },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : 1, stdout, stderr });
      },
    );
  });
}

describe('SigV4 with the AWS CLI v2', () => {
  it('the right key works', async () => {
    const listed = await cli(writer, 'list-state-machines');
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(Array.isArray((JSON.parse(listed.stdout) as { stateMachines: unknown[] }).stateMachines));
    const created = await cli(
      writer,
      'create-state-machine',
      '--name',
      'from-cli',
      '--role-arn',
      roleArn,
      '--definition',
      definition,
    );
    assert.equal(created.code, 0, created.stderr);
  });

  it('a wrong secret, a read-only write and a foreign ARN fail with AWS error names', async () => {
    const wrong = await cli({ ...writer, secretAccessKey: 'wrong-secret-0123' }, 'list-state-machines');
    assert.match(wrong.stderr, /\(InvalidSignatureException\)/);
    const readOnly = await cli(
      reader,
      'delete-state-machine',
      '--state-machine-arn',
      `arn:aws:states:us-east-1:${account}:stateMachine:from-cli`,
    );
    assert.match(readOnly.stderr, /\(AccessDeniedException\)/);
    const foreign = await cli(
      writer,
      'describe-state-machine',
      '--state-machine-arn',
      'arn:aws:states:us-east-1:111122223333:stateMachine:from-cli',
    );
    assert.match(foreign.stderr, /\(AccessDeniedException\)/);
  });
});
