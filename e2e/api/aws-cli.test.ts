// Black box: the real AWS CLI v2 (/usr/bin/aws, Debian package awscli) against `stepwise serve`: state
// machines, updates, tags and errors, as a shell user sees them. Debian 12's awscli (2.9) predates the
// version, alias and redrive commands, so those are covered by the SDK scenario.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startServer, type ServerProcess } from './server-process.ts';

const aws = '/usr/bin/aws';
const roleArn = 'arn:aws:iam::123456789012:role/cli';
const definition = (result: string) =>
  JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: result, End: true } } });

let server: ServerProcess;

before(async () => {
  assert.ok(existsSync(aws), `${aws} is missing: install the Debian package awscli`);
  server = await startServer();
});

after(async () => {
  assert.equal(await server.stop(), 0);
});

interface CliResult {
  code: number;
  json: Record<string, unknown>;
  stderr: string;
}

function sfn(...args: string[]): Promise<CliResult> {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'cli',
    AWS_SECRET_ACCESS_KEY: 'cli',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const argv = ['--endpoint-url', server.url, '--output', 'json', 'stepfunctions', ...args];
  return new Promise((resolve) => {
    execFile(aws, argv, { env }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, json: stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>), stderr });
    });
  });
}

async function ok(...args: string[]): Promise<Record<string, unknown>> {
  const result = await sfn(...args);
  assert.equal(result.code, 0, result.stderr);
  return result.json;
}

async function fails(exception: string, ...args: string[]): Promise<void> {
  const result = await sfn(...args);
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, new RegExp(`\\(${exception}\\) when calling`));
}

describe('the AWS CLI v2 against stepwise serve', () => {
  const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:cli-machine';

  it('creates, updates, describes and lists', async () => {
    const created = await ok(
      'create-state-machine',
      '--name',
      'cli-machine',
      '--definition',
      definition('v1'),
      '--role-arn',
      roleArn,
    );
    assert.equal(created.stateMachineArn, arn);
    await ok('update-state-machine', '--state-machine-arn', arn, '--definition', definition('v2'));
    const described = await ok('describe-state-machine', '--state-machine-arn', arn);
    assert.equal(described.definition, definition('v2'));
    const listed = await ok('list-state-machines');
    assert.deepEqual(
      (listed.stateMachines as { name: string }[]).map((m) => m.name),
      ['cli-machine'],
    );
  });

  it('tags', async () => {
    await ok('tag-resource', '--resource-arn', arn, '--tags', 'key=env,value=dev');
    const tags = await ok('list-tags-for-resource', '--resource-arn', arn);
    assert.deepEqual(tags.tags, [{ key: 'env', value: 'dev' }]);
    await ok('untag-resource', '--resource-arn', arn, '--tag-keys', 'env');
    assert.deepEqual((await ok('list-tags-for-resource', '--resource-arn', arn)).tags, []);
  });

  it("reports AWS's errors", async () => {
    await fails('StateMachineDoesNotExist', 'describe-state-machine', '--state-machine-arn', `${arn}-nope`);
    await fails('InvalidArn', 'describe-state-machine', '--state-machine-arn', 'nope');
    await fails(
      'InvalidDefinition',
      'create-state-machine',
      '--name',
      'bad',
      '--definition',
      '{}',
      '--role-arn',
      roleArn,
    );
    await fails(
      'InvalidName',
      'create-state-machine',
      '--name',
      'a/b',
      '--definition',
      definition('x'),
      '--role-arn',
      roleArn,
    );
    await fails('ValidationException', 'list-state-machines', '--max-results', '1001');
  });
});
