// Seed 003 as a CDK app: a batch Lambda (Node) splits resourcePaths into tasks, a Map runs a Python download
// Lambda per batch (payloadResponseOnly, 120 s) and flattens the results, a consolidate Lambda (Node) sorts
// them, a Map puts each success into DynamoDB, and a Choice on $.allSucceeded publishes the failures to SNS
// then fails, or succeeds. Synthesised in process: no CDK CLI.

import { fileURLToPath } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';

const functionsDir = fileURLToPath(new URL('./functions/', import.meta.url));

export const names = {
  stateMachine: 'concurrent-downloads',
  bucket: 'downloads',
  table: 'downloaded-images',
  topic: 'download-failures',
};

/** Synthesises the app into `outdir` (a cloud assembly: manifest.json, the template, asset folders). */
export function synthesizeDownloads(outdir: string): void {
  const app = new App({ outdir });
  const stack = new Stack(app, 'ConcurrentDownloads');
  const bucket = new s3.Bucket(stack, 'Images', { bucketName: names.bucket });
  const table = new dynamodb.Table(stack, 'Results', {
    tableName: names.table,
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
  });
  const topic = new sns.Topic(stack, 'Failures', { topicName: names.topic });
  const node = (id: string, dir: string): lambda.Function =>
    new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(functionsDir + dir),
      timeout: Duration.seconds(30),
    });
  const download = new lambda.Function(stack, 'DownloadFunction', {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'download.handler',
    code: lambda.Code.fromAsset(functionsDir + 'download'),
    timeout: Duration.seconds(120),
    environment: { BUCKET: bucket.bucketName },
  });
  new sfn.StateMachine(stack, 'Downloads', {
    stateMachineName: names.stateMachine,
    definitionBody: sfn.DefinitionBody.fromChainable(
      workflow(
        stack,
        node('BatchFunction', 'batch'),
        download,
        node('ConsolidateFunction', 'consolidate'),
        table,
        topic,
      ),
    ),
  });
  app.synth();
}

function workflow(
  stack: Stack,
  batch: lambda.IFunction,
  download: lambda.IFunction,
  consolidate: lambda.IFunction,
  table: dynamodb.ITable,
  topic: sns.ITopic,
): sfn.IChainable {
  const map = new sfn.Map(stack, 'DownloadBatches', {
    maxConcurrency: 2,
    itemsPath: '$.tasks',
    resultSelector: { 'results.$': '$[*][*]' },
  });
  map.itemProcessor(
    new tasks.LambdaInvoke(stack, 'DownloadBatch', { lambdaFunction: download, payloadResponseOnly: true }),
  );
  const save = new sfn.Map(stack, 'SaveResults', { itemsPath: '$.succeeded', resultPath: sfn.JsonPath.DISCARD });
  save.itemProcessor(
    new tasks.DynamoPutItem(stack, 'PutResult', {
      table,
      item: {
        id: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.key')),
        path: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.path')),
      },
    }),
  );
  const notify = new tasks.SnsPublish(stack, 'NotifyFailures', {
    topic,
    message: sfn.TaskInput.fromJsonPathAt('$.failed'),
    resultPath: sfn.JsonPath.DISCARD,
  });
  const check = new sfn.Choice(stack, 'AllSucceeded?')
    .when(
      sfn.Condition.booleanEquals('$.allSucceeded', false),
      notify.next(
        new sfn.Fail(stack, 'DownloadsFailed', {
          error: 'DownloadsFailed',
          cause: 'some resources could not be downloaded',
        }),
      ),
    )
    .otherwise(new sfn.Succeed(stack, 'Done'));
  return sfn.Chain.start(
    new tasks.LambdaInvoke(stack, 'SplitBatches', { lambdaFunction: batch, payloadResponseOnly: true }),
  )
    .next(map)
    .next(new tasks.LambdaInvoke(stack, 'Consolidate', { lambdaFunction: consolidate, payloadResponseOnly: true }))
    .next(save)
    .next(check);
}
