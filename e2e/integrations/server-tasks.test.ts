// Black box: what `stepwise serve` performs for executions started through the API with @aws-sdk/client-sfn:
// local functions (--functions), Step Functions Local mock test cases chosen with `ARN#TestCaseName` (--mocks),
// and HTTP Tasks authenticated by a server-side connection (--connections) whose secret never shows.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type SFNServiceException,
} from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from '../api/server-process.ts';

const fixtures = fileURLToPath(new URL('../../packages/server/src/cli/fixtures/', import.meta.url));
const functions = fileURLToPath(new URL('../../packages/server/src/runtime/functions/fixtures/', import.meta.url));
const roleArn = 'arn:aws:iam::123456789012:role/e2e';
const secret = 'sk-e2e-very-secret';

let server: ServerProcess;
let sfn: SFNClient;
let api: Server;
let apiUrl: string;
let dir: string;
const received: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];

before(async () => {
  api = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body });
      const authorised = request.headers.authorization === `Bearer ${secret}`;
      response.writeHead(authorised ? 201 : 403, { 'content-type': 'application/json' });
      response.end(JSON.stringify(authorised ? { id: 'c-7', echoed: JSON.parse(body || '{}') as unknown } : {}));
    });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-tasks-'));
  const connections = {
    crm: {
      AuthorizationType: 'API_KEY',
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'Authorization', ApiKeyValue: `Bearer ${secret}` } },
    },
  };
  writeFileSync(join(dir, 'connections.json'), JSON.stringify(connections));
  server = await startServer([
    '--functions',
    functions,
    '--mocks',
    join(fixtures, 'order-mocks.json'),
    '--connections',
    join(dir, 'connections.json'),
    // The test's API listens on loopback, which an HTTP Task may reach only when allowed.
    '--http-allow',
    '127.0.0.1',
  ]);
  sfn = new SFNClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' },
    maxAttempts: 1,
  });
});

after(async () => {
  sfn.destroy();
  await server.stop();
  api.close();
  rmSync(dir, { recursive: true, force: true });
});

async function create(name: string, definition: object): Promise<string> {
  const machine = await sfn.send(
    new CreateStateMachineCommand({ name, roleArn, definition: JSON.stringify(definition) }),
  );
  return machine.stateMachineArn ?? '';
}

async function finished(stateMachineArn: string, input: object = {}): Promise<DescribeExecutionCommandOutput> {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  let described: DescribeExecutionCommandOutput;
  do {
    await new Promise((resolve) => setTimeout(resolve, 50));
    described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  } while (described.status === 'RUNNING');
  return described;
}

it('--functions DIR answers Lambda tasks of executions started through the API', async () => {
  const arn = await create('with-functions', {
    StartAt: 'Echo',
    States: {
      Echo: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'sh-echo', 'Payload.$': '$' },
        OutputPath: '$.Payload',
        End: true,
      },
    },
  });
  const described = await finished(arn, { hello: 'world' });
  assert.equal(described.status, 'SUCCEEDED', described.cause);
  assert.deepEqual(JSON.parse(described.output ?? ''), { shell: { hello: 'world' }, function: 'sh-echo' });
});

const order = JSON.parse(readFileSync(join(fixtures, 'mocked-order.asl.json'), 'utf8')) as object;

it('ARN#TestCaseName answers the mocked states from that test case and runs the others for real', async () => {
  const arn = await create('mocked-order', order);
  const real = await finished(`${arn}#RealShipping`, { id: 1 });
  assert.equal(real.status, 'SUCCEEDED', real.cause);
  const output = JSON.parse(real.output ?? '') as Record<string, unknown>;
  assert.deepEqual(output.charge, { paid: true });
  assert.deepEqual(output.ship, { shipped: { shell: { id: 1, charge: { paid: true } }, function: 'sh-echo' } });
  assert.equal(real.stateMachineArn, arn);

  const lost = await finished(`${arn}#Lost`, { id: 2 });
  assert.deepEqual(JSON.parse(lost.output ?? ''), {
    id: 2,
    charge: { paid: true },
    error: { Error: 'Shipping.Lost', Cause: 'the parcel is lost' },
    status: 'not shipped',
  });

  // Without a test case nothing is mocked: there is no local function named charge.
  const unmocked = await finished(arn, { id: 3 });
  assert.equal(unmocked.status, 'FAILED');
  assert.equal(unmocked.error, 'Lambda.ResourceNotFoundException');
});

it('an unknown test case is refused at StartExecution, naming the ones defined', async () => {
  const arn = await create('mocked-order-2', order);
  await assert.rejects(
    sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#Nope` })),
    (error: SFNServiceException) => {
      assert.equal(error.name, 'ValidationException');
      assert.match(error.message, /no state machine named 'mocked-order-2'/);
      return true;
    },
  );
});

it('an HTTP Task calls the API with the connection credentials, which never appear in history', async () => {
  const arn = await create('http-task', {
    StartAt: 'CreateCustomer',
    States: {
      CreateCustomer: {
        Type: 'Task',
        Resource: 'arn:aws:states:::http:invoke',
        Parameters: {
          'ApiEndpoint.$': '$.endpoint',
          Method: 'POST',
          Authentication: { ConnectionArn: 'arn:aws:events:us-east-1:123456789012:connection/crm/5b1a6c2e' },
          QueryParameters: { source: 'stepwise' },
          'RequestBody.$': '$.customer',
        },
        ResultSelector: { 'status.$': '$.StatusCode', 'body.$': '$.ResponseBody' },
        End: true,
      },
    },
  });
  const described = await finished(arn, { endpoint: `${apiUrl}/customers`, customer: { name: 'Ada' } });
  assert.equal(described.status, 'SUCCEEDED', described.cause);
  assert.deepEqual(JSON.parse(described.output ?? ''), { status: 201, body: { id: 'c-7', echoed: { name: 'Ada' } } });
  assert.equal(received.at(-1)?.url, '/customers?source=stepwise');
  const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: described.executionArn }));
  assert.doesNotMatch(JSON.stringify(history.events), new RegExp(secret));
});
