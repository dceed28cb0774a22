// Black box: `aws pipes …` (the real AWS CLI v2) against `stepwise serve --aws-endpoint` on moto_server: a pipe
// from an SQS queue, with a filter and an input template, starts a Standard machine (FIRE_AND_FORGET) with the
// batch of matching messages, and the queue is emptied; an Express machine answers REQUEST_RESPONSE; a stopped
// pipe reads nothing; describe, list, update and delete answer as AWS does, with AWS's exception names.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { GetQueueAttributesCommand, CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startMotoServer } from 'stepwise/testing';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { Teardown } from '../api/teardown.ts';
import { aws, cliFails, cliOk, eventually } from './aws-cli.ts';

const region = 'us-east-1';
const roleArn = 'arn:aws:iam::123456789012:role/pipes';
const queueArn = (name: string) => `arn:aws:sqs:${region}:123456789012:${name}`;
const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

const owned = new Teardown();
let server: ServerProcess;
let sqs: SQSClient;
const queues: Record<string, string> = {};
const ok = (...args: string[]) => cliOk(server.url, ...args);

before(async () => {
  assert.ok(existsSync(aws), `${aws} is missing: install the Debian package awscli`);
  const moto = owned.add(await startMotoServer(), (m) => m.stop());
  const credentials = { accessKeyId: 'e2e', secretAccessKey: 'e2e' };
  sqs = owned.add(new SQSClient({ endpoint: moto.endpoint, region, credentials }), (c) => {
    c.destroy();
  });
  for (const name of ['orders', 'quotes']) {
    queues[name] = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl ?? '';
  }
  const env = { AWS_ACCESS_KEY_ID: 'e2e', AWS_SECRET_ACCESS_KEY: 'e2e' };
  server = owned.add(await startServer(['--aws-endpoint', moto.endpoint, '--region', region], { env }), (s) =>
    s.stop(),
  );
  for (const [name, type] of [
    ['orders', 'STANDARD'],
    ['quotes', 'EXPRESS'],
  ] as const) {
    const args = ['--name', name, '--type', type, '--role-arn', roleArn, '--definition', definition];
    await ok('stepfunctions', 'create-state-machine', ...args);
  }
});

after(() => owned.run());

function machineArn(name: string): string {
  return `arn:aws:states:${region}:123456789012:stateMachine:${name}`;
}

async function send(queue: string, ...bodies: string[]): Promise<void> {
  for (const body of bodies) {
    await sqs.send(new SendMessageCommand({ QueueUrl: queues[queue], MessageBody: body }));
  }
}

async function waiting(queue: string): Promise<number> {
  const got = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queues[queue],
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  const attributes = got.Attributes ?? {};
  return Number(attributes.ApproximateNumberOfMessages) + Number(attributes.ApproximateNumberOfMessagesNotVisible);
}

describe('aws pipes against stepwise serve', () => {
  it('a pipe with a filter and a template starts its Standard machine with the matching batch', async () => {
    const created = await ok(
      'pipes',
      'create-pipe',
      '--name',
      'orders',
      '--source',
      queueArn('orders'),
      '--target',
      machineArn('orders'),
      '--role-arn',
      roleArn,
      '--source-parameters',
      JSON.stringify({
        SqsQueueParameters: { BatchSize: 10, MaximumBatchingWindowInSeconds: 1 },
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ body: { kind: ['order'] } }) }] },
      }),
      '--target-parameters',
      JSON.stringify({
        InputTemplate: '{"order": <$.body.id>, "pipe": "<aws.pipes.pipe-name>"}',
        StepFunctionStateMachineParameters: { InvocationType: 'FIRE_AND_FORGET' },
      }),
    );
    assert.equal(created.Arn, 'arn:aws:pipes:us-east-1:123456789012:pipe/orders');
    assert.equal(created.CurrentState, 'CREATING');
    const described = await ok('pipes', 'describe-pipe', '--name', 'orders');
    assert.equal(described.CurrentState, 'RUNNING');
    assert.equal(described.Source, queueArn('orders'));
    await send('orders', '{"kind":"order","id":1}', '{"kind":"refund","id":2}');
    const inputs = await eventually(async () => {
      const listed = await ok('stepfunctions', 'list-executions', '--state-machine-arn', machineArn('orders'));
      const executions = listed.executions as { executionArn: string }[];
      if (executions.length === 0) return undefined;
      const all = [];
      for (const execution of executions) {
        const got = await ok('stepfunctions', 'describe-execution', '--execution-arn', execution.executionArn);
        all.push(...(JSON.parse(String(got.input)) as unknown[]));
      }
      return all.length === 1 ? all : undefined;
    });
    assert.deepEqual(inputs, [{ order: 1, pipe: 'orders' }]);
    assert.equal(await eventually(async () => ((await waiting('orders')) === 0 ? 0 : undefined)), 0);
  });

  it('a REQUEST_RESPONSE pipe runs its Express machine; a stopped pipe reads nothing', async () => {
    await ok(
      'pipes',
      'create-pipe',
      '--name',
      'quotes',
      '--source',
      queueArn('quotes'),
      '--target',
      machineArn('quotes'),
      '--role-arn',
      roleArn,
    );
    await send('quotes', '{"q":1}');
    assert.equal(await eventually(async () => ((await waiting('quotes')) === 0 ? 0 : undefined)), 0);
    const stopped = await ok('pipes', 'stop-pipe', '--name', 'quotes');
    assert.equal(stopped.CurrentState, 'STOPPING');
    const listed = await ok('pipes', 'list-pipes', '--desired-state', 'STOPPED');
    assert.deepEqual(
      (listed.Pipes as { Name: string }[]).map((p) => p.Name),
      ['quotes'],
    );
    // The runner reads the pipes every two seconds and stops the poller at once on a change from this node.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await send('quotes', '{"q":2}');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(await waiting('quotes'), 1);
    await ok('pipes', 'start-pipe', '--name', 'quotes');
    assert.equal(await eventually(async () => ((await waiting('quotes')) === 0 ? 0 : undefined)), 0);
  });

  it('updates and deletes, and refuses with AWS exception names', async () => {
    const updated = await ok('pipes', 'update-pipe', '--name', 'orders', '--role-arn', roleArn, '--description', 'd');
    assert.equal(updated.CurrentState, 'UPDATING');
    assert.equal((await ok('pipes', 'describe-pipe', '--name', 'orders')).Description, 'd');
    await cliFails(
      server.url,
      'ConflictException',
      'pipes',
      'create-pipe',
      '--name',
      'orders',
      '--source',
      queueArn('orders'),
      '--target',
      machineArn('orders'),
      '--role-arn',
      roleArn,
    );
    await cliFails(
      server.url,
      'ValidationException',
      'pipes',
      'create-pipe',
      '--name',
      'bad',
      '--source',
      queueArn('orders'),
      '--target',
      machineArn('orders'),
      '--role-arn',
      roleArn,
      '--source-parameters',
      '{"FilterCriteria":{"Filters":[{"Pattern":"{\\"body\\": 1}"}]}}',
    );
    await ok('pipes', 'delete-pipe', '--name', 'orders');
    await cliFails(server.url, 'NotFoundException', 'pipes', 'describe-pipe', '--name', 'orders');
  });
});
