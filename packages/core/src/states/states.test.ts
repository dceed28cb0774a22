// State types through the engine's public door: Task's invocation and result, Parallel and Map.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonValue, TaskInvocation } from '../index.ts';
import { around, drive, runMachine, secondsAt, startInput, typesOf } from '../engine/test-support.ts';

const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:f';

function outputOf(state: { status: string; output?: string }): JsonValue {
  assert.equal(state.status, 'SUCCEEDED');
  return JSON.parse(state.output ?? 'null') as JsonValue;
}

test('Task: InvokeTask carries the effective parameters after InputPath and Parameters', async () => {
  const machine = around({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    InputPath: '$.in',
    Parameters: { 'a.$': '$.x', b: 'literal', 'name.$': '$$.State.Name', 'n.$': 'States.MathAdd($.x, 1)' },
    TimeoutSecondsPath: '$.limit',
    HeartbeatSeconds: 5,
    End: true,
  });
  const driver = drive(machine, '{"in":{"x":41,"limit":30}}');
  const { events, commands } = await driver.send(startInput('{"in":{"x":41,"limit":30}}'));
  const invoke = commands.find((command) => command.type === 'InvokeTask');
  assert.ok(invoke);
  const expected: Omit<TaskInvocation, 'taskId'> = {
    resource: 'arn:aws:states:::lambda:invoke',
    input: { a: 41, b: 'literal', name: 'S', n: 42 },
    inputText: '{"a":41,"b":"literal","name":"S","n":42}',
    stateName: 'S',
    timeoutSeconds: 30,
    heartbeatSeconds: 5,
  };
  const { taskId, ...rest } = invoke.invocation;
  assert.deepEqual(rest, expected);
  assert.ok(commands.some((c) => c.type === 'StartTimer' && c.timerId.startsWith(taskId)));
  assert.deepEqual(typesOf(events).slice(-2), ['TaskScheduled', 'TaskStarted']);
  assert.deepEqual(events.at(-2)?.taskScheduledEventDetails, {
    resourceType: 'lambda',
    resource: 'invoke',
    region: 'us-east-1',
    parameters: '{"a":41,"b":"literal","name":"S","n":42}',
    timeoutInSeconds: 30,
    heartbeatInSeconds: 5,
  });
});

test('Task: the result goes through ResultSelector, ResultPath and OutputPath', async () => {
  const machine = around({
    Type: 'Task',
    Resource: lambda,
    ResultSelector: { 'v.$': '$.value' },
    ResultPath: '$.r',
    OutputPath: '$.r',
    End: true,
  });
  const { state } = await runMachine(machine, { tasks: () => ({ output: '{"value":7,"noise":true}' }) });
  assert.deepEqual(outputOf(state), { v: 7 });
});

/** A branch whose states are named with the branch's prefix: state names are unique across a machine. */
function branch(prefix: string, states: Record<string, Record<string, unknown>>): object {
  const named = (name: string): string => `${prefix}${name}`;
  const entries = Object.entries(states).map(([name, state]) => {
    const next = typeof state.Next === 'string' ? { Next: named(state.Next) } : {};
    return [named(name), { ...state, ...next }];
  });
  return { StartAt: named('B'), States: Object.fromEntries(entries) as object };
}

test('Parallel: outputs are in branch order, whatever order the branches finish in', async () => {
  const machine = around({
    Type: 'Parallel',
    Branches: [
      branch('a', { B: { Type: 'Wait', Seconds: 10, Next: 'R' }, R: { Type: 'Pass', Result: 'a', End: true } }),
      branch('b', { B: { Type: 'Pass', Result: 'b', End: true } }),
      branch('c', {
        B: { Type: 'Wait', Seconds: 5, Next: 'R' },
        R: { Type: 'Pass', Parameters: { 'c.$': '$.in' }, End: true },
      }),
    ],
    End: true,
  });
  const { state, events } = await runMachine(machine, { input: '{"in":3}' });
  assert.deepEqual(outputOf(state), ['a', 'b', { c: 3 }]);
  assert.equal(secondsAt(events, 'ParallelStateSucceeded'), 10);
});

test('Parallel: a failing branch aborts a sibling blocked in a Wait, and Catch receives the error', async () => {
  const machine = around(
    {
      Type: 'Parallel',
      Branches: [
        branch('a', { B: { Type: 'Wait', Seconds: 100, End: true } }),
        branch('b', { B: { Type: 'Fail', Error: 'BranchBoom', Cause: 'branch 1 failed' } }),
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'Handled' }],
      Next: 'Unused',
    },
    { Handled: { Type: 'Pass', End: true }, Unused: { Type: 'Fail', Error: 'NotCaught' } },
  );
  const { state, events } = await runMachine(machine, { input: '{"in":1}' });
  assert.deepEqual(outputOf(state), { in: 1, err: { Error: 'BranchBoom', Cause: 'branch 1 failed' } });
  const types = typesOf(events);
  assert.ok(types.includes('WaitStateAborted'));
  assert.ok(types.indexOf('WaitStateAborted') < types.indexOf('ParallelStateFailed'));
  assert.deepEqual(types.slice(types.indexOf('ParallelStateFailed')), [
    'ParallelStateFailed',
    'ParallelStateExited',
    'PassStateEntered',
    'PassStateExited',
    'ExecutionSucceeded',
  ]);
  assert.ok(!types.includes('WaitStateExited'));
  // Nothing waited for the aborted 100 s Wait.
  assert.equal(secondsAt(events, 'ExecutionSucceeded'), 0);
});

test('Parallel: an uncaught branch failure fails the execution with the branch error', async () => {
  const machine = around({
    Type: 'Parallel',
    Branches: [
      branch('c', { B: { Type: 'Fail', Error: 'E', Cause: 'C' } }),
      branch('a', { B: { Type: 'Pass', End: true } }),
    ],
    End: true,
  });
  const { state } = await runMachine(machine);
  assert.equal(state.status, 'FAILED');
  assert.equal(state.error, 'E');
  assert.equal(state.cause, 'C');
});

/** An inline Map whose iteration n waits n seconds, then echoes its item. */
function waitingMap(extra: object = {}): object {
  return {
    Type: 'Map',
    ItemProcessor: {
      ProcessorConfig: { Mode: 'INLINE' },
      StartAt: 'W',
      States: { W: { Type: 'Wait', SecondsPath: '$', End: true } },
    },
    End: true,
    ...extra,
  };
}

test('Map: results are in item order, whatever order the iterations finish in', async () => {
  const { state } = await runMachine(around(waitingMap()), { input: '[3,1,2]' });
  assert.deepEqual(outputOf(state), [3, 1, 2]);
});

const concurrencyRows: [maxConcurrency: number, finishedAt: number][] = [
  [0, 3],
  [1, 6],
  [2, 3],
  [10, 3],
];

for (const [maxConcurrency, finishedAt] of concurrencyRows) {
  test(`Map: MaxConcurrency ${maxConcurrency} gives the same output, done at ${finishedAt} s`, async () => {
    const { state, events } = await runMachine(around(waitingMap({ MaxConcurrency: maxConcurrency })), {
      input: '[3,1,2]',
    });
    assert.deepEqual(outputOf(state), [3, 1, 2]);
    assert.equal(secondsAt(events, 'ExecutionSucceeded'), finishedAt);
  });
}

test('Map: ItemSelector sees $$.Map.Item.Index and $$.Map.Item.Value, and the Map input as $', async () => {
  const machine = around({
    Type: 'Map',
    ItemsPath: '$.items',
    ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value', 'tag.$': '$.tag' },
    ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    End: true,
  });
  const { state } = await runMachine(machine, { input: '{"tag":"T","items":["a",{"b":1}]}' });
  assert.deepEqual(outputOf(state), [
    { index: 0, value: 'a', tag: 'T' },
    { index: 1, value: { b: 1 }, tag: 'T' },
  ]);
});

test('Map: an empty array gives []', async () => {
  const { state, events } = await runMachine(around(waitingMap()), { input: '[]' });
  assert.deepEqual(outputOf(state), []);
  assert.deepEqual(typesOf(events), [
    'ExecutionStarted',
    'MapStateEntered',
    'MapStateStarted',
    'MapStateSucceeded',
    'MapStateExited',
    'ExecutionSucceeded',
  ]);
});

/** A distributed Map whose iterations fail for the items listed in the input's `bad`. */
function toleratingMap(tolerance: object): object {
  return {
    Type: 'Map',
    ItemsPath: '$.items',
    ItemProcessor: {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$', NumericGreaterThan: 2, Next: 'Bad' }], Default: 'Good' },
        Bad: { Type: 'Fail', Error: 'ItemFailed' },
        Good: { Type: 'Pass', End: true },
      },
    },
    End: true,
    ...tolerance,
  };
}

const toleranceRows: [title: string, tolerance: object, items: number[], succeeded: boolean][] = [
  ['ToleratedFailureCount 1 tolerates one failure', { ToleratedFailureCount: 1 }, [1, 2, 3], true],
  ['ToleratedFailureCount 2 tolerates two failures', { ToleratedFailureCount: 2 }, [1, 3, 4], true],
  ['ToleratedFailureCount 1 does not tolerate two', { ToleratedFailureCount: 1 }, [1, 3, 4], false],
  ['ToleratedFailureCount 0 tolerates none', { ToleratedFailureCount: 0 }, [1, 3], false],
  ['ToleratedFailurePercentage 50 tolerates half', { ToleratedFailurePercentage: 50 }, [1, 2, 3, 4], true],
  ['ToleratedFailurePercentage 25 does not tolerate half', { ToleratedFailurePercentage: 25 }, [1, 2, 3, 4], false],
];

for (const [title, tolerance, items, succeeded] of toleranceRows) {
  test(`Map: ${title}`, async () => {
    const { state } = await runMachine(around(toleratingMap(tolerance)), { input: JSON.stringify({ items }) });
    if (!succeeded) {
      assert.equal(state.status, 'FAILED');
      assert.equal(state.error, 'States.ExceedToleratedFailureThreshold');
      return;
    }
    const output = outputOf(state);
    assert.ok(Array.isArray(output));
    assert.equal(output.length, items.length);
    items.forEach((item, index) => {
      if (item <= 2) assert.equal(output[index], item);
    });
  });
}
