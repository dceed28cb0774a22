// AWS service errors named as Step Functions names them. Step Functions performs `aws-sdk:*` tasks with the
// AWS SDK for Java v2 and its optimized integrations with the SDK for Java v1, and reports each SDK's exception:
//
// - aws-sdk (v2): `S3.NoSuchKeyException`, `DynamoDb.ResourceNotFoundException`; an error the service model does
//   not declare is the service's base exception (`DynamoDb.DynamoDbException`); the cause reads
//   `MESSAGE (Service: DynamoDb, Status Code: 400, Request ID: ID)`.
// - optimized (v1): `SQS.QueueDoesNotExistException`, `SNS.NotFoundException`, undeclared errors
//   `DynamoDB.AmazonDynamoDBException`; the cause reads
//   `MESSAGE (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: CODE; Request ID: ID; Proxy: null)`.
//
// No answer at all is `<Prefix>.SdkClientException` ("Unable to execute HTTP request: ...") in both.

import type { TaskResult } from '@stepwise/core';
import type { ServiceClient } from './sdk-clients.ts';

interface SdkError {
  name: string;
  /** The error code on the wire, when the protocol has one apart from the exception name (query protocol). */
  Code?: string;
  message: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; extendedRequestId?: string };
}

function isServiceError(error: unknown): error is SdkError {
  return (
    error instanceof Error &&
    typeof (error as SdkError).$metadata === 'object' &&
    (error as SdkError).$metadata?.httpStatusCode !== undefined
  );
}

/** Client names the rule below misreads: the JavaScript SDK's `SESv2` is the Java SDK v2's `SesV2` (`SesV2Client`). */
const javaV2Names: Readonly<Record<string, string>> = { SESv2: 'SesV2' };

/** The Java SDK v2 spelling of a client name: acronyms capitalised as words (`DynamoDB` → `DynamoDb`). */
export function javaV2Name(sdkName: string): string {
  const named = javaV2Names[sdkName];
  if (named !== undefined) return named;
  return sdkName.replace(/[A-Z]{2,}(?=[A-Z][a-z]|[^A-Za-z]|$)/g, (run) => run.charAt(0) + run.slice(1).toLowerCase());
}

/** Whether the client package declares this error (it exports a class of that name the error is made from). */
function declared(client: ServiceClient, error: SdkError): boolean {
  const declaredClass = client.module[error.name];
  return typeof declaredClass === 'function' && error instanceof (declaredClass as new () => unknown);
}

function exceptionName(name: string): string {
  return name.endsWith('Exception') ? name : `${name}Exception`;
}

function transportCause(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `Unable to execute HTTP request: ${reason}`;
}

/** An `aws-sdk:SERVICE:ACTION` failure, as the Java SDK v2 reports it. */
export function awsSdkFailure(client: ServiceClient, error: unknown): TaskResult {
  const prefix = javaV2Name(client.sdkName);
  if (!isServiceError(error)) return { error: `${prefix}.SdkClientException`, cause: transportCause(error) };
  const name = declared(client, error) ? exceptionName(error.name) : `${prefix}Exception`;
  const metadata = error.$metadata ?? {};
  const extended =
    metadata.extendedRequestId === undefined ? '' : `, Extended Request ID: ${metadata.extendedRequestId}`;
  const cause = `${error.message} (Service: ${prefix}, Status Code: ${metadata.httpStatusCode ?? 0}, Request ID: ${metadata.requestId ?? ''}${extended})`;
  return { error: `${prefix}.${name}`, cause };
}

/** How the Java SDK v1 names an optimized integration's service: error prefix, base exception, service name. */
export interface V1Service {
  prefix: string;
  baseException: string;
  serviceName: string;
}

export const v1Services: Readonly<Record<string, V1Service>> = {
  sqs: { prefix: 'SQS', baseException: 'AmazonSQSException', serviceName: 'AmazonSQS' },
  sns: { prefix: 'SNS', baseException: 'AmazonSNSException', serviceName: 'AmazonSNS' },
  dynamodb: { prefix: 'DynamoDB', baseException: 'AmazonDynamoDBException', serviceName: 'AmazonDynamoDBv2' },
  events: { prefix: 'EventBridge', baseException: 'AmazonEventBridgeException', serviceName: 'AmazonEventBridge' },
  lambda: { prefix: 'Lambda', baseException: 'AWSLambdaException', serviceName: 'AWSLambda' },
  batch: { prefix: 'Batch', baseException: 'AWSBatchException', serviceName: 'AWSBatch' },
  glue: { prefix: 'Glue', baseException: 'AWSGlueException', serviceName: 'AWSGlue' },
  sagemaker: { prefix: 'SageMaker', baseException: 'AmazonSageMakerException', serviceName: 'AmazonSageMaker' },
  ecs: { prefix: 'ECS', baseException: 'AmazonECSException', serviceName: 'AmazonECS' },
  athena: { prefix: 'Athena', baseException: 'AmazonAthenaException', serviceName: 'AmazonAthena' },
  codebuild: { prefix: 'CodeBuild', baseException: 'AWSCodeBuildException', serviceName: 'AWSCodeBuild' },
};

/** Error codes the JSON protocol renames, spelled as the Java SDK v1 (query protocol) reports them. */
const v1ErrorCodes: Readonly<Record<string, string>> = {
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
};

/** An optimized integration's failure, as the Java SDK v1 reports it. */
export function optimizedFailure(
  client: ServiceClient,
  v1: V1Service,
  error: unknown,
): { error: string; cause: string } {
  if (!isServiceError(error)) return { error: `${v1.prefix}.SdkClientException`, cause: transportCause(error) };
  const name = declared(client, error) ? exceptionName(error.name) : v1.baseException;
  const metadata = error.$metadata ?? {};
  const code = v1ErrorCodes[error.name] ?? error.Code ?? error.name;
  const cause = `${error.message} (Service: ${v1.serviceName}; Status Code: ${metadata.httpStatusCode ?? 0}; Error Code: ${code}; Request ID: ${metadata.requestId ?? ''}; Proxy: null)`;
  return { error: `${v1.prefix}.${name}`, cause };
}
