// AWS service cases on an AWS-compatible server (moto_server): which category c cases can run there, the
// resources each needs (the queue, topic, table, bucket or object the recording test made first), the
// case's input with its `<stub:fixture...>` values replaced by the real ones, and the texts the
// normalisation must map back to the recording's placeholders.

import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, DeleteTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { TaskInvocation, TaskResult } from '@stepwise/core';
import { integrations, type AwsConfig, type ExecuteOptions, type TaskHandler, type TaskOutcome } from 'stepwise';
import type { ConformanceCase } from './case.ts';

/** Services whose cases run on moto (activities and nested executions run on Stepwise itself). */
const motoServices = new Set([
  'sqs',
  'sns',
  // The harness plays the recording test's consumer of the task token (callback-consumer.ts).
  'sqs+callback',
  'sns+callback',
  'dynamodb',
  'events',
  'aws-sdk:dynamodb',
  'aws-sdk:s3',
  'aws-sdk:s3+callback',
  // A Distributed Map's ItemReader and ResultWriter.
  's3',
  'aws-sdk:secretsmanager',
  'aws-sdk:sqs',
]);

export const conformanceAccount = '111111111111';
const region = 'us-east-1';
const credentials = { accessKeyId: 'conformance', secretAccessKey: 'conformance' };

export interface AwsServices {
  endpoint: string;
  /** Forgets every resource, so that each case starts from an empty account. */
  reset(): Promise<void>;
}

let active: AwsServices | undefined;
let handlers: TaskHandler[] = [];

/** Makes AWS service cases run against this server (undefined: they are skipped again). */
export function useAwsServices(services: AwsServices | undefined): void {
  active = services;
  const aws: AwsConfig | undefined =
    services === undefined ? undefined : { region, endpoint: services.endpoint, credentials };
  handlers = aws === undefined ? [] : integrations({ region, aws }).handlers;
}

export function awsServicesActive(): boolean {
  return active !== undefined;
}

/** Endpoint, region and credentials for an SDK client of the AWS-compatible server in use. */
export function awsClientConfig(): { region: string; endpoint: string; credentials: typeof credentials } | undefined {
  return active === undefined ? undefined : { region, endpoint: active.endpoint, credentials };
}

/** Whether the case calls only services moto can stand in for. */
export function runsOnAws(c: ConformanceCase): boolean {
  const services = c.services.filter((service) => service !== 'lambda');
  return services.length > 0 && services.every((service) => motoServices.has(service));
}

/** The task handler for a resource (HTTP, optimized integrations, aws-sdk), when AWS services are in use. */
export function awsHandlerFor(resource: string): TaskHandler | undefined {
  return handlers.find((handler) => handler.handles(resource));
}

/** A non-Lambda task for the local runner (no callbacks): performed by the integrations when AWS services are in use. */
export async function invokeServiceTask(invocation: TaskInvocation): Promise<TaskResult> {
  const outcome = await performServiceTask(invocation);
  if ('waitingForCallback' in outcome || 'handedOver' in outcome || 'jobStarted' in outcome) {
    return { error: 'States.Runtime', cause: 'callbacks are not targeted' };
  }
  return outcome;
}

/**
 * A non-Lambda task for a runtime: a `.waitForTaskToken` call then waits for its token. The runtime's options
 * go through (a ResultWriter reads the map run's children from the store with them).
 */
export async function performServiceTask(
  invocation: TaskInvocation,
  options: ExecuteOptions = {},
): Promise<TaskOutcome> {
  const handler = awsHandlerFor(invocation.resource);
  if (handler === undefined) return { error: 'States.Runtime', cause: `No local handler for ${invocation.resource}` };
  return handler.execute(invocation, options);
}

/** The case's input, and for a case that calls AWS services its resources made and its stubs filled in. */
export async function prepareServices(
  c: ConformanceCase,
): Promise<{ input: string; literals?: [string, string][]; queueUrl?: string }> {
  if (!runsOnAws(c) || active === undefined) return withTrustedRole(c, c.input_text ?? JSON.stringify(c.input ?? {}));
  return prepareAwsCase(c);
}

const trustedRoleStub = '<stub:fixture.create_cross_account_admin_role_and_policy()>';

/**
 * The role the cross-account tests created for a Task's `Credentials`: Stepwise records the role a task
 * names (`taskCredentials`) and needs no real one, so any ARN stands in, mapped back to the placeholder.
 */
function withTrustedRole(c: ConformanceCase, input: string): { input: string; literals?: [string, string][] } {
  const placeholder = c.normalisation.replacements.find((r) => r.type === 'regex' && r.pattern === trustedRoleStub);
  if (!input.includes(trustedRoleStub) || placeholder === undefined) return { input };
  const role = `arn:aws:iam::${conformanceAccount}:role/conformance-trusted-role`;
  return { input: input.replaceAll(trustedRoleStub, role), literals: [[role, placeholder.replacement]] };
}

export interface PreparedCase {
  input: string;
  /** Real values to replace by the recording's placeholder before the case's own replacements. */
  literals: [string, string][];
  /** The queue the case's callback consumer reads. */
  queueUrl?: string;
}

/** Empties the AWS-compatible server's account (a case that makes its own queues starts from none). */
export async function resetAwsServices(): Promise<void> {
  await active?.reset();
}

/** Creates the case's resources on an empty account and returns its input with the stubs filled in. */
export async function prepareAwsCase(c: ConformanceCase): Promise<PreparedCase> {
  if (active === undefined) throw new Error('AWS services are not in use');
  await active.reset();
  const aws = { region, endpoint: active.endpoint, credentials };
  const fixtures = new Set(c.external_fixtures ?? []);
  let input = c.input_text ?? JSON.stringify(c.input ?? {});
  const literals: [string, string][] = [];
  let queueUrl: string | undefined;
  const fill = (stub: string, value: string): void => {
    if (!input.includes(stub)) return;
    input = input.replaceAll(stub, value);
    const placeholder = c.normalisation.replacements.find((r) => r.type === 'regex' && r.pattern === stub);
    if (placeholder !== undefined) literals.push([value, placeholder.replacement]);
  };
  if (fixtures.has('sqs_create_queue') || fixtures.has('events_to_sqs_queue')) {
    const sqs = new SQSClient(aws);
    const name = recordedName(c, /^queue-\w+$/) ?? 'queue-conformance';
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl ?? '';
    queueUrl = url;
    sqs.destroy();
    fill('<stub:fixture.sqs_create_queue()>', url);
    fill('<stub:fixture.events_to_sqs_queue()>', url);
  }
  if (fixtures.has('sns_create_topic')) {
    const sns = new SNSClient(aws);
    const fifo = c.id.includes('fifo');
    const topic = await sns.send(
      new CreateTopicCommand({
        Name: fifo ? 'topic-conformance.fifo' : 'topic-conformance',
        ...(fifo ? { Attributes: { FifoTopic: 'true' } } : {}),
      }),
    );
    // The error case publishes to a topic that no longer exists.
    if (c.id.includes('error_topic_arn')) await sns.send(new DeleteTopicCommand({ TopicArn: topic.TopicArn }));
    // The callback test's consumer reads the topic's notifications from a subscribed queue.
    if (fixtures.has('sns_allow_topic_sqs_queue') && queueUrl !== undefined) {
      await subscribeQueue(aws, sns, topic.TopicArn ?? '', queueUrl);
    }
    sns.destroy();
    fill("<stub:fixture.sns_create_topic()['TopicArn']>", topic.TopicArn ?? '');
  }
  if (fixtures.has('s3_create_bucket')) {
    const s3 = new S3Client({ ...aws, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'bucket-conformance' }));
    for (const object of storedObjects(c)) {
      await s3.send(
        new PutObjectCommand({
          Bucket: 'bucket-conformance',
          Key: object.key,
          Body: Buffer.from(object.body),
          // What S3 records for an object stored without a content type or encryption, as the recording
          // test's was (S3 encrypts every new object with AES256 by default; moto does not).
          ContentType: 'binary/octet-stream',
          ServerSideEncryption: 'AES256',
        }),
      );
    }
    // The result writer case writes to a bucket its definition names.
    if (c.id.includes('result_writer')) await s3.send(new CreateBucketCommand({ Bucket: 'result-bucket' }));
    s3.destroy();
    fill('<stub:fixture.s3_create_bucket()>', 'bucket-conformance');
  }
  if (fixtures.has('dynamodb_create_table')) await createTables(aws, input);
  return { input, literals, ...(queueUrl === undefined ? {} : { queueUrl }) };
}

async function subscribeQueue(aws: ClientConfig, sns: SNSClient, topicArn: string, queueUrl: string): Promise<void> {
  const sqs = new SQSClient(aws);
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  sqs.destroy();
  await sns.send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: attributes.Attributes?.QueueArn }),
  );
}

type ClientConfig = { region: string; endpoint: string; credentials: typeof credentials };

/** The name the recording gave a resource, from the case's own replacements (`queue-cuaaaaab`). */
function recordedName(c: ConformanceCase, pattern: RegExp): string | undefined {
  for (const r of c.normalisation.replacements) {
    const text = r.type === 'regex' ? r.pattern : r.value;
    if (pattern.test(text)) return text;
  }
  return undefined;
}

/**
 * The S3 objects the recording test stored first: the get_object tests' object by the test's parameter,
 * the ItemReader tests' CSV and JSON files (the CSV texts as the recording tests wrote them, the JSON items
 * as the recordings show them) and the three objects the ListObjectsV2 test listed.
 */
function storedObjects(c: ConformanceCase): { key: string; body: string }[] {
  const variant = /s3_get_object\.(\w+)$/.exec(c.id)?.[1];
  if (variant !== undefined) {
    const body = getObjectBodies[variant];
    return body === undefined ? [] : [{ key: 'file_key', body }];
  }
  if (c.id.includes('list_objects_v2')) {
    return [0, 1, 2].map((i) => ({ key: `file_${i}.txt`, body: `${i}HelloWorld!` }));
  }
  const file = Object.entries(readerFiles).find(([part]) => c.id.includes(part))?.[1];
  if (file !== undefined) return [{ key: file.key, body: file.body }];
  return [];
}

const getObjectBodies: Readonly<Record<string, string>> = {
  str: 'text data',
  binary: 'binary data',
  bytearray: 'byte array data',
  empty_str: '',
  empty_binary: '',
};

const csvRows = "Value4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n";
const factChecks = [
  { verdict: 'true', statement_date: '6/11/2008', statement_source: 'speech' },
  { verdict: 'false', statement_date: '6/7/2022', statement_source: 'television' },
  { verdict: 'mostly-true', statement_date: '5/18/2016', statement_source: 'news' },
  { verdict: 'false', statement_date: '5/18/2024', statement_source: 'x' },
];

/** ItemReader files by a part of the case id, most specific first. */
const readerFiles: Readonly<Record<string, { key: string; body: string }>> = {
  csv_headers_first_row_typed_headers: { key: 'file.csv', body: `0,True,{}\n${csvRows}` },
  csv_first_row_extra_fields: { key: 'file.csv', body: `H1,\n${csvRows}` },
  csv_headers_first_line: { key: 'file.csv', body: `Col1,Col2,Col3\nValue1,Value2,Value3\n${csvRows}` },
  csv_headers_decl: { key: 'file.csv', body: `Value1,Value2,Value3\n${csvRows}` },
  csv_max_items: { key: 'file.csv', body: 'Col1,Col2\nValue1,Value2\nValue3,Value4\nValue5,Value6\nValue7,Value8\n' },
  json_with_items_path: { key: 'file.json', body: JSON.stringify([['from-bucket-item-0']]) },
  max_items_path: { key: 'file.json', body: JSON.stringify(factChecks) },
  json_max_items: { key: 'file.json', body: JSON.stringify(factChecks) },
  max_per_batch: { key: 'file.json', body: JSON.stringify(factChecks) },
};

/** The tables the input names that the recording test had created (`sfn_test_table_...`, keyed by `id`). */
async function createTables(aws: ClientConfig, input: string) {
  const dynamodb = new DynamoDBClient(aws);
  const names = new Set([...input.matchAll(/"TableName": ?"(sfn_test_table_\w+)"/g)].map((m) => m[1] ?? ''));
  for (const name of names) {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }
  dynamodb.destroy();
}
