// Black box: seed 001's SAM template served with `stepwise serve --load` and `--time-scale 0`, against moto. The
// template's EventBridgeRule event becomes a rule on the server; a CloudTrail-shaped upload event sent with the
// AWS SDK's PutEvents starts the state machine, whose Python functions (boto3 pointed at moto) record the
// object's size, type and Rekognition labels in DynamoDB. Its 10-second Wait takes no time.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, ListRulesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { startMotoServer, type MotoServer } from 'stepwise/testing';
import { startServer, type ServerProcess } from '../api/server-process.ts';

const template = fileURLToPath(new URL('../../examples/image-metadata/template.yaml', import.meta.url));
const region = 'us-east-1';
const credentials = { accessKeyId: 'e2e', secretAccessKey: 'e2e' };
const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:image-metadata';

let moto: MotoServer;
let server: ServerProcess;
let dynamodb: DynamoDBClient;
let events: EventBridgeClient;
let sfn: SFNClient;

before(async () => {
  moto = await startMotoServer();
  const aws = { endpoint: moto.endpoint, region, credentials };
  const s3 = new S3Client({ ...aws, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'photos' }));
  await s3.send(
    new PutObjectCommand({ Bucket: 'photos', Key: 'cat.jpg', Body: 'not really a cat', ContentType: 'image/jpeg' }),
  );
  s3.destroy();
  dynamodb = new DynamoDBClient(aws);
  await dynamodb.send(
    new CreateTableCommand({
      TableName: 'image-metadata',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
  // The item exists before the two branches update it at the same time. In DynamoDB an UpdateItem is atomic
  // per item; moto's is not when the item is new: both calls see no item, each stores an empty one, and the
  // second replaces the first, so the first branch's attributes were lost (this test's old flake: labels
  // missing after a SUCCEEDED execution).
  await dynamodb.send(new PutItemCommand({ TableName: 'image-metadata', Item: { id: { S: 'photos/cat.jpg' } } }));
  const args = ['--load', template, '--aws-endpoint', moto.endpoint, '--time-scale', '0'];
  server = await startServer(args, {
    env: {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_DEFAULT_REGION: region,
      AWS_ENDPOINT_URL: moto.endpoint,
      // moto 5 models DetectLabels but not DetectFaces.
      REKOGNITION_FEATURES: 'labels',
    },
  });
  const stepwise = { endpoint: server.url, region, credentials, maxAttempts: 1 };
  events = new EventBridgeClient(stepwise);
  sfn = new SFNClient(stepwise);
});

after(async () => {
  for (const client of [dynamodb, events, sfn]) client.destroy();
  await server.stop();
  await moto.stop();
});

async function onlyExecution(): Promise<string> {
  // Polls the API, bounded: a rule that never starts the machine fails the test instead of hanging it.
  // A loaded machine (many test files at once) needs time to start its Python workers: up to two minutes.
  for (let attempt = 0; attempt < 1200; attempt++) {
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn }));
    const arn = executions[0]?.executionArn;
    if (arn !== undefined && executions[0]?.status !== 'RUNNING') return arn;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no execution of image-metadata ended after 1200 polls');
}

it("serves the template's EventBridgeRule event as a rule", async () => {
  const { Rules = [] } = await events.send(new ListRulesCommand({}));
  assert.deepEqual(
    Rules.map((rule) => rule.Name),
    ['ImageMetadataUploads'],
  );
});

it('starts the machine from an upload event; its Python functions record the image in DynamoDB', async () => {
  const detail = {
    eventSource: 's3.amazonaws.com',
    eventName: 'PutObject',
    requestParameters: { bucketName: 'photos', key: 'cat.jpg' },
  };
  const put = await events.send(
    new PutEventsCommand({
      Entries: [{ Source: 'aws.s3', DetailType: 'AWS API Call via CloudTrail', Detail: JSON.stringify(detail) }],
    }),
  );
  assert.equal(put.FailedEntryCount, 0);
  const executionArn = await onlyExecution();
  const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  assert.equal(described.status, 'SUCCEEDED', described.cause);
  assert.deepEqual(JSON.parse(described.output ?? 'null'), [
    { id: 'photos/cat.jpg', size: 16, contentType: 'image/jpeg' },
    { labels: ['Mobile Phone'] },
  ]);
  const { Item } = await dynamodb.send(
    new GetItemCommand({ TableName: 'image-metadata', Key: { id: { S: 'photos/cat.jpg' } } }),
  );
  assert.deepEqual(Item?.labels, { L: [{ S: 'Mobile Phone' }] });
});
