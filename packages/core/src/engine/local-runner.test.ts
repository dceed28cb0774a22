// runLocally on its virtual clock: long Waits, Retry back-off schedules, task and execution timeouts, scheduled stops.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryEvent } from '../index.ts';
import { detailsOf } from './history-event.ts';
import { around, machineOf, runMachine, secondsAt, startTime, typesOf } from './test-support.ts';

const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const year = 31_536_000;

/** Seconds from the start at which every event of `type` was recorded. */
function allSecondsAt(events: readonly HistoryEvent[], type: string): number[] {
  return events.filter((event) => event.type === type).map((event) => (event.timestamp - startTime) / 1000);
}

test('a one-year Wait finishes on the virtual clock, exactly one year later', async () => {
  const { state, events } = await runMachine(around({ Type: 'Wait', Seconds: year, End: true }), { input: '{"k":1}' });
  assert.equal(state.status, 'SUCCEEDED');
  assert.equal(state.output, '{"k":1}');
  assert.equal(secondsAt(events, 'WaitStateEntered'), 0);
  assert.equal(secondsAt(events, 'WaitStateExited'), year);
  assert.equal(secondsAt(events, 'ExecutionSucceeded'), year);
  assert.equal(state.stopTime, startTime + year * 1000);
});

test('Waits in sequence add up on the virtual clock', async () => {
  const machine = machineOf({
    StartAt: 'A',
    States: {
      A: { Type: 'Wait', Seconds: year, Next: 'B' },
      B: { Type: 'Wait', SecondsPath: '$.s', Next: 'C' },
      C: { Type: 'Wait', Timestamp: '2030-01-01T00:00:00Z', End: true },
    },
  });
  const { state, events } = await runMachine(machine, { input: '{"s":3600}' });
  assert.equal(state.status, 'SUCCEEDED');
  assert.deepEqual(allSecondsAt(events, 'WaitStateExited'), [
    year,
    year + 3600,
    (Date.UTC(2030, 0, 1) - startTime) / 1000,
  ]);
});

interface RetryRow {
  title: string;
  retrier: Record<string, unknown>;
  random?: number;
  /** Seconds from the start at which each attempt was scheduled. */
  attempts: number[];
}

const retryRows: RetryRow[] = [
  {
    title: 'IntervalSeconds 3600, BackoffRate 2, MaxAttempts 5: 3600, 7200, 14400, 28800, 57600 s',
    retrier: { IntervalSeconds: 3600, BackoffRate: 2, MaxAttempts: 5 },
    attempts: [0, 3600, 10_800, 25_200, 54_000, 111_600],
  },
  {
    title: 'MaxDelaySeconds caps every delay',
    retrier: { IntervalSeconds: 3600, BackoffRate: 2, MaxAttempts: 5, MaxDelaySeconds: 5000 },
    attempts: [0, 3600, 8600, 13_600, 18_600, 23_600],
  },
  {
    title: 'JitterStrategy FULL multiplies each delay by the injected random number',
    retrier: { IntervalSeconds: 3600, BackoffRate: 2, MaxAttempts: 5, JitterStrategy: 'FULL' },
    random: 0.5,
    attempts: [0, 1800, 5400, 12_600, 27_000, 55_800],
  },
  {
    title: 'JitterStrategy FULL applies to the capped delay',
    retrier: { IntervalSeconds: 3600, BackoffRate: 2, MaxAttempts: 5, MaxDelaySeconds: 5000, JitterStrategy: 'FULL' },
    random: 0.25,
    attempts: [0, 900, 2150, 3400, 4650, 5900],
  },
  {
    title: 'defaults: IntervalSeconds 1, BackoffRate 2, MaxAttempts 3',
    retrier: {},
    attempts: [0, 1, 3, 7],
  },
  {
    title: 'BackoffRate 1 keeps the interval constant',
    retrier: { IntervalSeconds: 10, BackoffRate: 1, MaxAttempts: 2 },
    attempts: [0, 10, 20],
  },
  { title: 'MaxAttempts 0 never retries', retrier: { MaxAttempts: 0 }, attempts: [0] },
];

for (const row of retryRows) {
  test(`Retry back-off: ${row.title}`, async () => {
    const machine = around({
      Type: 'Task',
      Resource: lambda,
      Retry: [{ ErrorEquals: ['States.ALL'], ...row.retrier }],
      End: true,
    });
    const { state, events } = await runMachine(machine, {
      tasks: () => ({ error: 'Boom', cause: 'always' }),
      ...(row.random === undefined ? {} : { random: row.random }),
    });
    assert.equal(state.status, 'FAILED');
    assert.equal(state.error, 'Boom');
    assert.deepEqual(allSecondsAt(events, 'LambdaFunctionScheduled'), row.attempts);
    assert.equal(secondsAt(events, 'ExecutionFailed'), row.attempts.at(-1));
    // A retry re-runs the state without a new Entered event.
    assert.equal(typesOf(events).filter((type) => type === 'TaskStateEntered').length, 1);
  });
}

test('a retried task that then succeeds leaves the state after the back-off', async () => {
  let calls = 0;
  const machine = around({
    Type: 'Task',
    Resource: lambda,
    Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 3600, BackoffRate: 2 }],
    End: true,
  });
  const { state, events } = await runMachine(machine, {
    tasks: () => (++calls < 3 ? { error: 'Flaky' } : { output: '{"done":true}', durationSeconds: 5 }),
  });
  assert.equal(state.status, 'SUCCEEDED');
  assert.equal(state.output, '{"done":true}');
  assert.equal(secondsAt(events, 'LambdaFunctionSucceeded'), 3600 + 7200 + 5);
});

const timeoutRows: [title: string, resource: string, timedOut: string, scheduled: string][] = [
  ['a Lambda ARN records LambdaFunctionTimedOut', lambda, 'LambdaFunctionTimedOut', 'LambdaFunctionScheduled'],
  ['an integration records TaskTimedOut', 'arn:aws:states:::lambda:invoke', 'TaskTimedOut', 'TaskScheduled'],
];

for (const [title, resource, timedOut, scheduled] of timeoutRows) {
  test(`Task TimeoutSeconds: ${title} with States.Timeout when the result comes too late`, async () => {
    const machine = around({ Type: 'Task', Resource: resource, TimeoutSeconds: 10, End: true });
    const { state, events } = await runMachine(machine, { tasks: () => ({ output: '{}', durationSeconds: 25 }) });
    assert.equal(state.status, 'FAILED');
    assert.equal(state.error, 'States.Timeout');
    assert.deepEqual(typesOf(events).slice(-2), [timedOut, 'ExecutionFailed']);
    assert.equal(secondsAt(events, timedOut), 10);
    const timedOutEvent = events.at(-2)!;
    assert.equal((detailsOf(timedOutEvent) as { error?: string } | undefined)?.error, 'States.Timeout');
    assert.equal(allSecondsAt(events, scheduled).length, 1);
    // The late result (at 25 s) is dropped: nothing is recorded after the failure.
    assert.equal(events.at(-1)?.type, 'ExecutionFailed');
  });

  test(`Task TimeoutSeconds: ${title.split(' records')[0] ?? title} succeeds when the result comes in time`, async () => {
    const machine = around({ Type: 'Task', Resource: resource, TimeoutSeconds: 10, End: true });
    const { state, events } = await runMachine(machine, { tasks: () => ({ output: '{"ok":1}', durationSeconds: 9 }) });
    assert.equal(state.status, 'SUCCEEDED');
    assert.equal(state.output, '{"ok":1}');
    assert.equal(secondsAt(events, 'ExecutionSucceeded'), 9);
  });
}

test('machine TimeoutSeconds: a longer Wait ends TIMED_OUT with ExecutionTimedOut', async () => {
  const machine = machineOf({
    TimeoutSeconds: 10,
    StartAt: 'W',
    States: { W: { Type: 'Wait', Seconds: 60, Next: 'P' }, P: { Type: 'Pass', End: true } },
  });
  const { state, events } = await runMachine(machine);
  assert.equal(state.status, 'TIMED_OUT');
  assert.equal(state.error, undefined);
  assert.deepEqual(typesOf(events), ['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
  assert.equal(secondsAt(events, 'ExecutionTimedOut'), 10);
  assert.equal(events.at(-1)?.previousEventId, 2);
  assert.equal(state.stopTime, startTime + 10_000);
});

test('machine TimeoutSeconds: a Wait shorter than it lets the execution succeed', async () => {
  const machine = machineOf({
    TimeoutSeconds: 60,
    StartAt: 'W',
    States: { W: { Type: 'Wait', Seconds: 59, End: true } },
  });
  const { state, events } = await runMachine(machine);
  assert.equal(state.status, 'SUCCEEDED');
  assert.equal(secondsAt(events, 'ExecutionSucceeded'), 59);
});

test('a scheduled StopExecution aborts the execution at its virtual time', async () => {
  const { state, events } = await runMachine(around({ Type: 'Wait', Seconds: year, End: true }), {
    scheduled: [{ at: startTime + 30_000, input: { type: 'StopExecution', error: 'Stop', cause: 'enough' } }],
  });
  assert.equal(state.status, 'ABORTED');
  assert.deepEqual(typesOf(events), ['ExecutionStarted', 'WaitStateEntered', 'ExecutionAborted']);
  assert.equal(secondsAt(events, 'ExecutionAborted'), 30);
});

test('a task whose output is not JSON fails its state, not the engine', async () => {
  const machine = around({ Type: 'Task', Resource: lambda, End: true });
  const { state } = await runMachine(machine, { tasks: () => ({ output: 'not json' }) });
  assert.equal(state.status, 'FAILED');
  assert.equal(state.error, 'States.Runtime');
  assert.equal(
    state.cause,
    `An error occurred while executing the state 'S' (entered at the event id #2). The task returned output that is not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)"not json"; line: 1, column: 4]`,
  );
});

test('history timestamps are whole milliseconds after a fractional task duration and back-off', async () => {
  const { state, events } = await runMachine(
    around({
      Type: 'Task',
      Resource: lambda,
      Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, BackoffRate: 1.1, MaxAttempts: 3 }],
      End: true,
    }),
    {
      tasks: () => ({ error: 'Boom', cause: '', durationSeconds: 0.0123456 }),
    },
  );
  assert.equal(state.status, 'FAILED');
  assert.ok(events.length > 10);
  for (const event of events) assert.ok(Number.isInteger(event.timestamp), `${event.type} at ${event.timestamp}`);
});
