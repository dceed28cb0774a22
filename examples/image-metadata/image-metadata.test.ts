// Seed 001's Python functions, run as Tasks of the SAM template's state machine by the test kit, with boto3
// pointed at a moto_server: the metadata branch reads the object from S3 and puts the DynamoDB item, the
// Rekognition branch (after its 10-second Wait, which takes no time) adds the labels to it. moto 5 models
// DetectLabels (a canned answer whatever the image) but not DetectFaces: asked for faces, the function fails
// with the ClientError boto3 raises, reported as Lambda reports an error.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startMotoServer, Workflow, type MotoServer } from 'stepwise/testing';

const template = fileURLToPath(new URL('template.yaml', import.meta.url));
const region = 'us-east-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** The CloudTrail record of an upload, as an EventBridge rule delivers it. */
const upload = {
  source: 'aws.s3',
  'detail-type': 'AWS API Call via CloudTrail',
  detail: {
    eventSource: 's3.amazonaws.com',
    eventName: 'PutObject',
    requestParameters: { bucketName: 'uploads', key: 'team/portrait.png' },
  },
};

let moto: MotoServer;
let dynamodb: DynamoDBClient;

/** The functions' environment: boto3 reads the endpoint and credentials from it. */
function environment(extra: Record<string, string>): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: region,
    ...extra,
  };
}

before(async () => {
  moto = await startMotoServer();
  const aws = { endpoint: moto.endpoint, region, credentials };
  const s3 = new S3Client({ ...aws, forcePathStyle: true });
  dynamodb = new DynamoDBClient(aws);
  await s3.send(new CreateBucketCommand({ Bucket: 'uploads' }));
  const image = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  await s3.send(
    new PutObjectCommand({ Bucket: 'uploads', Key: 'team/portrait.png', Body: image, ContentType: 'image/png' }),
  );
  s3.destroy();
  await dynamodb.send(
    new CreateTableCommand({
      TableName: 'image-metadata',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
});

after(async () => {
  dynamodb.destroy();
  await moto.stop();
});

describe('seed 001: image metadata with Python functions and boto3 on moto', () => {
  it('records the size, type and labels of an upload in DynamoDB', async () => {
    const workflow = Workflow.fromTemplate(template, 'ImageMetadata', {
      environment: environment({ REKOGNITION_FEATURES: 'labels' }),
    });
    try {
      const run = await workflow.run(upload);
      run.expectSucceeded().expectPathThrough(['Analyse', 'ExtractMetadata', 'WaitForUpload', 'RekognitionLookup']);
      assert.deepEqual(run.output, [
        { id: 'uploads/team/portrait.png', size: 16, contentType: 'image/png' },
        { labels: ['Mobile Phone'] },
      ]);
      assert.deepEqual(run.logs, [
        { functionName: 'extract-image-metadata', line: 'recorded uploads/team/portrait.png: 16 bytes of image/png' },
      ]);
      const key = { id: { S: 'uploads/team/portrait.png' } };
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: 'image-metadata', Key: key }));
      assert.deepEqual(Item, {
        ...key,
        bucket: { S: 'uploads' },
        key: { S: 'team/portrait.png' },
        size: { N: '16' },
        contentType: { S: 'image/png' },
        labels: { L: [{ S: 'Mobile Phone' }] },
      });
    } finally {
      workflow.close();
    }
  });

  it('reports the error boto3 raises when moto cannot answer DetectFaces, as Lambda reports it', async () => {
    const workflow = Workflow.fromTemplate(template, 'ImageMetadata', {
      environment: environment({ AWS_MAX_ATTEMPTS: '1' }),
    });
    try {
      const run = await workflow.run(upload);
      run.expectFailed('ClientError', /DetectFaces/);
      const cause = JSON.parse(run.cause ?? '{}') as { errorType: string; stackTrace: string[] };
      assert.equal(cause.errorType, 'ClientError');
      assert.match(cause.stackTrace.join(''), /rekognition_lookup\.py/);
    } finally {
      workflow.close();
    }
  });
});
