// The `SdkHttpMetadata` and `SdkResponseMetadata` members Step Functions adds to an optimized integration's
// output (the Java SDK v1 response metadata): the HTTP headers the AWS service answered with, its status and
// request id. They describe AWS's own response, so they are built as AWS sends it: the body AWS would have
// sent gives Content-Length (and DynamoDB's x-amz-crc32), whatever the configured endpoint answered.

import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { JsonValue } from '@stepwise/core';

type HeaderList = [name: string, value: string][];

/** The response body as AWS sends it for each protocol: JSON 1.0 (SQS, DynamoDB) or SNS's XML. */
function awsBody(service: string, action: string, output: Record<string, JsonValue>, requestId: string): string {
  if (service !== 'sns') return JSON.stringify(output);
  const tag = `${action.charAt(0).toUpperCase()}${action.slice(1)}`;
  const members = Object.entries(output)
    .flatMap(([name, value]) => (typeof value === 'string' || typeof value === 'number' ? [[name, value]] : []))
    .map(([name, value]) => `    <${name}>${value}</${name}>\n`)
    .join('');
  return (
    `<${tag}Response xmlns="http://sns.amazonaws.com/doc/2010-03-31/">\n  <${tag}Result>\n${members}  </${tag}Result>\n` +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</${tag}Response>\n`
  );
}

/**
 * The Content-Type of each service's protocol: JSON 1.0 (SQS, DynamoDB), SNS's XML, Batch's REST JSON, and
 * JSON 1.1 for the others (ECS, as recorded; EventBridge, Glue, SageMaker, Athena, CodeBuild).
 */
const contentTypes: Readonly<Record<string, string>> = {
  sqs: 'application/x-amz-json-1.0',
  sns: 'text/xml',
  batch: 'application/json',
};

function headersFor(service: string, action: string, body: string, requestId: string): HeaderList {
  const length = String(Buffer.byteLength(body));
  const date = new Date().toUTCString();
  if (service === 'dynamodb') {
    // DynamoDB's GetItem answers with a lower-case request id header, as AWS's recordings show.
    const requestIdHeader = action === 'getItem' ? 'x-amzn-requestid' : 'x-amzn-RequestId';
    return [
      ['Server', 'Server'],
      ['Connection', 'keep-alive'],
      [requestIdHeader, requestId],
      ['x-amz-crc32', String(crc32(body))],
      ['Content-Length', length],
      ['Date', date],
      ['Content-Type', 'application/x-amz-json-1.0'],
    ];
  }
  // SQS and SNS answer with `connection: keep-alive`, as their recordings show; ECS's recording has no such header.
  const connection: HeaderList = service === 'sqs' || service === 'sns' ? [['connection', 'keep-alive']] : [];
  return [
    ['x-amzn-RequestId', requestId],
    ...connection,
    ['Content-Length', length],
    ['Date', date],
    ['Content-Type', contentTypes[service] ?? 'application/x-amz-json-1.1'],
  ];
}

/** The output with AWS's SDK metadata members added. */
export function withSdkMetadata(
  service: string,
  action: string,
  output: Record<string, JsonValue>,
  requestId: string = randomUUID(),
): Record<string, JsonValue> {
  const headers = headersFor(service, action, awsBody(service, action, output, requestId), requestId);
  return {
    ...output,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(headers.map(([name, value]) => [name, [value]])),
      HttpHeaders: Object.fromEntries(headers),
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}
