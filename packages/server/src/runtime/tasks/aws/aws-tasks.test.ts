// The AWS service task handlers against moto_server: `.waitForTaskToken` hands the parameters (and the token in
// them) to the service and reports the wait; errors and refusals name what to do. Names as the Java SDKs spell them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { JsonValue } from '@stepwise/core';
import { startMotoServer, type MotoServer } from '../../../testing/moto-server.ts';
import type { TaskOutcome } from '../executor.ts';
import { integrations } from '../integrations.ts';
import { javaV2Name } from './sdk-errors.ts';

let moto: MotoServer;
let sqs: SQSClient;
let queueUrl: string;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

before(async () => {
  moto = await startMotoServer();
  sqs = new SQSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'callbacks' }))).QueueUrl ?? '';
});

after(async () => {
  sqs.destroy();
  await moto.stop();
});

function perform(resource: string, input: JsonValue, configured = true): Promise<TaskOutcome> {
  const aws = configured ? { region: 'us-east-1', endpoint: moto.endpoint, credentials } : undefined;
  const { handlers } = integrations({ region: 'us-east-1', ...(aws === undefined ? {} : { aws }) });
  const handler = handlers.find((candidate) => candidate.handles(resource));
  assert.ok(handler, `no handler for ${resource}`);
  return handler.execute({ taskId: 't', resource, input, stateName: 'S' }, {});
}

test('sqs:sendMessage.waitForTaskToken sends the message with its token and reports the wait', async () => {
  const body = { taskToken: 'token-123', order: 7 };
  const outcome = await perform('arn:aws:states:::sqs:sendMessage.waitForTaskToken', {
    QueueUrl: queueUrl,
    MessageBody: body,
  });
  assert.ok('waitingForCallback' in outcome && outcome.output !== undefined, JSON.stringify(outcome));
  assert.match((JSON.parse(outcome.output) as { MessageId: string }).MessageId, /^[0-9a-f-]{36}$/);
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
  assert.deepEqual(JSON.parse(received.Messages?.[0]?.Body ?? ''), body);
});

test('aws-sdk:SERVICE:ACTION.waitForTaskToken also reports the wait once the call succeeded', async () => {
  const outcome = await perform('arn:aws:states:::aws-sdk:sqs:sendMessage.waitForTaskToken', {
    QueueUrl: queueUrl,
    MessageBody: 'token-456',
  });
  assert.ok('waitingForCallback' in outcome, JSON.stringify(outcome));
});

const refusals: { name: string; resource: string; configured?: boolean; error: string; cause: RegExp }[] = [
  {
    name: 'an action the service does not have',
    resource: 'arn:aws:states:::aws-sdk:sqs:teleportMessage',
    error: 'States.Runtime',
    cause: /'teleportMessage' is not an API action of sqs \(@aws-sdk\/client-sqs has no TeleportMessageCommand\)/,
  },
  {
    name: 'a service whose client is not installed',
    resource: 'arn:aws:states:::aws-sdk:nosuchservice:doIt',
    error: 'States.TaskFailed',
    cause: /npm install @aws-sdk\/client-nosuchservice/,
  },
  {
    name: 'an S3 task outside aws-sdk (Step Functions has no optimized S3 task)',
    resource: 'arn:aws:states:::s3:putObject',
    error: 'States.Runtime',
    cause: /use arn:aws:states:::aws-sdk:s3:putObject/,
  },
  {
    name: 'no AWS configuration',
    resource: 'arn:aws:states:::dynamodb:getItem',
    configured: false,
    error: 'States.TaskFailed',
    cause: /--aws-endpoint URL .* --aws-region REGION/,
  },
];

for (const { name, resource, configured, error, cause } of refusals) {
  test(`${name} fails the task saying what to do`, async () => {
    const outcome = await perform(resource, {}, configured);
    assert.ok('error' in outcome, JSON.stringify(outcome));
    assert.equal(outcome.error, error);
    assert.match(outcome.cause ?? '', cause);
  });
}

const javaNames: [string, string][] = [
  ['DynamoDB', 'DynamoDb'],
  ['SQS', 'Sqs'],
  ['S3', 'S3'],
  ['EC2', 'Ec2'],
  ['APIGateway', 'ApiGateway'],
  ['SecretsManager', 'SecretsManager'],
  ['SFN', 'Sfn'],
  ['SESv2', 'SesV2'],
  ['Rekognition', 'Rekognition'],
];

for (const [sdk, java] of javaNames) {
  test(`the aws-sdk error prefix of ${sdk} is ${java}`, () => {
    assert.equal(javaV2Name(sdk), java);
  });
}
