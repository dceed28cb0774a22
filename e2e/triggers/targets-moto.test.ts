// Black box against moto_server: an EventBridge rule targeting an Express machine starts it (the machine sends
// the event's detail to an SQS queue, read back here), and a target whose start is refused (the machine does
// not exist) sends the event to its SQS dead-letter queue with AWS's error attributes.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { startMotoServer } from 'stepwise/testing';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { Teardown } from '../api/teardown.ts';
import { eventually } from './aws-cli.ts';

const region = 'us-east-1';
const roleArn = 'arn:aws:iam::123456789012:role/targets';
const credentials = { accessKeyId: 'e2e', secretAccessKey: 'e2e' };
const destroy = (client: { destroy(): void }) => {
  client.destroy();
};

const owned = new Teardown();
let server: ServerProcess;
let sqs: SQSClient;
let events: EventBridgeClient;
const queues: Record<string, string> = {};

before(async () => {
  const moto = owned.add(await startMotoServer(), (m) => m.stop());
  sqs = owned.add(new SQSClient({ endpoint: moto.endpoint, region, credentials }), destroy);
  for (const name of ['notifications', 'dead-letters']) {
    queues[name] = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl ?? '';
  }
  const env = { AWS_ACCESS_KEY_ID: 'e2e', AWS_SECRET_ACCESS_KEY: 'e2e' };
  server = owned.add(await startServer(['--aws-endpoint', moto.endpoint, '--region', region], { env }), (s) =>
    s.stop(),
  );
  const sfn = owned.add(new SFNClient({ endpoint: server.url, region, credentials }), destroy);
  events = owned.add(new EventBridgeClient({ endpoint: server.url, region, credentials }), destroy);
  const notify = {
    StartAt: 'Send',
    States: {
      Send: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Parameters: { QueueUrl: queues.notifications, 'MessageBody.$': '$.detail' },
        End: true,
      },
    },
  };
  const created = await sfn.send(
    new CreateStateMachineCommand({ name: 'notify', type: 'EXPRESS', definition: JSON.stringify(notify), roleArn }),
  );
  await rule('express', created.stateMachineArn ?? '', {});
  await rule('missing', `arn:aws:states:${region}:123456789012:stateMachine:gone`, {
    DeadLetterConfig: { Arn: `arn:aws:sqs:${region}:123456789012:dead-letters` },
    RetryPolicy: { MaximumRetryAttempts: 0 },
  });
});

after(() => owned.run());

async function rule(kind: string, arn: string, extra: object): Promise<void> {
  await events.send(new PutRuleCommand({ Name: kind, EventPattern: JSON.stringify({ 'detail-type': [kind] }) }));
  const put = await events.send(
    new PutTargetsCommand({ Rule: kind, Targets: [{ Id: kind, Arn: arn, RoleArn: roleArn, ...extra }] }),
  );
  assert.equal(put.FailedEntryCount, 0);
}

async function receive(queue: string): Promise<Message> {
  return eventually(async () => {
    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queues[queue], MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }),
    );
    return got.Messages?.[0];
  });
}

async function put(kind: string, detail: object): Promise<void> {
  const entries = [{ Source: 'shop', DetailType: kind, Detail: JSON.stringify(detail) }];
  const answer = await events.send(new PutEventsCommand({ Entries: entries }));
  assert.equal(answer.FailedEntryCount, 0);
}

it('a rule starts its Express target, whose task reaches SQS', async () => {
  await put('express', { order: 7 });
  const message = await receive('notifications');
  assert.deepEqual(JSON.parse(message.Body ?? ''), { order: 7 });
});

it('a refused start goes to the dead-letter queue with the error', async () => {
  await put('missing', { order: 8 });
  const message = await receive('dead-letters');
  const event = JSON.parse(message.Body ?? '') as { detail: object; 'detail-type': string };
  assert.deepEqual([event['detail-type'], event.detail], ['missing', { order: 8 }]);
  const attributes = message.MessageAttributes ?? {};
  assert.equal(attributes.ERROR_CODE?.StringValue, 'StateMachineDoesNotExist');
  assert.match(attributes.ERROR_MESSAGE?.StringValue ?? '', /gone/);
  assert.equal(attributes.TARGET_ARN?.StringValue, `arn:aws:states:${region}:123456789012:stateMachine:gone`);
});
