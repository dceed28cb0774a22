// invokeLambdaTask with in-memory functions: the legacy Lambda resource and the lambda:invoke integration.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { functionNameOf, type JsonValue, type TaskInvocation } from '@stepwise/core';
import {
  invokeLambdaTask,
  isLambdaResource,
  lambdaInvokeResource,
  type FunctionResolver,
  type LambdaOutcome,
} from './lambda.ts';

const target = { region: 'eu-west-1', accountId: '111122223333' };
const legacy = (name: string): string => `arn:aws:lambda:eu-west-1:111122223333:function:${name}`;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Call {
  name: string;
  /** The event as the function received it: JSON text. */
  event: string;
  requestId: string;
}

/** In-memory functions: each returns a fixed outcome and records what it was called with. */
function functions(outcomes: Record<string, LambdaOutcome>): { resolve: FunctionResolver; calls: Call[] } {
  const calls: Call[] = [];
  const resolve: FunctionResolver = (name) => {
    const outcome = outcomes[name];
    if (outcome === undefined) return undefined;
    return {
      invoke: (event, requestId) => {
        calls.push({ name, event, requestId });
        return Promise.resolve(outcome);
      },
    };
  };
  return { resolve, calls };
}

function invocation(resource: string, input: JsonValue): TaskInvocation {
  return { taskId: 'task-1', resource, input, stateName: 'Call' };
}

function output(result: Awaited<ReturnType<typeof invokeLambdaTask>>): Record<string, unknown> {
  assert.ok('output' in result, JSON.stringify(result));
  return JSON.parse(result.output) as Record<string, unknown>;
}

test('the legacy resource sends the effective input and returns the raw payload text', async () => {
  const { resolve, calls } = functions({ greet: { payload: '{"text": "hi"}', durationSeconds: 2 } });
  const result = await invokeLambdaTask(invocation(legacy('greet'), { name: 'Ada' }), resolve, target);
  assert.deepEqual(result, { output: '{"text": "hi"}', durationSeconds: 2 });
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.name, 'greet');
  assert.equal(calls[0]!.event, '{"name":"Ada"}');
  assert.match(calls[0]!.requestId, uuid);
});

test('the legacy resource sends the input text Step Functions recorded, spelled as it came', async () => {
  const { resolve, calls } = functions({ echo: { payload: '0.0' } });
  const call = { ...invocation(legacy('echo'), 0), inputText: '0.0' };
  assert.equal(((await invokeLambdaTask(call, resolve, target)) as { output: string }).output, '0.0');
  assert.equal(calls[0]!.event, '0.0');
});

test('the legacy resource drops a version or alias qualifier when finding the function', async () => {
  const { resolve, calls } = functions({ greet: { payload: '1' } });
  const result = await invokeLambdaTask(invocation(`${legacy('greet')}:prod`, [1]), resolve, target);
  assert.deepEqual(result, { output: '1', durationSeconds: undefined });
  assert.equal(calls[0]!.event, '[1]');
});

const payloadCases: { name: string; parameters: Record<string, JsonValue>; event: string }[] = [
  { name: 'an object Payload is sent as it is', parameters: { Payload: { a: [1, 2] } }, event: '{"a":[1,2]}' },
  { name: 'an array Payload is sent as it is', parameters: { Payload: [true] }, event: '[true]' },
  { name: 'a number Payload is sent as it is', parameters: { Payload: 7 }, event: '7' },
  { name: 'a string Payload is the JSON body, as written', parameters: { Payload: '{"b": 2.0}' }, event: '{"b": 2.0}' },
  { name: 'a string Payload that is a JSON string', parameters: { Payload: '"x"' }, event: '"x"' },
  { name: 'a string Payload that is not JSON is sent as a string', parameters: { Payload: 'hi' }, event: '"hi"' },
  { name: 'a null Payload sends {}', parameters: { Payload: null }, event: '{}' },
  { name: 'no Payload sends {}', parameters: {}, event: '{}' },
];

for (const { name, parameters, event } of payloadCases) {
  test(`lambda:invoke: ${name}`, async () => {
    const { resolve, calls } = functions({ echo: { payload: '{"ok":true}' } });
    await invokeLambdaTask(invocation(lambdaInvokeResource, { FunctionName: 'echo', ...parameters }), resolve, target);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.event, event);
  });
}

const functionNameCases = [
  'echo',
  'arn:aws:lambda:eu-west-1:111122223333:function:echo',
  'arn:aws:lambda:eu-west-1:111122223333:function:echo:$LATEST',
  'arn:aws:lambda:eu-west-1:111122223333:function:echo:live',
  '111122223333:function:echo',
];

for (const reference of functionNameCases) {
  test(`lambda:invoke finds the function from FunctionName ${reference}`, async () => {
    const { resolve, calls } = functions({ echo: { payload: 'null' } });
    const result = await invokeLambdaTask(
      invocation(lambdaInvokeResource, { FunctionName: reference }),
      resolve,
      target,
    );
    assert.equal(calls.length, 1);
    assert.equal(output(result).StatusCode, 200);
    assert.equal(functionNameOf(reference), 'echo');
  });
}

test('lambda:invoke wraps the result in the Invoke response shape of AWS', async () => {
  const { resolve, calls } = functions({ echo: { payload: '{"n":1,"s":"é"}', durationSeconds: 3 } });
  const result = await invokeLambdaTask(
    invocation(lambdaInvokeResource, { FunctionName: 'echo', Payload: {} }),
    resolve,
    target,
  );
  assert.equal('durationSeconds' in result ? result.durationSeconds : undefined, 3);
  const response = output(result);
  const requestId = calls[0]!.requestId;
  assert.equal(response.StatusCode, 200);
  assert.equal(response.ExecutedVersion, '$LATEST');
  assert.deepEqual(response.Payload, { n: 1, s: 'é' });
  assert.deepEqual(response.SdkResponseMetadata, { RequestId: requestId });
  const metadata = response.SdkHttpMetadata as {
    HttpStatusCode: number;
    HttpHeaders: Record<string, string>;
    AllHttpHeaders: Record<string, string[]>;
  };
  assert.equal(metadata.HttpStatusCode, 200);
  assert.equal(metadata.HttpHeaders['x-amzn-RequestId'], requestId);
  assert.equal(metadata.HttpHeaders['Content-Type'], 'application/json');
  assert.equal(metadata.HttpHeaders['X-Amz-Executed-Version'], '$LATEST');
  // Content-Length counts bytes, not characters.
  assert.equal(metadata.HttpHeaders['Content-Length'], String(Buffer.byteLength('{"n":1,"s":"é"}')));
  assert.deepEqual(metadata.AllHttpHeaders['x-amzn-RequestId'], [requestId]);
  assert.deepEqual(Object.keys(response).sort(), [
    'ExecutedVersion',
    'Payload',
    'SdkHttpMetadata',
    'SdkResponseMetadata',
    'StatusCode',
  ]);
});

test('lambda:invoke with LogType Tail adds the base64 log tail as LogResult and its header', async () => {
  const { resolve, calls } = functions({ echo: { payload: '{}' } });
  const parameters = { FunctionName: 'echo', LogType: 'Tail' };
  const response = output(await invokeLambdaTask(invocation(lambdaInvokeResource, parameters), resolve, target));
  const requestId = calls[0]!.requestId;
  assert.equal(typeof response.LogResult, 'string');
  const log = Buffer.from(response.LogResult as string, 'base64').toString('utf8');
  assert.ok(log.startsWith(`START RequestId: ${requestId} Version: $LATEST\n`), log);
  const headers = (response.SdkHttpMetadata as { HttpHeaders: Record<string, string> }).HttpHeaders;
  assert.equal(headers['X-Amz-Log-Result'], response.LogResult);
  // The log type is a request option, not part of the event.
  assert.equal(calls[0]!.event, '{}');
});

test('lambda:invoke returns a null result as Payload null', async () => {
  const { resolve } = functions({ nothing: { payload: 'null' } });
  const result = await invokeLambdaTask(invocation(lambdaInvokeResource, { FunctionName: 'nothing' }), resolve, target);
  assert.equal(output(result).Payload, null);
});

const errorPayload = '{\n  "errorType": "InventoryError",\n  "errorMessage": "out of widgets",\n  "trace": []\n}';

test('a function error on the legacy resource gives error = errorType and cause = the error payload', async () => {
  const { resolve } = functions({ fails: { errorType: 'InventoryError', errorPayload, durationSeconds: 1 } });
  const result = await invokeLambdaTask(invocation(legacy('fails'), {}), resolve, target);
  assert.deepEqual(result, { error: 'InventoryError', cause: errorPayload, durationSeconds: 1 });
});

test('a function error on lambda:invoke gives the error payload compacted as the cause', async () => {
  const { resolve } = functions({ fails: { errorType: 'InventoryError', errorPayload } });
  const result = await invokeLambdaTask(invocation(lambdaInvokeResource, { FunctionName: 'fails' }), resolve, target);
  assert.deepEqual(result, {
    error: 'InventoryError',
    cause: '{"errorType":"InventoryError","errorMessage":"out of widgets","trace":[]}',
    durationSeconds: undefined,
  });
});

test('a function error payload that is not JSON is passed through on lambda:invoke', async () => {
  const { resolve } = functions({ fails: { errorType: 'Unhandled', errorPayload: 'not json' } });
  const result = await invokeLambdaTask(invocation(lambdaInvokeResource, { FunctionName: 'fails' }), resolve, target);
  assert.deepEqual(result, { error: 'Unhandled', cause: 'not json', durationSeconds: undefined });
});

const notFoundCases = [
  { name: 'legacy resource', invocation: invocation(legacy('missing'), {}) },
  { name: 'lambda:invoke', invocation: invocation(lambdaInvokeResource, { FunctionName: 'missing', Payload: {} }) },
  {
    name: 'lambda:invoke with an ARN',
    invocation: invocation(lambdaInvokeResource, { FunctionName: `${legacy('missing')}:$LATEST` }),
  },
];

for (const { name, invocation: call } of notFoundCases) {
  test(`a missing function gives Lambda.ResourceNotFoundException with the cause of AWS (${name})`, async () => {
    const { resolve, calls } = functions({});
    const result = await invokeLambdaTask(call, resolve, target);
    assert.ok('error' in result);
    assert.equal(result.error, 'Lambda.ResourceNotFoundException');
    assert.match(
      result.cause ?? '',
      /^Function not found: arn:aws:lambda:eu-west-1:111122223333:function:missing:\$LATEST \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}; Proxy: null\)$/,
    );
    assert.equal(calls.length, 0);
  });
}

test('isLambdaResource recognises both Lambda resources and nothing else', () => {
  assert.equal(isLambdaResource(legacy('f')), true);
  assert.equal(isLambdaResource('arn:aws:states:::lambda:invoke'), true);
  assert.equal(isLambdaResource('arn:aws:states:::lambda:invoke.waitForTaskToken'), true);
  assert.equal(isLambdaResource('arn:aws:states:::sqs:sendMessage'), false);
  assert.equal(isLambdaResource('arn:aws:states:eu-west-1:111122223333:activity:a'), false);
});
