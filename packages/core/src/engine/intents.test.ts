// The intents seam: state modules say what they wait for and the engine alone sets `pending`, makes ids
// and pushes commands. Checked in the source of states/ and through step()'s commands.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Command } from '../index.ts';
import { around, drive, startInput, startTime } from './test-support.ts';

const statesDir = new URL('../states/', import.meta.url);
const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:f';

/** The code lines (not comments) that do the engine's work: assign a pending, make an id, push a command. */
function engineWork(source: string): string[] {
  const patterns = [/\.pending\s*=[^=]/, /\bcommands\b/, /\bstartTimer\(/, /\bnewId\(/, /\bstartLaunch\(/];
  const code = source.split('\n').filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line));
  return code.filter((line) => patterns.some((pattern) => pattern.test(line)));
}

test('the check finds a state module doing the engine work itself', () => {
  const source =
    "thread.pending = { kind: 'wait', timerId };\nrun.commands.push(command);\nconst pending = thread.pending;";
  assert.equal(engineWork(source).length, 2);
});

test('no state module sets pending, makes timer or task ids, or pushes commands', () => {
  const offending = readdirSync(statesDir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .flatMap((name) => engineWork(readFileSync(new URL(name, statesDir), 'utf8')).map((line) => `${name}: ${line}`));
  assert.deepEqual(offending, []);
});

function types(commands: readonly Command[]): string[] {
  return commands.map((command) => `${command.type}:${'timerId' in command ? command.timerId : ''}`);
}

test('invoke: the engine sends the call, then starts its timeout and heartbeat timers', async () => {
  const machine = around({ Type: 'Task', Resource: lambda, TimeoutSeconds: 60, HeartbeatSeconds: 10, End: true });
  const driver = drive(machine, '{}');
  const { commands } = await driver.send(startInput('{}'));
  assert.deepEqual(types(commands), ['InvokeTask:', 'StartTimer:0:task:1:timeout', 'StartTimer:0:heartbeat:2']);
  const heartbeat = commands[2];
  assert.ok(heartbeat?.type === 'StartTimer');
  assert.equal(heartbeat.dueTime, startTime + 10_000);
  // A heartbeat restarts the clock under a new id; the answer cancels both timers.
  const beat = await driver.send({ type: 'TaskHeartbeat', taskId: '0:task:1' });
  assert.deepEqual(types(beat.commands), ['CancelTimer:0:heartbeat:2', 'StartTimer:0:heartbeat:3']);
  const done = await driver.send({ type: 'TaskSucceeded', taskId: '0:task:1', output: '{}' });
  assert.deepEqual(types(done.commands).slice(0, 2), ['CancelTimer:0:task:1:timeout', 'CancelTimer:0:heartbeat:3']);
  assert.equal(driver.state.status, 'SUCCEEDED');
});

test('wait: a Retry back-off is a timer the engine starts and fires', async () => {
  const retry = [{ ErrorEquals: ['Flaky'], IntervalSeconds: 3, MaxAttempts: 1 }];
  const driver = drive(around({ Type: 'Task', Resource: lambda, Retry: retry, End: true }), '{}');
  await driver.send(startInput('{}'));
  const failed = await driver.send({ type: 'TaskFailed', taskId: '0:task:1', error: 'Flaky' });
  const timer = failed.commands.find((command) => command.type === 'StartTimer');
  assert.deepEqual(timer, { type: 'StartTimer', timerId: '0:retry:2', dueTime: startTime + 3000 });
  assert.deepEqual(driver.state.threads['0']?.pending, { kind: 'retry', timerId: '0:retry:2' });
  const again = await driver.send({ type: 'TimerFired', timerId: '0:retry:2' });
  assert.deepEqual(types(again.commands), ['InvokeTask:']);
});

test('fork: a Map waits on its iterations, started no more than MaxConcurrency at a time', async () => {
  const processor = { StartAt: 'T', States: { T: { Type: 'Task', Resource: lambda, End: true } } };
  const driver = drive(around({ Type: 'Map', MaxConcurrency: 2, ItemProcessor: processor, End: true }), '[1,2,3]');
  const { commands } = await driver.send(startInput('[1,2,3]'));
  assert.deepEqual(types(commands), ['InvokeTask:', 'InvokeTask:']);
  assert.equal(driver.state.threads['0']?.pending?.kind, 'map');
  const next = await driver.send({ type: 'TaskSucceeded', taskId: '0.0:task:1', output: '1' });
  assert.deepEqual(types(next.commands), ['InvokeTask:']);
});
