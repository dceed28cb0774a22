// Black box: seed 003's CDK app, synthesised in the test (aws-cdk-lib, no CDK CLI), served with
// `stepwise serve --load cdk.out` and run against moto: its Node functions and its Python download function
// (boto3 pointed at moto) run from the assembly's asset folders, its DynamoDB and SNS tasks reach moto.
// `stepwise load` against the running server then reports the machine unchanged. No file is edited by hand.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, it } from 'node:test';
import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startMotoServer, type MotoServer } from 'stepwise/testing';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { names, synthesizeDownloads } from './cdk-downloads/app.ts';
import { downloadsDefinition } from './cdk-downloads/builder-workflow.ts';

const region = 'us-east-1';
const credentials = { accessKeyId: 'e2e', secretAccessKey: 'e2e' };
const binary = fileURLToPath(new URL('../../packages/server/bin/stepwise.js', import.meta.url));

let moto: MotoServer;
let server: ServerProcess;
let sfn: SFNClient;
let s3: S3Client;
let dynamodb: DynamoDBClient;
let sqs: SQSClient;
let sns: SNSClient;
let queueUrl: string;
let assembly: string;

before(async () => {
  assembly = mkdtempSync(join(tmpdir(), 'stepwise-cdk-'));
  synthesizeDownloads(assembly);
  moto = await startMotoServer();
  const aws = { endpoint: moto.endpoint, region, credentials };
  s3 = new S3Client({ ...aws, forcePathStyle: true });
  dynamodb = new DynamoDBClient(aws);
  sqs = new SQSClient(aws);
  sns = new SNSClient(aws);
  await createResources();
  server = await startServer(['--load', assembly, '--aws-endpoint', moto.endpoint, '--region', region], {
    env: {
      AWS_ACCESS_KEY_ID: 'e2e',
      AWS_SECRET_ACCESS_KEY: 'e2e',
      AWS_DEFAULT_REGION: region,
      // The user's boto3 reads this; Stepwise passes its environment on to the functions.
      AWS_ENDPOINT_URL: moto.endpoint,
    },
  });
  sfn = new SFNClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
});

after(async () => {
  for (const client of [sfn, s3, dynamodb, sqs, sns]) client.destroy();
  await server.stop();
  await moto.stop();
  rmSync(assembly, { recursive: true, force: true });
});

/** What the stack's bucket, table and topic would be on AWS; the loader leaves them to the user's account. */
async function createResources(): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: names.bucket }));
  await dynamodb.send(
    new CreateTableCommand({
      TableName: names.table,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: names.topic }))).TopicArn;
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'failures' }))).QueueUrl ?? '';
  const queue = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queue.Attributes?.QueueArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
}

async function run(input: object): Promise<DescribeExecutionCommandOutput> {
  const machines = await sfn.send(new ListStateMachinesCommand({}));
  const machine = machines.stateMachines?.find((item) => item.name === names.stateMachine);
  assert.ok(machine, `the loaded machine ${names.stateMachine} is listed`);
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: JSON.stringify(input) }),
  );
  let described: DescribeExecutionCommandOutput;
  do {
    await new Promise((resolve) => setTimeout(resolve, 100));
    described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  } while (described.status === 'RUNNING');
  return described;
}

it('runs the loaded CDK workflow: Node and Python functions, S3 by boto3, DynamoDB puts', async () => {
  const paths = ['cats/1.png', 'cats/2.png', 'dogs/3.png'];
  const described = await run({ resourcePaths: paths });
  assert.equal(described.status, 'SUCCEEDED', `${String(described.error)}: ${String(described.cause)}`);
  const output = JSON.parse(described.output ?? '{}') as { allSucceeded: boolean; succeeded: { path: string }[] };
  assert.equal(output.allSucceeded, true);
  assert.deepEqual(
    output.succeeded.map((item) => item.path),
    paths,
  );
  const objects = await s3.send(new ListObjectsV2Command({ Bucket: names.bucket }));
  assert.deepEqual(objects.Contents?.map((item) => item.Key).sort(), [
    'images/cats_1.png',
    'images/cats_2.png',
    'images/dogs_3.png',
  ]);
  const items = await dynamodb.send(new ScanCommand({ TableName: names.table }));
  assert.deepEqual(items.Items?.map((item) => item.path?.S).sort(), paths);
});

it('publishes the failures to SNS and fails when a download fails', async () => {
  const described = await run({ resourcePaths: ['cats/4.png', 'missing/5.png'] });
  assert.equal(described.status, 'FAILED');
  assert.equal(described.error, 'DownloadsFailed');
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
  assert.deepEqual(JSON.parse(received.Messages?.[0]?.Body ?? 'null'), ['missing/5.png']);
});

it('stepwise load against the running server finds the machine unchanged', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [binary, 'load', assembly, '--endpoint', server.url]);
  assert.match(
    stdout,
    new RegExp(`^unchanged arn:aws:states:${region}:123456789012:stateMachine:${names.stateMachine}$`, 'm'),
  );
  assert.match(stdout, /^function DownloadFunction\w+ \(python3\.12, download\.handler\) runs /m);
});

it("the @stepwise/sdk builder reproduces the CDK workflow's ASL exactly", async () => {
  const template = JSON.parse(readFileSync(join(assembly, 'ConcurrentDownloads.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string }>;
  };
  const functionArn = (prefix: string): string => {
    const id = Object.keys(template.Resources).find(
      (key) => key.startsWith(prefix) && template.Resources[key]?.Type === 'AWS::Lambda::Function',
    );
    assert.ok(id, `the template has a ${prefix} function`);
    return `arn:aws:lambda:${region}:123456789012:function:${id}`;
  };
  const arn = `arn:aws:states:${region}:123456789012:stateMachine:${names.stateMachine}`;
  const loaded = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  const built = downloadsDefinition({
    batchArn: functionArn('BatchFunction'),
    downloadArn: functionArn('DownloadFunction'),
    consolidateArn: functionArn('ConsolidateFunction'),
    tableName: names.table,
    topicArn: `arn:aws:sns:${region}:123456789012:${names.topic}`,
  });
  assert.deepEqual(built, JSON.parse(loaded.definition ?? '{}'));
});
