// The HTTP edge against a stub service: AWS JSON 1.0 framing, status codes, error shapes, no stack traces.

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createApi, type Handler, type Handlers } from '../service/api.ts';
import { ApiError } from '../service/errors.ts';
import { operationNames } from '../service/request-shapes.ts';
import { createApiServer } from './server.ts';

const echo: Handler = (request) => ({ echoed: request, at: new Date(1_700_000_000_123) });
const handlers = Object.fromEntries(operationNames.map((name) => [name, echo])) as Record<string, Handler>;
handlers.DescribeExecution = (request) => {
  throw new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(request.executionArn)}'`);
};
handlers.DeleteStateMachine = () => {
  throw new Error('a bug with a secret stack');
};

const server = createApiServer({ api: createApi(handlers as Handlers), log: pino({ level: 'silent' }) });
let url = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/`;
});
after(() => {
  server.close();
});

async function post(target: string | undefined, body: string, method = 'POST') {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0' };
  if (target !== undefined) headers['x-amz-target'] = target;
  const res = await fetch(url, { method, headers, ...(method === 'POST' ? { body } : {}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

describe('AWS JSON 1.0 over node:http', () => {
  it('dispatches on X-Amz-Target and renders dates as epoch seconds', async () => {
    const res = await post('AWSStepFunctions.ListStateMachines', '{"maxResults":5}');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { echoed: { maxResults: 5 }, at: 1_700_000_000.123 });
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.0');
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('treats an empty body as an empty request', async () => {
    const res = await post('AWSStepFunctions.ListStateMachines', '');
    assert.equal(res.status, 200);
  });

  const errors: [string, string | undefined, string, number, string][] = [
    ['unknown operation', 'AWSStepFunctions.FlyToTheMoon', '{}', 400, 'UnknownOperationException'],
    ['wrong service prefix', 'AmazonSQS.ListQueues', '{}', 400, 'UnknownOperationException'],
    ['missing target', undefined, '{}', 400, 'UnknownOperationException'],
    ['malformed JSON', 'AWSStepFunctions.ListStateMachines', '{"maxResults":', 400, 'SerializationException'],
    ['a JSON array body', 'AWSStepFunctions.ListStateMachines', '[]', 400, 'SerializationException'],
    [
      'a member of the wrong type',
      'AWSStepFunctions.ListStateMachines',
      '{"maxResults":"5"}',
      400,
      'SerializationException',
    ],
    ['a broken constraint', 'AWSStepFunctions.ListStateMachines', '{"maxResults":1001}', 400, 'ValidationException'],
    ['a service error', 'AWSStepFunctions.DescribeExecution', '{"executionArn":"x"}', 400, 'ExecutionDoesNotExist'],
    ['a bug', 'AWSStepFunctions.DeleteStateMachine', '{"stateMachineArn":"x"}', 500, 'InternalFailure'],
  ];
  for (const [title, target, body, status, type] of errors) {
    it(`answers ${title} with ${type}`, async () => {
      const res = await post(target, body);
      assert.equal(res.status, status);
      assert.equal(res.body.__type, type === 'UnknownOperationException' ? `com.amazon.coral.service#${type}` : type);
      assert.equal(typeof res.body.message, type === 'UnknownOperationException' ? 'undefined' : 'string');
      assert.doesNotMatch(JSON.stringify(res.body), /secret stack|at .*\.ts:\d+/);
    });
  }

  it('answers a non-POST request with UnknownOperationException', async () => {
    const res = await post('AWSStepFunctions.ListStateMachines', '', 'GET');
    assert.equal(res.status, 400);
    assert.equal(res.body.__type, 'UnknownOperationException');
  });

  it('renders a validation message as AWS does', async () => {
    const res = await post('AWSStepFunctions.ListStateMachines', '{"maxResults":1001}');
    assert.equal(
      res.body.message,
      "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
  });
});
