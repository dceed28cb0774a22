// testState, table-driven: each row a request and the parts of AWS's response (or refusal) it must give.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testState } from './test-state.ts';
import type { TestStateRequest, TestStateResult } from './types.ts';

let counter = 0;
const services = {
  now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
  evaluation: {
    uuid: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    random: () => 0.5,
    hash: () => '00',
  },
};

const def = (value: unknown): string => JSON.stringify(value);
const task = (extra: Record<string, unknown> = {}): string =>
  def({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...extra });

const mapDef = (extra: Record<string, unknown>): string =>
  def({
    Type: 'Map',
    ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
    End: true,
    ...extra,
  });

interface Row {
  name: string;
  request: TestStateRequest;
  /** Expected response members (compared one by one), or the refusal. */
  expected: Record<string, unknown> | { rejected: string; message: string };
}

const rows: Row[] = [
  {
    name: 'Pass with Parameters and ResultPath, DEBUG',
    request: {
      definition: def({ Type: 'Pass', Parameters: { 'b.$': '$.a' }, ResultPath: '$.r', Next: 'After' }),
      input: '{"a": 1}',
      inspectionLevel: 'DEBUG',
    },
    expected: {
      status: 'SUCCEEDED',
      output: '{"a":1,"r":{"b":1}}',
      nextState: 'After',
      inspectionData: {
        input: '{"a": 1}',
        afterInputPath: '{"a": 1}',
        afterParameters: '{"b":1}',
        afterResultSelector: '{"b":1}',
        afterResultPath: '{"a":1,"r":{"b":1}}',
      },
    },
  },
  {
    name: 'INFO gives no inspection data',
    request: { definition: def({ Type: 'Succeed' }), input: '{"x":true}' },
    expected: { status: 'SUCCEEDED', output: '{"x":true}', inspectionData: undefined },
  },
  {
    name: 'Wait answers at once with its Next',
    request: { definition: def({ Type: 'Wait', Seconds: 86400, Next: 'Later' }), input: '[1]' },
    expected: { status: 'SUCCEEDED', output: '[1]', nextState: 'Later' },
  },
  {
    name: 'Fail',
    request: { definition: def({ Type: 'Fail', Error: 'E', Cause: 'C' }) },
    expected: { status: 'FAILED', error: 'E', cause: 'C' },
  },
  {
    name: 'Choice without a match fails with States.NoChoiceMatched',
    request: {
      definition: def({ Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'One' }] }),
      input: '{"n":2}',
    },
    expected: { status: 'FAILED', error: 'States.NoChoiceMatched' },
  },
  {
    name: 'JSONata with variables and context',
    request: {
      definition: def({
        Type: 'Pass',
        QueryLanguage: 'JSONata',
        Output: { v: '{% $x + 1 %}', state: '{% $states.context.State.Name %}' },
        End: true,
      }),
      variables: { x: 41 },
      inspectionLevel: 'TRACE',
    },
    expected: {
      status: 'SUCCEEDED',
      output: '{"v":42,"state":"StateName"}',
      inspectionData: { input: '{}', variables: '{"x":41}' },
    },
  },
  {
    name: 'Task with a mocked result keeps the mock text',
    request: { definition: task(), mock: { result: '{"ok": true}' } },
    expected: { status: 'SUCCEEDED', output: '{"ok": true}' },
  },
  {
    name: 'Task retried: RETRIABLE with the back-off after the given retries',
    request: {
      definition: task({ Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 5 }] }),
      mock: { errorOutput: { error: 'E', cause: 'c' } },
      stateConfiguration: { retrierRetryCount: 3 },
      inspectionLevel: 'DEBUG',
    },
    expected: { status: 'RETRIABLE', error: 'E', cause: 'c' },
  },
  {
    name: 'Task whose retries are spent fails',
    request: {
      definition: task({ Retry: [{ ErrorEquals: ['E'], MaxAttempts: 2 }] }),
      mock: { errorOutput: { error: 'E' } },
      stateConfiguration: { retrierRetryCount: 2 },
    },
    expected: { status: 'FAILED', error: 'E' },
  },
  {
    name: 'Task caught: CAUGHT_ERROR to the catcher Next',
    request: {
      definition: task({
        Catch: [
          { ErrorEquals: ['X'], Next: 'No' },
          { ErrorEquals: ['States.ALL'], Next: 'Yes' },
        ],
      }),
      mock: { errorOutput: { error: 'E', cause: 'c' } },
      inspectionLevel: 'TRACE',
    },
    expected: { status: 'CAUGHT_ERROR', error: 'E', cause: 'c', nextState: 'Yes', output: '{"Error":"E","Cause":"c"}' },
  },
  {
    name: 'Parallel with a mock does not run its branches',
    request: {
      definition: def({
        Type: 'Parallel',
        Branches: [{ StartAt: 'P', States: { P: { Type: 'Fail', Error: 'Ran' } } }],
        ResultPath: '$.r',
        End: true,
      }),
      input: '{}',
      mock: { result: '[1]' },
    },
    expected: { status: 'SUCCEEDED', output: '{"r":[1]}' },
  },
  {
    name: 'a mocked Map shows its items as a list of item texts',
    request: {
      definition: mapDef({ ItemsPath: '$.v', ToleratedFailureCount: 1 }),
      input: '{"v":["a",{"b":1}]}',
      mock: { result: '[1,2]' },
      inspectionLevel: 'DEBUG',
    },
    expected: {
      status: 'SUCCEEDED',
      inspectionData: {
        input: '{"v":["a",{"b":1}]}',
        afterInputPath: '{"v":["a",{"b":1}]}',
        afterItemsPath: '["a", {"b":1}]',
        afterResultSelector: '[1,2]',
        afterResultPath: '[1,2]',
        maxConcurrency: 0,
        toleratedFailureCount: 1,
      },
    },
  },
  {
    name: 'a mocked Map whose ItemsPath is not an array fails before the mock, named as a path on the context',
    request: {
      definition: mapDef({ ItemsPath: '$$.Execution.Input' }),
      context: { Execution: { Input: { a: 1 } } },
      mock: { result: '[]' },
      inspectionLevel: 'TRACE',
    },
    expected: {
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'Reference path "$.Execution.Input" must point to array.',
      inspectionData: { input: '{}', afterInputPath: '{}' },
    },
  },
  {
    name: 'failed iterations beyond the tolerance fail the Map',
    request: {
      definition: mapDef({ ToleratedFailurePercentage: 50 }),
      input: '[1,2,3]',
      mock: { result: '[1,2,3]' },
      stateConfiguration: { mapIterationFailureCount: 2 },
    },
    expected: { status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' },
  },
  {
    name: 'failed iterations do not fail a Map that declares no tolerance',
    request: {
      definition: mapDef({}),
      input: '[1,2,3]',
      mock: { result: '[1,2,3]' },
      stateConfiguration: { mapIterationFailureCount: 2 },
    },
    expected: { status: 'SUCCEEDED', output: '[1,2,3]' },
  },
  {
    name: 'refused: a mocked result that does not fit the output shape of the integration',
    request: { definition: task(), mock: { result: '{"StatusCode":"200"}' } },
    expected: {
      rejected: 'ValidationException',
      message: "Mock result schema validation error: Field 'StatusCode' must be a number",
    },
  },
  {
    name: 'a state of a whole machine, by name',
    request: {
      definition: def({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } } }),
      stateName: 'B',
      input: '{"z":0}',
    },
    expected: { status: 'SUCCEEDED', output: '{"z":0}', nextState: undefined },
  },
  {
    name: 'refused: a mock on a Pass',
    request: { definition: def({ Type: 'Pass', End: true }), mock: { result: '{}' } },
    expected: {
      rejected: 'ValidationException',
      message: "State type 'Pass' is not supported when a mock is specified",
    },
  },
  {
    name: 'refused: a Map without a mock',
    request: {
      definition: def({
        Type: 'Map',
        ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
        End: true,
      }),
    },
    expected: {
      rejected: 'InvalidDefinition',
      message:
        'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]',
    },
  },
  {
    name: 'refused: a Task with neither mock nor role',
    request: { definition: task() },
    expected: { rejected: 'ValidationException', message: 'RoleArn must be specified when testing a Task state' },
  },
  {
    name: 'refused: a context that is not JSON',
    request: { definition: def({ Type: 'Pass', End: true }), context: '{"Execution":' },
    expected: {
      rejected: 'ValidationException',
      message:
        'Invalid Context object provided: the context is not valid JSON (Unexpected end-of-input: expected a valid value\n at [Source: (String)"{"Execution":"; line: 1, column: 14])',
    },
  },
  {
    name: 'refused: a context that is JSON but not an object',
    request: { definition: def({ Type: 'Pass', End: true }), context: '[1]' },
    expected: {
      rejected: 'ValidationException',
      message: 'Invalid Context object provided: the context must be a JSON object',
    },
  },
  {
    name: 'refused: an unknown state name',
    request: { definition: def({ StartAt: 'A', States: { A: { Type: 'Succeed' } } }), stateName: 'Z' },
    expected: { rejected: 'ValidationException', message: 'State not found in definition' },
  },
];

for (const row of rows) {
  test(`testState: ${row.name}`, async () => {
    const result: TestStateResult = await testState(row.request, services);
    if ('rejected' in row.expected) {
      assert.deepEqual(result, { kind: 'rejected', code: row.expected.rejected, message: row.expected.message });
      return;
    }
    assert.equal(result.kind, 'response', JSON.stringify(result));
    const response = result.response as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(row.expected)) assert.deepEqual(response[key], value, key);
  });
}

test('testState: the retry back-off doubles per retry already made', async () => {
  const result = await testState(
    {
      definition: task({ Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 5 }] }),
      mock: { errorOutput: { error: 'E' } },
      stateConfiguration: { retrierRetryCount: 4 },
      inspectionLevel: 'TRACE',
    },
    services,
  );
  assert.equal(result.kind, 'response');
  assert.deepEqual(result.response.inspectionData?.errorDetails, { retryBackoffIntervalSeconds: 16, retryIndex: 0 });
});
