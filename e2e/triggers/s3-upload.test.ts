// The seeds' upload-to-workflow scenario, black box against moto_server: an image put into an S3 bucket whose
// notifications go to an SQS queue → `stepwise serve --s3-events-queue` → an EventBridge rule on
// `detail.object.key` suffix `.png` (made with the AWS SDK) → the image workflow → an item written to DynamoDB,
// read back with the SDK. A `.txt` upload starts nothing; the webhook takes a MinIO-style notification too.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateBucketCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateStateMachineCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startMotoServer, type MotoServer } from 'stepwise/testing';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { Teardown } from '../api/teardown.ts';
import { eventually } from './aws-cli.ts';

const region = 'us-east-1';
const credentials = { accessKeyId: 'e2e', secretAccessKey: 'e2e' };
const roleArn = 'arn:aws:iam::123456789012:role/images';
const secret = 'webhook-secret';

const owned = new Teardown();
let moto: MotoServer;
let server: ServerProcess;
let s3: S3Client;
let dynamodb: DynamoDBClient;
let sfn: SFNClient;
let machineArn: string;

const destroy = (client: { destroy(): void }) => {
  client.destroy();
};

const imageWorkflow = {
  StartAt: 'RecordImage',
  States: {
    RecordImage: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: {
        TableName: 'images',
        Item: { key: { 'S.$': '$.detail.object.key' }, bucket: { 'S.$': '$.detail.bucket.name' } },
      },
      End: true,
    },
  },
};

before(async () => {
  moto = owned.add(await startMotoServer(), (m) => m.stop());
  const aws = { endpoint: moto.endpoint, region, credentials };
  s3 = owned.add(new S3Client({ ...aws, forcePathStyle: true }), destroy);
  dynamodb = owned.add(new DynamoDBClient(aws), destroy);
  const sqs = owned.add(new SQSClient(aws), destroy);
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'upload-events' }))).QueueUrl ?? '';
  await s3.send(new CreateBucketCommand({ Bucket: 'uploads' }));
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: 'uploads',
      NotificationConfiguration: {
        QueueConfigurations: [
          { QueueArn: `arn:aws:sqs:${region}:123456789012:upload-events`, Events: ['s3:ObjectCreated:*'] },
        ],
      },
    }),
  );
  await dynamodb.send(
    new CreateTableCommand({
      TableName: 'images',
      KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'key', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const args = ['--aws-endpoint', moto.endpoint, '--region', region, '--s3-events-queue', queueUrl];
  server = owned.add(
    await startServer([...args, '--s3-webhook-secret', secret], {
      env: { AWS_ACCESS_KEY_ID: 'e2e', AWS_SECRET_ACCESS_KEY: 'e2e' },
    }),
    (process) => process.stop(),
  );
  sfn = owned.add(new SFNClient({ endpoint: server.url, region, credentials }), destroy);
  const events = owned.add(new EventBridgeClient({ endpoint: server.url, region, credentials }), destroy);
  machineArn =
    (
      await sfn.send(
        new CreateStateMachineCommand({ name: 'image-workflow', roleArn, definition: JSON.stringify(imageWorkflow) }),
      )
    ).stateMachineArn ?? '';
  const pattern = {
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: { bucket: { name: ['uploads'] }, object: { key: [{ suffix: '.png' }] } },
  };
  await events.send(new PutRuleCommand({ Name: 'png-uploads', EventPattern: JSON.stringify(pattern) }));
  const put = await events.send(
    new PutTargetsCommand({
      Rule: 'png-uploads',
      Targets: [{ Id: 'image-workflow', Arn: machineArn, RoleArn: roleArn }],
    }),
  );
  assert.equal(put.FailedEntryCount, 0);
});

after(() => owned.run());

async function imageItem(key: string): Promise<Record<string, unknown> | undefined> {
  const got = await dynamodb.send(new GetItemCommand({ TableName: 'images', Key: { key: { S: key } } }));
  return got.Item;
}

it('an uploaded .png starts the image workflow, which writes its item; a .txt starts nothing', async () => {
  await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'notes.txt', Body: 'text' }));
  await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'photos/cat 1.png', Body: 'png' }));
  const item = await eventually(() => imageItem('photos/cat 1.png'));
  assert.deepEqual(item, { key: { S: 'photos/cat 1.png' }, bucket: { S: 'uploads' } });
  const executions = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn }));
  assert.equal(executions.executions?.length, 1);
  assert.equal(await imageItem('notes.txt'), undefined);
});

it('the webhook takes an object store notification with the secret, and refuses one without', async () => {
  const body = JSON.stringify({
    EventName: 's3:ObjectCreated:Put',
    Key: 'uploads/dog.png',
    Records: [
      {
        eventName: 's3:ObjectCreated:Put',
        eventTime: '2026-12-05T10:00:00.000Z',
        s3: { bucket: { name: 'uploads' }, object: { key: 'dog.png', size: 3 } },
      },
    ],
  });
  const post = (headers: Record<string, string>) =>
    fetch(`${server.url}/s3-notifications`, { method: 'POST', body, headers });
  const refused = await post({});
  assert.equal(refused.status, 403);
  const accepted = await post({ authorization: `Bearer ${secret}`, 'content-type': 'application/json' });
  assert.equal(accepted.status, 200);
  assert.deepEqual(await accepted.json(), { events: 1 });
  assert.deepEqual(await eventually(() => imageItem('dog.png')), { key: { S: 'dog.png' }, bucket: { S: 'uploads' } });
  const malformed = await fetch(`${server.url}/s3-notifications`, {
    method: 'POST',
    body: '{"records": []}',
    headers: { 'x-stepwise-webhook-secret': secret },
  });
  assert.equal(malformed.status, 400);
  assert.match(((await malformed.json()) as { message: string }).message, /no "Records" array/);
});
