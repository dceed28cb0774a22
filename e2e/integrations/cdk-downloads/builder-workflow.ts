// The same workflow as app.ts, written with @stepwise/sdk's builder instead of the CDK: the test checks that
// both emit the same ASL, given the ARNs and names the CDK stack's resources get when loaded.

import {
  buildDefinition,
  Chain,
  Choice,
  Condition,
  DynamoAttributeValue,
  DynamoPutItem,
  Fail,
  JsonPath,
  LambdaInvoke,
  Map,
  SnsPublish,
  Succeed,
  TaskInput,
  type DefinitionJson,
} from '@stepwise/sdk/builder';

export interface DownloadsResources {
  batchArn: string;
  downloadArn: string;
  consolidateArn: string;
  tableName: string;
  topicArn: string;
}

interface Request {
  resourcePaths: string[];
}

interface Consolidated {
  succeeded: { path: string; key: string }[];
  failed: string[];
  allSucceeded: boolean;
}

export function downloadsDefinition(resources: DownloadsResources): DefinitionJson {
  const map = new Map<{ tasks: string[][] }, { results: unknown[] }>('DownloadBatches', {
    maxConcurrency: 2,
    itemsPath: '$.tasks',
    resultSelector: { 'results.$': '$[*][*]' },
  }).itemProcessor(
    new LambdaInvoke('DownloadBatch', { lambdaFunction: resources.downloadArn, payloadResponseOnly: true }),
  );
  const save = new Map<Consolidated, Consolidated>('SaveResults', {
    itemsPath: '$.succeeded',
    resultPath: JsonPath.DISCARD,
  }).itemProcessor(
    new DynamoPutItem('PutResult', {
      table: resources.tableName,
      item: {
        id: DynamoAttributeValue.fromString(JsonPath.stringAt('$.key')),
        path: DynamoAttributeValue.fromString(JsonPath.stringAt('$.path')),
      },
    }),
  );
  const notify = new SnsPublish('NotifyFailures', {
    topic: resources.topicArn,
    message: TaskInput.fromJsonPathAt('$.failed'),
    resultPath: JsonPath.DISCARD,
  });
  const failed = new Fail('DownloadsFailed', {
    error: 'DownloadsFailed',
    cause: 'some resources could not be downloaded',
  });
  const check = new Choice<Consolidated>('AllSucceeded?')
    .when(Condition.booleanEquals('$.allSucceeded', false), notify.next(failed))
    .otherwise(new Succeed('Done'));
  const split = new LambdaInvoke<Request, { tasks: string[][] }>('SplitBatches', {
    lambdaFunction: resources.batchArn,
    payloadResponseOnly: true,
  });
  const consolidate = new LambdaInvoke<{ results: unknown[] }, Consolidated>('Consolidate', {
    lambdaFunction: resources.consolidateArn,
    payloadResponseOnly: true,
  });
  return buildDefinition(Chain.start(split).next(map).next(consolidate).next(save).next(check));
}
