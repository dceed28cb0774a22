// A traced task's AWS calls (aws-sdk:*, optimized integrations, AWS Lambda) carry `X-Amzn-Trace-Id`; an
// untraced one's do not. The "AWS" here is a node:http server on 127.0.0.1 that records the headers.

import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { JsonValue, TaskInvocation } from '@stepwise/core';
import type { TaskHandler } from '../executor.ts';
import { awsSdkTaskHandler } from './aws-sdk-task.ts';
import { optimizedTaskHandler } from './optimized-tasks.ts';
import { remoteLambdaFunctions } from './remote-lambda.ts';
import { SdkClients } from './sdk-clients.ts';

let server: Server;
let endpoint: string;
const seen: IncomingHttpHeaders[] = [];

before(async () => {
  server = createServer((request, response) => {
    seen.push(request.headers);
    request.resume();
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

const trace = { traceId: '5759e988bd862e3fe1be46a994272793', spanId: '53995c3f42cd8ad8', sampled: true };
const header = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
const config = (): {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
} => ({
  region: 'us-east-1',
  endpoint,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

const calls: { name: string; handler: () => TaskHandler; resource: string; input: JsonValue }[] = [
  {
    name: 'aws-sdk:dynamodb:listTables',
    handler: () => awsSdkTaskHandler(config()),
    resource: 'arn:aws:states:::aws-sdk:dynamodb:listTables',
    input: {},
  },
  {
    name: 'dynamodb:getItem (optimized)',
    handler: () => optimizedTaskHandler(config()),
    resource: 'arn:aws:states:::dynamodb:getItem',
    input: { TableName: 't', Key: { k: { S: 'v' } } },
  },
];

for (const call of calls) {
  test(`${call.name}: the trace header goes with a traced call only`, async () => {
    const handler = call.handler();
    const invocation: TaskInvocation = {
      taskId: '0:task:1',
      resource: call.resource,
      input: call.input,
      stateName: 'S',
    };
    await handler.execute(invocation, { trace });
    assert.equal(seen.at(-1)?.['x-amzn-trace-id'], header);
    await handler.execute(invocation, {});
    assert.equal(seen.at(-1)?.['x-amzn-trace-id'], undefined);
  });
}

test('a function on AWS Lambda is invoked with the trace header', async () => {
  const fn = remoteLambdaFunctions(new SdkClients(config()))('f');
  assert.ok(fn !== undefined);
  await fn.invoke('{}', 'r-1', { trace });
  assert.equal(seen.at(-1)?.['x-amzn-trace-id'], header);
});
