// step() driven directly: determinism, timers and tasks by id, StopExecution, event chaining and the payload limit.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Command, EngineInput, HistoryEvent, Machine, MapRunSpec, TaskInvocation } from '../index.ts';
import { drive, fakeServices, machineOf, startInput, startTime, typesOf } from './test-support.ts';

const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:f';

const waitMachine = machineOf({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 5, End: true } } });
const taskMachine = machineOf({
  StartAt: 'T',
  States: { T: { Type: 'Task', Resource: lambda, TimeoutSeconds: 60, End: true } },
});

function timerOf(commands: readonly Command[]): { timerId: string; dueTime: number } {
  const timer = commands.find((command) => command.type === 'StartTimer');
  assert.ok(timer, 'a StartTimer command');
  return timer;
}

function invocationOf(commands: readonly Command[]): TaskInvocation {
  const invoke = commands.find((command) => command.type === 'InvokeTask');
  assert.ok(invoke, 'an InvokeTask command');
  return invoke.invocation;
}

/**
 * Runs a machine to its end with step() and a tiny virtual scheduler: timers fire in due order and each task
 * fails once with `Flaky`, then echoes its input. Returns everything step() produced, as JSON text.
 */
async function transcript(machine: Machine, input: string): Promise<string> {
  const driver = drive(machine, input, fakeServices(0.25));
  const steps: { input: EngineInput; events: HistoryEvent[]; commands: Command[] }[] = [];
  const timers = new Map<string, number>();
  const tasks: TaskInvocation[] = [];
  const mapRuns: MapRunSpec[] = [];
  let calls = 0;
  const send = async (engineInput: EngineInput): Promise<void> => {
    const result = await driver.send(engineInput);
    steps.push({ input: engineInput, ...result });
    for (const command of result.commands) {
      if (command.type === 'StartTimer') timers.set(command.timerId, command.dueTime);
      else if (command.type === 'CancelTimer') timers.delete(command.timerId);
      else if (command.type === 'InvokeTask') tasks.push(command.invocation);
      else if (command.type === 'StartMapRun') mapRuns.push(command.mapRun);
    }
  };
  await send(startInput(input));
  while (driver.state.status === 'RUNNING') {
    // A map run of Pass children: each child's output is its input.
    const mapRun = mapRuns.shift();
    if (mapRun !== undefined) {
      const outputs = mapRun.inputs.map((item) => JSON.stringify(item));
      const outcome = { status: 'SUCCEEDED' as const, outputs, failures: {} };
      await send({ type: 'MapRunEnded', mapRunArn: mapRun.mapRunArn, outcome });
      continue;
    }
    const task = tasks.shift();
    if (task !== undefined) {
      const taskId = task.taskId;
      await send(
        calls++ % 2 === 0
          ? { type: 'TaskFailed', taskId, error: 'Flaky' }
          : { type: 'TaskSucceeded', taskId, output: JSON.stringify(task.input) },
      );
      continue;
    }
    const [timerId, due] = [...timers].sort((a, b) => a[1] - b[1])[0] ?? [];
    if (timerId === undefined || due === undefined) break;
    timers.delete(timerId);
    driver.clock.time = Math.max(driver.clock.time, due);
    await send({ type: 'TimerFired', timerId });
  }
  return JSON.stringify({ steps, state: driver.state });
}

test('determinism: the same machine, input and services give byte-identical events and commands', async () => {
  const machine = machineOf({
    StartAt: 'Ids',
    States: {
      Ids: {
        Type: 'Pass',
        Parameters: {
          'id.$': 'States.UUID()',
          'n.$': 'States.MathRandom(1, 100)',
          'h.$': "States.Hash('abc', 'SHA-256')",
        },
        ResultPath: '$.ids',
        Next: 'Call',
      },
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'f', 'Payload.$': '$' },
        Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 2, JitterStrategy: 'FULL' }],
        ResultPath: '$.call',
        Next: 'Pause',
      },
      Pause: { Type: 'Wait', Seconds: 30, Next: 'Fan' },
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', End: true } },
        },
        ResultPath: '$.fan',
        End: true,
      },
    },
  });
  const input = '{"items":[1,2,3]}';
  const first = await transcript(machine, input);
  assert.equal(await transcript(machine, input), first);
  const { state } = JSON.parse(first) as { state: { status: string; output: string } };
  assert.equal(state.status, 'SUCCEEDED');
  const output = JSON.parse(state.output) as { ids: { id: string; h: string }; fan: number[] };
  assert.deepEqual(output.ids.id, '00000000-0000-4000-8000-000000000001');
  assert.equal(output.ids.h, 'SHA-256:3');
  assert.deepEqual(output.fan, [1, 2, 3]);
});

test('a Wait asks for a timer at its due time, and the timer with that id finishes it', async () => {
  const driver = drive(waitMachine, '{"a":1}');
  const started = await driver.send(startInput('{"a":1}'));
  assert.deepEqual(typesOf(started.events), ['ExecutionStarted', 'WaitStateEntered']);
  const timer = timerOf(started.commands);
  assert.equal(timer.dueTime, startTime + 5000);
  assert.equal(driver.state.status, 'RUNNING');
  driver.clock.time = timer.dueTime;
  const fired = await driver.send({ type: 'TimerFired', timerId: timer.timerId });
  assert.deepEqual(typesOf(fired.events), ['WaitStateExited', 'ExecutionSucceeded']);
  assert.ok(fired.events.every((event) => event.timestamp === startTime + 5000));
  assert.equal(driver.state.status, 'SUCCEEDED');
  assert.equal(driver.state.output, '{"a":1}');
});

const ignoredInputs: [title: string, machine: Machine, input: (live: string) => EngineInput][] = [
  ['an unknown timer id', waitMachine, () => ({ type: 'TimerFired', timerId: '0:wait:999' })],
  ['a timer id of no thread', waitMachine, () => ({ type: 'TimerFired', timerId: 'nobody:wait:1' })],
  ['a timer id without a thread part', waitMachine, () => ({ type: 'TimerFired', timerId: 'garbage' })],
  [
    'TaskSucceeded for an unknown task',
    taskMachine,
    () => ({ type: 'TaskSucceeded', taskId: '0:task:999', output: '{}' }),
  ],
  ['TaskFailed for an unknown task', taskMachine, () => ({ type: 'TaskFailed', taskId: '0:task:999', error: 'X' })],
  ['TaskSucceeded carrying a timer id', waitMachine, (live) => ({ type: 'TaskSucceeded', taskId: live, output: '{}' })],
];

for (const [title, machine, makeInput] of ignoredInputs) {
  test(`step() ignores ${title}`, async () => {
    const driver = drive(machine, '{}');
    const started = await driver.send(startInput('{}'));
    const live =
      started.commands.find((command) => command.type === 'StartTimer')?.timerId ??
      invocationOf(started.commands).taskId;
    const before = JSON.stringify(driver.state);
    const result = await driver.send(makeInput(live));
    assert.deepEqual(result, { events: [], commands: [] });
    assert.equal(JSON.stringify(driver.state), before);
  });
}

test('a timer fired again after the execution ended is ignored', async () => {
  const driver = drive(waitMachine, '{}');
  const timer = timerOf((await driver.send(startInput('{}'))).commands);
  await driver.send({ type: 'TimerFired', timerId: timer.timerId });
  assert.equal(driver.state.status, 'SUCCEEDED');
  assert.deepEqual(await driver.send({ type: 'TimerFired', timerId: timer.timerId }), { events: [], commands: [] });
});

test('StopExecution aborts a Wait and cancels its timer', async () => {
  const driver = drive(waitMachine, '{}');
  const timer = timerOf((await driver.send(startInput('{}'))).commands);
  driver.clock.time = startTime + 1000;
  const stopped = await driver.send({ type: 'StopExecution', error: 'Halt', cause: 'asked to' });
  assert.deepEqual(typesOf(stopped.events), ['ExecutionAborted']);
  const [aborted] = stopped.events;
  assert.ok(aborted);
  assert.deepEqual(aborted.executionAbortedEventDetails, { error: 'Halt', cause: 'asked to' });
  assert.equal(aborted.timestamp, startTime + 1000);
  // AWS links ExecutionAborted to 0 (corpus: sfn_api.stop_execution).
  assert.equal(aborted.previousEventId, 0);
  assert.ok(stopped.commands.some((c) => c.type === 'CancelTimer' && c.timerId === timer.timerId));
  assert.equal(driver.state.status, 'ABORTED');
  assert.equal(driver.state.stopTime, startTime + 1000);
  driver.clock.time = timer.dueTime;
  assert.deepEqual(await driver.send({ type: 'TimerFired', timerId: timer.timerId }), { events: [], commands: [] });
});

test('StopExecution cancels a pending task and its timeout timer', async () => {
  const driver = drive(taskMachine, '{}');
  const started = await driver.send(startInput('{}'));
  const taskId = invocationOf(started.commands).taskId;
  const timeout = timerOf(started.commands);
  const stopped = await driver.send({ type: 'StopExecution' });
  assert.deepEqual(typesOf(stopped.events), ['ExecutionAborted']);
  assert.deepEqual(stopped.events[0]?.executionAbortedEventDetails, {});
  assert.ok(stopped.commands.some((c) => c.type === 'CancelTask' && c.taskId === taskId));
  assert.ok(stopped.commands.some((c) => c.type === 'CancelTimer' && c.timerId === timeout.timerId));
  assert.equal(driver.state.status, 'ABORTED');
  assert.deepEqual(await driver.send({ type: 'TaskSucceeded', taskId, output: '{}' }), { events: [], commands: [] });
});

test('previousEventId: each event points at the one before (the first state, like AWS, at 0)', async () => {
  const machine = machineOf({
    StartAt: 'A',
    States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } },
  });
  const driver = drive(machine, '{}');
  const { events } = await driver.send(startInput('{}'));
  const chain = events.map((event) => [event.id, event.previousEventId, event.type]);
  assert.deepEqual(chain, [
    [1, 0, 'ExecutionStarted'],
    // AWS links the first StateEntered to 0, not to ExecutionStarted (corpus: base.wait.*).
    [2, 0, 'PassStateEntered'],
    [3, 2, 'PassStateExited'],
    [4, 3, 'PassStateEntered'],
    [5, 4, 'PassStateExited'],
    [6, 5, 'ExecutionSucceeded'],
  ]);
});

test('a Pass whose Result is over 256 KiB fails with States.DataLimitExceeded', async () => {
  const machine = machineOf({
    StartAt: 'Big',
    States: { Big: { Type: 'Pass', Result: 'x'.repeat(256 * 1024), End: true } },
  });
  const driver = drive(machine, '{}');
  const { events } = await driver.send(startInput('{}'));
  assert.deepEqual(typesOf(events), ['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
  assert.equal(driver.state.status, 'FAILED');
  assert.equal(driver.state.error, 'States.DataLimitExceeded');
  assert.deepEqual(events[2]?.executionFailedEventDetails, {
    error: 'States.DataLimitExceeded',
    cause: "The state/task 'Big' returned a result with a size exceeding the maximum number of bytes service limit.",
  });
});

test('a Pass whose Result is well under 256 KiB succeeds', async () => {
  const machine = machineOf({
    StartAt: 'Big',
    States: { Big: { Type: 'Pass', Result: 'x'.repeat(200 * 1024), End: true } },
  });
  const driver = drive(machine, '{}');
  await driver.send(startInput('{}'));
  assert.equal(driver.state.status, 'SUCCEEDED');
});
