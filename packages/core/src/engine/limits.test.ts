// AWS's history quota and the engine's per-step bound: endless loops fail at event 25,000 and no step
// enters more than maxStatesPerStep states.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxHistoryEvents, maxStatesPerStep } from './limits.ts';
import { drive, machineOf, runMachine, startInput, typesOf } from './test-support.ts';

const endlessPassLoop = machineOf({
  StartAt: 'A',
  States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } },
});

test('an endless Pass loop fails with States.Runtime as event 25,000', async () => {
  const { state, events } = await runMachine(endlessPassLoop);
  assert.equal(state.status, 'FAILED');
  assert.equal(state.error, 'States.Runtime');
  assert.equal(state.cause, 'The execution reached the maximum number of history events (25000).');
  assert.equal(events.length, maxHistoryEvents);
  const last = events.at(-1);
  assert.ok(last !== undefined);
  assert.equal(last.id, maxHistoryEvents);
  assert.equal(last.type, 'ExecutionFailed');
  assert.equal(last.previousEventId, maxHistoryEvents - 1);
  assert.deepEqual(
    events.map((event) => event.id),
    events.map((_, index) => index + 1),
  );
});

test('a loop whose last event is number 25,000 and ExecutionSucceeded succeeds', async () => {
  // ExecutionStarted, then 2 events per Pass entered, then Succeed's 2 and ExecutionSucceeded: 25,000.
  const passes = (maxHistoryEvents - 4) / 2;
  const machine = machineOf({
    StartAt: 'Count',
    States: {
      Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Done?' },
      'Done?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.n', NumericGreaterThanEquals: passes / 2, Next: 'Done' }],
        Default: 'Count',
      },
      Done: { Type: 'Succeed' },
    },
  });
  const { state, events } = await runMachine(machine, { input: '{"n":0}' });
  assert.equal(state.status, 'SUCCEEDED', state.cause);
  assert.equal(events.length, maxHistoryEvents);
  assert.equal(events.at(-1)?.type, 'ExecutionSucceeded');
});

test('one more state than fits fails the execution at event 25,000', async () => {
  const passes = (maxHistoryEvents - 4) / 2 + 1;
  const machine = machineOf({
    StartAt: 'Count',
    States: {
      Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Done?' },
      'Done?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.n', NumericGreaterThanEquals: Math.ceil(passes / 2), Next: 'Done' }],
        Default: 'Count',
      },
      Done: { Type: 'Pass', Next: 'End' },
      End: { Type: 'Succeed' },
    },
  });
  const { state, events } = await runMachine(machine, { input: '{"n":0}' });
  assert.equal(state.status, 'FAILED');
  assert.equal(events.length, maxHistoryEvents);
  assert.equal(events.at(-1)?.type, 'ExecutionFailed');
});

test('a step enters at most maxStatesPerStep states, then yields to a timer due at once', async () => {
  const driver = drive(endlessPassLoop, '{}');
  const first = await driver.send(startInput('{}'));
  const entered = typesOf(first.events).filter((type) => type.endsWith('StateEntered'));
  assert.equal(entered.length, maxStatesPerStep);
  assert.equal(driver.state.status, 'RUNNING');
  const timer = first.commands.find((command) => command.type === 'StartTimer');
  assert.ok(timer?.type === 'StartTimer');
  assert.equal(timer.dueTime, driver.clock.time);
  const second = await driver.send({ type: 'TimerFired', timerId: timer.timerId });
  // The loop goes on where it stopped: the next event follows the last one of the first step.
  assert.equal(second.events[0]?.previousEventId, first.events.at(-1)?.id);
  assert.equal(second.events[0]?.type, 'PassStateEntered');
  assert.equal(typesOf(second.events).filter((type) => type.endsWith('StateEntered')).length, maxStatesPerStep);
});

test('StopExecution of a yielded execution aborts it and cancels its yield timer', async () => {
  const driver = drive(endlessPassLoop, '{}');
  const first = await driver.send(startInput('{}'));
  const timer = first.commands.find((command) => command.type === 'StartTimer');
  assert.ok(timer?.type === 'StartTimer');
  const stop = await driver.send({ type: 'StopExecution', error: 'E' });
  assert.equal(driver.state.status, 'ABORTED');
  assert.deepEqual(typesOf(stop.events), ['ExecutionAborted']);
  assert.ok(stop.commands.some((command) => command.type === 'CancelTimer' && command.timerId === timer.timerId));
});

test('Parallel branches that yield run on in the order they yielded and the Parallel ends', async () => {
  const loop = (branch: number, count: number): object => ({
    StartAt: `Count${branch}`,
    States: {
      [`Count${branch}`]: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: `Done?${branch}` },
      [`Done?${branch}`]: {
        Type: 'Choice',
        Choices: [{ Variable: '$.n', NumericGreaterThanEquals: count + branch, Next: `Done${branch}` }],
        Default: `Count${branch}`,
      },
      [`Done${branch}`]: { Type: 'Succeed' },
    },
  });
  const machine = machineOf({
    StartAt: 'Both',
    States: { Both: { Type: 'Parallel', Branches: [loop(0, 900), loop(1, 900), loop(2, 900)], End: true } },
  });
  const { state, events } = await runMachine(machine, { input: '{"n":0}' });
  assert.equal(state.status, 'SUCCEEDED', state.cause);
  assert.equal(state.output, '[{"n":900},{"n":901},{"n":902}]');
  // Each branch's events follow one another: none is lost or linked to another branch's across a yield.
  const ids = new Set(events.map((event) => event.id));
  assert.ok(events.every((event) => event.previousEventId === 0 || ids.has(event.previousEventId)));
  const exited = events.filter((event) => event.type === 'SucceedStateExited');
  assert.equal(exited.length, 3);
});

test("a Map's iterations' first states do not count: 3,000 one-Pass iterations finish in one step", async () => {
  const machine = machineOf({
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
      },
    },
  });
  const items = JSON.stringify(Array.from({ length: 3000 }, (_, n) => n));
  const driver = drive(machine, items);
  await driver.send(startInput(items));
  assert.equal(driver.state.status, 'SUCCEEDED');
});

test('iterations that loop still yield once the step has entered its quota', async () => {
  const machine = machineOf({
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'A',
          States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } },
        },
        End: true,
      },
    },
  });
  const driver = drive(machine, '[1,2]');
  const first = await driver.send(startInput('[1,2]'));
  assert.equal(driver.state.status, 'RUNNING');
  assert.ok(first.commands.some((command) => command.type === 'StartTimer'));
  const { state } = await runMachine(machine, { input: '[1,2]' });
  assert.equal(state.status, 'FAILED');
  assert.equal(state.error, 'States.Runtime');
});

test('a runtime configured with another quota fails the execution at that event instead', async () => {
  const driver = drive(endlessPassLoop, '{}');
  driver.ctx.maxHistoryEvents = 100;
  const { events } = await driver.send(startInput('{}'));
  assert.equal(driver.state.status, 'FAILED');
  assert.equal(driver.state.cause, 'The execution reached the maximum number of history events (100).');
  assert.equal(events.length, 100);
  assert.equal(events.at(-1)?.type, 'ExecutionFailed');
});
