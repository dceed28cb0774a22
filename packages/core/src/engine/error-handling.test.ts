// Retry and Catch: AWS's error-matching rules, which retrier and catcher apply, and what a catcher passes on.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TaskResult } from '../index.ts';
import { errorMatches } from './error-handling.ts';
import { around, runMachine, typesOf } from './test-support.ts';

const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:f';

const matchRows: [errorEquals: string[], error: string, expected: boolean][] = [
  [['Boom'], 'Boom', true],
  [['Boom'], 'boom', false],
  [['Boom'], 'Boom.Sub', false],
  [['A', 'B'], 'B', true],
  [[], 'Boom', false],
  [['States.ALL'], 'Boom', true],
  [['States.ALL'], 'States.Timeout', true],
  [['States.ALL'], 'States.TaskFailed', true],
  [['States.ALL'], 'States.BranchFailed', true],
  [['States.ALL'], 'States.HeartbeatTimeout', true],
  // Real AWS catches it with States.ALL (corpus: task_lambda_catch_state_all_data_limit_exceeded_...).
  [['States.ALL'], 'States.DataLimitExceeded', true],
  [['States.ALL'], 'States.Runtime', false],
  [['States.TaskFailed'], 'Boom', true],
  [['States.TaskFailed'], 'States.TaskFailed', true],
  [['States.TaskFailed'], 'States.Permissions', true],
  [['States.TaskFailed'], 'States.Timeout', false],
  [['States.TaskFailed'], 'States.Runtime', false],
  [['States.TaskFailed', 'States.Timeout'], 'States.Timeout', true],
  [['States.Timeout'], 'States.Timeout', true],
  [['States.Timeout'], 'States.TaskFailed', false],
  [['States.Timeout'], 'States.HeartbeatTimeout', false],
  [['States.HeartbeatTimeout'], 'States.Timeout', false],
];

for (const [errorEquals, error, expected] of matchRows) {
  test(`errorMatches(${JSON.stringify(errorEquals)}, ${error}) is ${expected}`, () => {
    assert.equal(errorMatches(errorEquals, error), expected);
  });
}

interface RetryCatchRow {
  title: string;
  retry?: object[];
  catch?: object[];
  /** What every call of the task gives. */
  result: TaskResult;
  timeoutSeconds?: number;
  attempts: number;
  /** The execution's end: its output when caught, its error otherwise. */
  expected: { output: unknown } | { error: string };
}

const boom: TaskResult = { error: 'Boom', cause: 'went bang' };
const caughtBoom = { output: { Error: 'Boom', Cause: 'went bang' } };

const retryCatchRows: RetryCatchRow[] = [
  {
    title: 'States.ALL retries then fails',
    retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
    result: boom,
    attempts: 3,
    expected: { error: 'Boom' },
  },
  {
    title: 'the first retrier that names the error applies',
    retry: [
      { ErrorEquals: ['Other'], MaxAttempts: 5 },
      { ErrorEquals: ['Boom'], MaxAttempts: 1 },
    ],
    result: boom,
    attempts: 2,
    expected: { error: 'Boom' },
  },
  {
    title: 'a matching retrier with MaxAttempts 0 stops the search',
    retry: [
      { ErrorEquals: ['Boom'], MaxAttempts: 0 },
      { ErrorEquals: ['States.ALL'], MaxAttempts: 3 },
    ],
    result: boom,
    attempts: 1,
    expected: { error: 'Boom' },
  },
  {
    title: 'States.TaskFailed retries a task error',
    retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 1 }],
    result: boom,
    attempts: 2,
    expected: { error: 'Boom' },
  },
  {
    title: 'States.TaskFailed does not retry a timeout; Catch States.Timeout catches it',
    retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 3 }],
    catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Handled' }],
    result: { output: '{}', durationSeconds: 100 },
    timeoutSeconds: 10,
    attempts: 1,
    expected: { output: { Error: 'States.Timeout', Cause: '' } },
  },
  {
    title: 'States.Timeout retries a timeout',
    retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 2 }],
    result: { output: '{}', durationSeconds: 100 },
    timeoutSeconds: 10,
    attempts: 3,
    expected: { error: 'States.Timeout' },
  },
  {
    title: 'Catch applies once the retries are spent',
    retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 2 }],
    catch: [{ ErrorEquals: ['Boom'], Next: 'Handled' }],
    result: boom,
    attempts: 3,
    expected: caughtBoom,
  },
  {
    title: 'the first catcher that matches applies',
    catch: [
      { ErrorEquals: ['Other'], Next: 'Unused' },
      { ErrorEquals: ['Boom'], Next: 'Handled' },
      { ErrorEquals: ['States.ALL'], Next: 'Unused' },
    ],
    result: boom,
    attempts: 1,
    expected: caughtBoom,
  },
  {
    title: 'Catch ResultPath puts the error beside the input',
    catch: [{ ErrorEquals: ['Boom'], ResultPath: '$.error', Next: 'Handled' }],
    result: boom,
    attempts: 1,
    expected: { output: { in: 1, error: { Error: 'Boom', Cause: 'went bang' } } },
  },
  {
    title: 'Catch ResultPath null keeps the input',
    catch: [{ ErrorEquals: ['Boom'], ResultPath: null, Next: 'Handled' }],
    result: boom,
    attempts: 1,
    expected: { output: { in: 1 } },
  },
  {
    title: 'a failure without a cause is caught without Cause',
    catch: [{ ErrorEquals: ['Boom'], Next: 'Handled' }],
    result: { error: 'Boom' },
    attempts: 1,
    expected: { output: { Error: 'Boom' } },
  },
  {
    title: 'no matching catcher fails the execution',
    catch: [{ ErrorEquals: ['Other'], Next: 'Handled' }],
    result: boom,
    attempts: 1,
    expected: { error: 'Boom' },
  },
];

for (const row of retryCatchRows) {
  test(`Task Retry/Catch: ${row.title}`, async () => {
    const machine = around(
      {
        Type: 'Task',
        Resource: lambda,
        ...(row.timeoutSeconds === undefined ? {} : { TimeoutSeconds: row.timeoutSeconds }),
        ...(row.retry === undefined ? {} : { Retry: row.retry }),
        // Catchers that never match keep both targets reachable, which the validator requires.
        Catch: [
          { ErrorEquals: ['Never.A'], Next: 'Handled' },
          { ErrorEquals: ['Never.B'], Next: 'Unused' },
          ...(row.catch ?? []),
        ],
        End: true,
      },
      { Handled: { Type: 'Pass', End: true }, Unused: { Type: 'Fail', Error: 'Wrong' } },
    );
    let calls = 0;
    const { state, events } = await runMachine(machine, {
      input: '{"in":1}',
      tasks: () => {
        calls += 1;
        return row.result;
      },
    });
    assert.equal(calls, row.attempts);
    if ('output' in row.expected) {
      assert.equal(state.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(state.output ?? 'null'), row.expected.output);
      const types = typesOf(events);
      assert.deepEqual(types.slice(types.indexOf('TaskStateExited')), [
        'TaskStateExited',
        'PassStateEntered',
        'PassStateExited',
        'ExecutionSucceeded',
      ]);
    } else {
      assert.equal(state.status, 'FAILED');
      assert.equal(state.error, row.expected.error);
      assert.ok(!typesOf(events).includes('TaskStateExited'));
    }
  });
}

test('Catch States.ALL catches a task result over 256 KiB as States.DataLimitExceeded', async () => {
  const machine = around(
    { Type: 'Task', Resource: lambda, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }], End: true },
    { Handled: { Type: 'Pass', End: true } },
  );
  const big = JSON.stringify({ data: 'é'.repeat(140 * 1024) });
  const { state, events } = await runMachine(machine, { tasks: () => ({ output: big }) });
  assert.equal(state.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(state.output ?? 'null'), {
    Error: 'States.DataLimitExceeded',
    Cause: `The state/task '${lambda}' returned a result with a size exceeding the maximum number of bytes service limit.`,
  });
  assert.ok(typesOf(events).includes('LambdaFunctionFailed'));
});

test('States.ALL neither retries nor catches States.Runtime', async () => {
  const machine = around(
    {
      Type: 'Task',
      Resource: lambda,
      Parameters: { 'x.$': '$.missing' },
      Retry: [{ ErrorEquals: ['States.ALL'] }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }],
      End: true,
    },
    { Handled: { Type: 'Pass', End: true } },
  );
  let calls = 0;
  const { state } = await runMachine(machine, {
    tasks: () => {
      calls += 1;
      return { output: '{}' };
    },
  });
  assert.equal(calls, 0);
  assert.equal(state.status, 'FAILED');
  assert.equal(state.error, 'States.Runtime');
});
