// Black box: the real `stepwise serve --aws-endpoint` against moto_server (an AWS-compatible server) on loopback.
// A workflow puts, updates and gets DynamoDB items, sends to SQS, publishes to SNS, writes and reads S3 and
// puts EventBridge events through the optimized integrations and aws-sdk:*; the test reads every effect back
// with the AWS SDK. Failures carry AWS's error names.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { MotoServer } from 'stepwise/testing';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { Teardown } from '../api/teardown.ts';
import { motoConfig, motoS3, owned as destroyed, region, serveOnMoto, sfnOf, startMoto } from './moto-clients.ts';
import { runMachine as run } from './run-machine.ts';

const owned = new Teardown();
let moto: MotoServer;
let server: ServerProcess;
let unconfigured: ServerProcess;
let sfn: SFNClient;
let bare: SFNClient;
let sqs: SQSClient;
let sns: SNSClient;
let dynamodb: DynamoDBClient;
let s3: S3Client;
let queueUrl: string;
let topicQueueUrl: string;
let topicArn: string;

before(async () => {
  moto = await startMoto(owned);
  const aws = motoConfig(moto);
  sqs = destroyed(owned, new SQSClient(aws));
  sns = destroyed(owned, new SNSClient(aws));
  dynamodb = destroyed(owned, new DynamoDBClient(aws));
  s3 = motoS3(owned, moto);
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'orders' }))).QueueUrl ?? '';
  topicQueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'notifications' }))).QueueUrl ?? '';
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'order-events' }))).TopicArn ?? '';
  const topicQueue = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: topicQueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: topicQueue.Attributes?.QueueArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  await dynamodb.send(
    new CreateTableCommand({
      TableName: 'orders',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await s3.send(new CreateBucketCommand({ Bucket: 'order-archive' }));
  server = await serveOnMoto(owned, moto.endpoint);
  unconfigured = owned.add(await startServer(['--region', region]), (process) => process.stop());
  sfn = sfnOf(owned, server.url);
  bare = sfnOf(owned, unconfigured.url);
});

after(() => owned.run());

const workflow = {
  StartAt: 'PutOrder',
  States: {
    PutOrder: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: { TableName: 'orders', Item: { id: { 'S.$': '$.id' }, status: { S: 'new' } } },
      ResultPath: null,
      Next: 'MarkPaid',
    },
    MarkPaid: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:updateItem',
      Parameters: {
        TableName: 'orders',
        Key: { id: { 'S.$': '$.id' } },
        UpdateExpression: 'SET #s = :paid',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':paid': { S: 'paid' } },
        ReturnValues: 'UPDATED_NEW',
      },
      ResultPath: '$.update',
      Next: 'GetOrder',
    },
    GetOrder: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:getItem',
      Parameters: { TableName: 'orders', Key: { id: { 'S.$': '$.id' } } },
      ResultSelector: { 'item.$': '$.Item' },
      ResultPath: '$.order',
      Next: 'Enqueue',
    },
    Enqueue: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage',
      Parameters: {
        'QueueUrl.$': '$.queueUrl',
        MessageBody: { 'orderId.$': '$.id', 'status.$': '$.order.item.status.S' },
      },
      ResultPath: '$.sent',
      Next: 'Notify',
    },
    Notify: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish',
      Parameters: { 'TopicArn.$': '$.topicArn', 'Message.$': "States.Format('order {} paid', $.id)" },
      ResultPath: '$.published',
      Next: 'Archive',
    },
    Archive: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
      Parameters: { Bucket: 'order-archive', 'Key.$': "States.Format('{}.json', $.id)", 'Body.$': '$.order.item' },
      ResultPath: null,
      Next: 'ReadBack',
    },
    ReadBack: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
      Parameters: { Bucket: 'order-archive', 'Key.$': "States.Format('{}.json', $.id)" },
      ResultSelector: { 'body.$': '$.Body' },
      ResultPath: '$.archived',
      Next: 'Announce',
    },
    Announce: {
      Type: 'Task',
      Resource: 'arn:aws:states:::events:putEvents',
      Parameters: { Entries: [{ Source: 'shop', DetailType: 'OrderPaid', Detail: { 'orderId.$': '$.id' } }] },
      ResultPath: '$.events',
      Next: 'ReadMissing',
    },
    ReadMissing: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
      Parameters: { Bucket: 'order-archive', Key: 'nothing-here' },
      Catch: [{ ErrorEquals: ['S3.NoSuchKeyException'], ResultPath: '$.missing', Next: 'Done' }],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

it('a workflow uses DynamoDB, SQS, SNS, S3 and EventBridge, and every effect is there to read back', async () => {
  const { described } = await run(sfn, 'order-flow', workflow, { id: 'o-1', queueUrl, topicArn });
  assert.equal(described.status, 'SUCCEEDED', `${described.error ?? ''}: ${described.cause ?? ''}`);
  const output = JSON.parse(described.output ?? '{}') as Record<string, Record<string, unknown>>;
  assert.deepEqual(output.update?.Attributes, { status: { S: 'paid' } });
  assert.deepEqual(output.order?.item, { id: { S: 'o-1' }, status: { S: 'paid' } });
  assert.match(String(output.sent?.MessageId), /^[0-9a-f-]{36}$/);
  // The message body is the JSON text of the MessageBody object: its MD5 proves what SQS received.
  assert.equal(output.sent?.MD5OfMessageBody, '05adcd6a7f9eb867d607cea60c16691d');
  assert.equal((output.sent.SdkHttpMetadata as { HttpStatusCode: number }).HttpStatusCode, 200);
  assert.match(String(output.published?.MessageId), /^[0-9a-f-]{36}$/);
  assert.deepEqual(JSON.parse(String(output.archived?.body)), { id: { S: 'o-1' }, status: { S: 'paid' } });
  assert.equal(output.events?.FailedEntryCount, 0);
  assert.equal(output.missing?.Error, 'S3.NoSuchKeyException');
  assert.match(String(output.missing.Cause), /^The specified key does not exist\. \(Service: S3, Status Code: 404/);

  const item = await dynamodb.send(new GetItemCommand({ TableName: 'orders', Key: { id: { S: 'o-1' } } }));
  assert.deepEqual(item.Item, { id: { S: 'o-1' }, status: { S: 'paid' } });
  const queued = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
  assert.deepEqual(JSON.parse(queued.Messages?.[0]?.Body ?? ''), { orderId: 'o-1', status: 'paid' });
  const notified = await sqs.send(new ReceiveMessageCommand({ QueueUrl: topicQueueUrl }));
  assert.equal(notified.Messages?.[0]?.Body, 'order o-1 paid');
  const object = await s3.send(new GetObjectCommand({ Bucket: 'order-archive', Key: 'o-1.json' }));
  assert.equal(await object.Body?.transformToString(), '{"id":{"S":"o-1"},"status":{"S":"paid"}}');
});

it('an AWS error fails the task with its Step Functions name and cause, recorded in history', async () => {
  const definition = {
    StartAt: 'Send',
    States: {
      Send: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Parameters: { QueueUrl: `${moto.endpoint}/123456789012/no-such-queue`, MessageBody: 'x' },
        End: true,
      },
    },
  };
  const { described, events } = await run(sfn, 'missing-queue', definition, {});
  assert.equal(described.status, 'FAILED');
  assert.equal(described.error, 'SQS.QueueDoesNotExistException');
  assert.match(described.cause ?? '', /\(Service: AmazonSQS; Status Code: 400; Error Code: .*; Proxy: null\)$/);
  const failed = events.find((event) => event.type === 'TaskFailed')?.taskFailedEventDetails;
  assert.equal(failed?.resourceType, 'sqs');
  assert.equal(failed.resource, 'sendMessage');
  assert.equal(failed.error, 'SQS.QueueDoesNotExistException');
});

it('a generic aws-sdk call returns the API response, and its errors carry the SDK exception names', async () => {
  const definition = {
    StartAt: 'List',
    States: {
      List: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:sqs:listQueues', ResultPath: '$.queues', Next: 'Bad' },
      Bad: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:dynamodb:getItem',
        Parameters: { TableName: 'no-such-table', Key: { id: { S: 'x' } } },
        End: true,
      },
    },
  };
  const { described, events } = await run(sfn, 'generic-calls', definition, {});
  const listed = events.find((event) => event.type === 'TaskSucceeded')?.taskSucceededEventDetails;
  assert.equal(listed?.resourceType, 'aws-sdk:sqs');
  assert.ok((JSON.parse(listed.output ?? '{}') as { QueueUrls: string[] }).QueueUrls.includes(queueUrl));
  assert.equal(described.status, 'FAILED');
  assert.equal(described.error, 'DynamoDb.ResourceNotFoundException');
  assert.match(described.cause ?? '', /\(Service: DynamoDb, Status Code: 400, Request ID: \S+\)$/);
});

it('without AWS configuration an AWS task fails saying exactly what to configure', async () => {
  const definition = {
    StartAt: 'Send',
    States: {
      Send: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Parameters: { QueueUrl: 'q', MessageBody: 'x' },
        End: true,
      },
    },
  };
  const { described } = await run(bare, 'not-configured', definition, {});
  assert.equal(described.status, 'FAILED');
  assert.equal(described.error, 'States.TaskFailed');
  assert.match(described.cause ?? '', /--aws-endpoint URL .* or --aws-region REGION/);
});
