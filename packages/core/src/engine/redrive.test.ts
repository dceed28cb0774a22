// RedriveExecution in the engine: an unsuccessful execution continues from the states that did not finish;
// succeeded states, branches and iterations are not run again.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  notRedrivableReason,
  type Command,
  type EngineInput,
  type HistoryEvent,
  type TaskInvocation,
} from '../index.ts';
import { drive, machineOf, startInput, typesOf, type Driver } from './test-support.ts';

const task = 'arn:aws:states:::lambda:invoke';

function invocations(commands: readonly Command[]): TaskInvocation[] {
  return commands.flatMap((command) => (command.type === 'InvokeTask' ? [command.invocation] : []));
}

function redriveInput(driver: Driver): EngineInput {
  return { type: 'RedriveExecution', redriveTime: driver.clock.time };
}

/** Answers every task call: failing those whose input has `fail: true`, echoing the others. */
async function answerAll(driver: Driver, calls: TaskInvocation[]): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for (const call of calls) {
    const input = call.input as { fail?: boolean };
    const answer: EngineInput = input.fail
      ? { type: 'TaskFailed', taskId: call.taskId, error: 'Boom', cause: 'it broke' }
      : { type: 'TaskSucceeded', taskId: call.taskId, output: JSON.stringify(call.input) };
    events.push(...(await driver.send(answer)).events);
  }
  return events;
}

test('a failed Task runs again after the redrive, and the states before it do not', async () => {
  const machine = machineOf({
    StartAt: 'Prepare',
    States: {
      Prepare: { Type: 'Pass', Result: { fail: true }, Next: 'Call' },
      Call: {
        Type: 'Task',
        Resource: task,
        Parameters: { 'fail.$': '$.fail', 'count.$': '$$.Execution.RedriveCount' },
        End: true,
      },
    },
  });
  const driver = drive(machine, '{}');
  const started = await driver.send(startInput('{}'));
  const failed = await answerAll(driver, invocations(started.commands));
  assert.equal(driver.state.status, 'FAILED');
  const failedEvent = failed.at(-1);
  assert.equal(failedEvent?.type, 'ExecutionFailed');

  const redriven = await driver.send(redriveInput(driver));
  assert.equal(driver.state.status, 'RUNNING');
  assert.equal(driver.state.error, undefined);
  assert.deepEqual(typesOf(redriven.events), ['ExecutionRedriven', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted']);
  const [redrivenEvent, entered] = redriven.events;
  assert.equal(redrivenEvent?.previousEventId, failedEvent.id);
  assert.deepEqual(redrivenEvent.executionRedrivenEventDetails, { redriveCount: 1 });
  assert.equal(entered?.previousEventId, redrivenEvent.id);
  // The Task sees the same input as before, and the redrive count in the context object.
  const [again] = invocations(redriven.commands);
  assert.deepEqual(again?.input, { fail: true, count: 1 });

  const end = await driver.send({ type: 'TaskSucceeded', taskId: again.taskId, output: '{"ok":true}' });
  assert.deepEqual(typesOf(end.events), ['TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
  assert.equal(driver.state.status, 'SUCCEEDED');
  assert.equal(driver.state.output, '{"ok":true}');
  assert.equal(driver.state.redrivePoint, undefined);
});

test('a Parallel runs again only the branches that did not succeed, each from where it stopped', async () => {
  const machine = machineOf({
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Parallel',
        End: true,
        Branches: [
          { StartAt: 'Ok', States: { Ok: { Type: 'Task', Resource: task, End: true } } },
          {
            StartAt: 'Before',
            States: {
              Before: { Type: 'Pass', Result: { fail: true }, Next: 'Breaks' },
              Breaks: { Type: 'Task', Resource: task, End: true },
            },
          },
          { StartAt: 'Slow', States: { Slow: { Type: 'Wait', Seconds: 60, End: true } } },
        ],
      },
    },
  });
  const driver = drive(machine, '{"n":1}');
  const started = await driver.send(startInput('{"n":1}'));
  await answerAll(driver, invocations(started.commands));
  assert.equal(driver.state.status, 'FAILED');

  const redriven = await driver.send(redriveInput(driver));
  const entered = redriven.events.filter((event) => event.type.endsWith('StateEntered'));
  const names = entered.map((event) => (event.stateEnteredEventDetails as { name: string }).name);
  // Branch 0 succeeded and is not run again; branch 1 continues at its Task, not at its Pass; branch 2 was aborted.
  assert.deepEqual(names, ['Fan', 'Breaks', 'Slow']);
  const calls = invocations(redriven.commands);
  assert.equal(calls.length, 1);
  assert.deepEqual(calls[0]?.input, { fail: true });

  await driver.send({ type: 'TaskSucceeded', taskId: calls[0].taskId, output: '"fixed"' });
  const timer = redriven.commands.find(
    (command) => command.type === 'StartTimer' && command.timerId !== 'execution-timeout',
  );
  assert.ok(timer?.type === 'StartTimer');
  driver.clock.time = timer.dueTime;
  await driver.send({ type: 'TimerFired', timerId: timer.timerId });
  assert.equal(driver.state.status, 'SUCCEEDED');
  assert.equal(driver.state.output, '[{"n":1},"fixed",{"n":1}]');
});

test('a Map runs again only the iterations that failed or never started', async () => {
  const machine = machineOf({
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        MaxConcurrency: 1,
        End: true,
        ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: task, End: true } } },
      },
    },
  });
  const items = '[{"i":0},{"i":1,"fail":true},{"i":2}]';
  const driver = drive(machine, items);
  let commands = (await driver.send(startInput(items))).commands;
  while (driver.state.status === 'RUNNING') {
    const calls = invocations(commands);
    const [call] = calls;
    if (call === undefined) break;
    const input = call.input as { fail?: boolean };
    const answer: EngineInput = input.fail
      ? { type: 'TaskFailed', taskId: call.taskId, error: 'Boom' }
      : { type: 'TaskSucceeded', taskId: call.taskId, output: JSON.stringify(call.input) };
    commands = (await driver.send(answer)).commands;
  }
  assert.equal(driver.state.status, 'FAILED');

  const redriven = await driver.send(redriveInput(driver));
  const started = redriven.events.filter((event) => event.type === 'MapIterationStarted');
  assert.deepEqual(
    started.map((event) => (event.mapIterationStartedEventDetails as { index: number }).index),
    [1],
  );
  const [retry] = invocations(redriven.commands);
  assert.deepEqual(retry?.input, { i: 1, fail: true });
  const next = await driver.send({ type: 'TaskSucceeded', taskId: retry.taskId, output: '{"i":1}' });
  const [last] = invocations(next.commands);
  assert.deepEqual(last?.input, { i: 2 });
  await driver.send({ type: 'TaskSucceeded', taskId: last.taskId, output: '{"i":2}' });
  assert.equal(driver.state.status, 'SUCCEEDED');
  assert.equal(driver.state.output, '[{"i":0},{"i":1},{"i":2}]');
});

test('a stopped execution is redriven at the state it was stopped in, with its timeout started again', async () => {
  const machine = machineOf({
    TimeoutSeconds: 100,
    StartAt: 'Hold',
    States: { Hold: { Type: 'Wait', Seconds: 30, End: true } },
  });
  const driver = drive(machine, '{}');
  await driver.send(startInput('{}'));
  driver.clock.time += 10_000;
  await driver.send({ type: 'StopExecution', error: 'Manual' });
  assert.equal(driver.state.status, 'ABORTED');

  driver.clock.time += 5_000;
  const redriven = await driver.send(redriveInput(driver));
  assert.deepEqual(typesOf(redriven.events), ['ExecutionRedriven', 'WaitStateEntered']);
  const timers = redriven.commands.filter((command) => command.type === 'StartTimer');
  assert.deepEqual(
    timers.map((command) => command.dueTime - driver.clock.time),
    [100_000, 30_000],
  );
});

test('a redrive of a succeeded execution changes nothing', async () => {
  const driver = drive(machineOf({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }), '{}');
  await driver.send(startInput('{}'));
  const redriven = await driver.send(redriveInput(driver));
  assert.deepEqual(redriven.events, []);
  assert.equal(driver.state.status, 'SUCCEEDED');
  assert.equal(driver.state.execution.redriveCount, undefined);
});

test('a Parallel whose failed branch was retried keeps no snapshot of it', async () => {
  const machine = machineOf({
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Parallel',
        End: true,
        Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 1 }],
        Branches: [{ StartAt: 'T', States: { T: { Type: 'Task', Resource: task, End: true } } }],
      },
    },
  });
  const driver = drive(machine, '{"fail":true}');
  const started = await driver.send(startInput('{"fail":true}'));
  const retrying = await driver.send({
    type: 'TaskFailed',
    taskId: invocations(started.commands)[0]?.taskId ?? '',
    error: 'Boom',
  });
  assert.equal(driver.state.unfinishedThreads, undefined);
  const timer = retrying.commands.find((command) => command.type === 'StartTimer');
  assert.ok(timer?.type === 'StartTimer');
  driver.clock.time = timer.dueTime;
  const rerun = await driver.send({ type: 'TimerFired', timerId: timer.timerId });
  await driver.send({ type: 'TaskSucceeded', taskId: invocations(rerun.commands)[0]?.taskId ?? '', output: '1' });
  assert.equal(driver.state.status, 'SUCCEEDED');
  assert.equal(driver.state.unfinishedThreads, undefined);
  assert.equal(driver.state.redrivePoint, undefined);
});

test('an execution that ended more than 14 days ago can no longer be redriven', async () => {
  const driver = drive(machineOf({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E' } } }), '{}');
  await driver.send(startInput('{}'));
  assert.equal(notRedrivableReason(driver.state, driver.clock.time + 14 * 86_400_000), undefined);
  driver.clock.time += 15 * 86_400_000;
  assert.match(notRedrivableReason(driver.state, driver.clock.time) ?? '', /14 days/);
  const redriven = await driver.send(redriveInput(driver));
  assert.deepEqual(redriven.events, []);
  assert.equal(driver.state.status, 'FAILED');
});
