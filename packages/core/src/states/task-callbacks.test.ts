// Callback (.waitForTaskToken), .sync and activity tasks through step(): the task token, the progress
// inputs (TaskSubmitted, TaskStarted, TaskHeartbeat), HeartbeatSeconds, and AWS's event sequences,
// compared with the corpus's recordings (ids, links and types; details where they are the engine's own).
/// <reference types="node" />

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { Command, EngineInput, HistoryEvent, TaskInvocation } from '../index.ts';
import { drive, machineOf, startInput, type Driver } from '../engine/test-support.ts';

const corpus = fileURLToPath(new URL('../../../../../shared/conformance/localstack/cases/', import.meta.url));

interface RecordedCase {
  definition: object;
  input_text: string;
  expected: { events: HistoryEvent[] };
}

function recorded(id: string): RecordedCase {
  return JSON.parse(readFileSync(`${corpus}${id}.json`, 'utf8')) as RecordedCase;
}

/** id, previousEventId and type of every event: the shape AWS's history must have. */
function skeleton(events: readonly HistoryEvent[]): string[] {
  return events.map((event) => `${String(event.id)}<${String(event.previousEventId)} ${event.type}`);
}

function invocationOf(commands: readonly Command[]): TaskInvocation {
  const command = commands.find((c) => c.type === 'InvokeTask');
  assert.ok(command?.type === 'InvokeTask', 'an InvokeTask command');
  return command.invocation;
}

interface Run {
  driver: Driver;
  events: HistoryEvent[];
  invocation: TaskInvocation;
  commands: Command[];
  send(input: EngineInput): Promise<Command[]>;
}

/** Starts the case's machine with its input; `send` feeds more inputs, collecting every event. */
async function start(definition: object, input: string, activityExists = true): Promise<Run> {
  const driver = drive(machineOf(definition), input);
  driver.ctx.activityExists = () => activityExists;
  const events: HistoryEvent[] = [];
  const first = await driver.send(startInput(input));
  events.push(...first.events);
  const run: Run = {
    driver,
    events,
    invocation: first.commands.some((c) => c.type === 'InvokeTask')
      ? invocationOf(first.commands)
      : ({} as TaskInvocation),
    commands: first.commands,
    send: async (next) => {
      const result = await driver.send(next);
      events.push(...result.events);
      return result.commands;
    },
  };
  return run;
}

const activityCase = 'activities.activities.activity_task';

test('an activity: ActivityScheduled, then ActivityStarted when a worker takes it, then ActivitySucceeded (corpus)', async () => {
  const c = recorded(activityCase);
  const run = await start(c.definition, c.input_text);
  const { taskId, taskToken } = run.invocation;
  assert.equal(typeof taskToken, 'string');
  assert.deepEqual(
    run.events.map((e) => e.type),
    ['ExecutionStarted', 'TaskStateEntered', 'ActivityScheduled'],
  );
  await run.send({ type: 'TaskStarted', taskId, workerName: 'BASE_ID_ACTIVITY_CONSUMER' });
  await run.send({ type: 'TaskSucceeded', taskId, output: c.input_text });
  assert.deepEqual(skeleton(run.events), skeleton(c.expected.events));
  const byType = new Map(run.events.map((e) => [e.type, e]));
  assert.deepEqual(byType.get('ActivityScheduled')?.activityScheduledEventDetails, {
    resource: (c.definition as { States: { ActivityTask: { Resource: string } } }).States.ActivityTask.Resource,
    input: JSON.stringify(JSON.parse(c.input_text)),
    inputDetails: { truncated: false },
  });
  assert.deepEqual(byType.get('ActivityStarted')?.activityStartedEventDetails, {
    workerName: 'BASE_ID_ACTIVITY_CONSUMER',
  });
  assert.equal(run.driver.state.status, 'SUCCEEDED');
});

test('an activity taken by a worker without a name records empty ActivityStarted details (corpus)', async () => {
  const c = recorded('activities.activities.activity_task_no_worker_name');
  const run = await start(c.definition, c.input_text);
  await run.send({ type: 'TaskStarted', taskId: run.invocation.taskId });
  await run.send({ type: 'TaskSucceeded', taskId: run.invocation.taskId, output: c.input_text });
  assert.deepEqual(skeleton(run.events), skeleton(c.expected.events));
  assert.deepEqual(run.events[3]?.activityStartedEventDetails, {});
});

test('a failed activity records ActivityFailed with the worker error and cause (corpus)', async () => {
  const c = recorded('activities.activities.activity_task_failure');
  const run = await start(c.definition, c.input_text);
  const taskId = run.invocation.taskId;
  await run.send({ type: 'TaskStarted', taskId, workerName: 'w' });
  await run.send({ type: 'TaskFailed', taskId, error: 'Programmatic Error', cause: c.input_text });
  assert.deepEqual(skeleton(run.events), skeleton(c.expected.events));
  assert.deepEqual(run.events[4]?.activityFailedEventDetails, { error: 'Programmatic Error', cause: c.input_text });
});

test('an activity that does not exist fails the state with States.Runtime before any Activity event (corpus)', async () => {
  const c = recorded('activities.activities.activity_task_on_deleted');
  const run = await start(c.definition, c.input_text, false);
  assert.deepEqual(skeleton(run.events), skeleton(c.expected.events));
  const resource = (c.definition as { States: { ActivityTask: { Resource: string } } }).States.ActivityTask.Resource;
  assert.equal(run.driver.state.error, 'States.Runtime');
  assert.equal(
    run.driver.state.cause,
    `An error occurred while executing the state 'ActivityTask' (entered at the event id #2). The activity ${resource} does not exist.`,
  );
});

test('an activity with HeartbeatSeconds: its clock starts when a worker takes it, heartbeats restart it', async () => {
  const c = recorded('activities.activities.activity_task_with_heartbeat');
  const run = await start(c.definition, c.input_text);
  const taskId = run.invocation.taskId;
  assert.equal(timers(run.commands).length, 1, 'only TimeoutSeconds runs before a worker takes the task');
  const started = await run.send({ type: 'TaskStarted', taskId, workerName: 'w' });
  const [heartbeat] = timers(started);
  assert.equal(heartbeat?.dueTime, run.driver.clock.time + 10_000);
  run.driver.clock.time += 8_000;
  const beat = await run.send({ type: 'TaskHeartbeat', taskId });
  assert.deepEqual(
    beat.map((command) => command.type),
    ['CancelTimer', 'StartTimer'],
  );
  assert.equal(timers(beat)[0]?.dueTime, run.driver.clock.time + 10_000);
  await run.send({ type: 'TaskSucceeded', taskId, output: c.input_text });
  assert.deepEqual(skeleton(run.events), skeleton(c.expected.events));
  assert.deepEqual(run.events[2]?.activityScheduledEventDetails, {
    resource: (c.definition as { States: { ActivityTask: { Resource: string } } }).States.ActivityTask.Resource,
    input: JSON.stringify(JSON.parse(c.input_text)),
    inputDetails: { truncated: false },
    timeoutInSeconds: 60,
    heartbeatInSeconds: 10,
  });
});

test('an activity that stops heartbeating times out: ActivityTimedOut with States.Timeout', async () => {
  const c = recorded('activities.activities.activity_task_with_heartbeat');
  const run = await start(c.definition, c.input_text);
  const taskId = run.invocation.taskId;
  const [heartbeat] = timers(await run.send({ type: 'TaskStarted', taskId }));
  assert.ok(heartbeat);
  run.driver.clock.time = heartbeat.dueTime;
  const commands = await run.send({ type: 'TimerFired', timerId: heartbeat.timerId });
  assert.ok(commands.some((command) => command.type === 'CancelTask' && command.taskId === taskId));
  assert.deepEqual(run.events.at(-2), {
    id: 5,
    previousEventId: 4,
    timestamp: heartbeat.dueTime,
    type: 'ActivityTimedOut',
    activityTimedOutEventDetails: { error: 'States.Timeout' },
  });
  assert.equal(run.driver.state.error, 'States.Timeout');
});

const sqsCallback = 'callback.callback.sqs_wait_for_task_token';
const sqsResponse = '{"MD5OfMessageBody":"x","MessageId":"m"}';

test('.waitForTaskToken: the token is $$.Task.Token; TaskSubmitted keeps the task waiting for the callback (corpus)', async () => {
  const c = recorded(sqsCallback);
  const run = await start(c.definition, c.input_text);
  const { taskId, taskToken, input } = run.invocation;
  assert.deepEqual((input as { MessageBody: object }).MessageBody, {
    Message: 'test_message_txt',
    TaskToken: taskToken,
  });
  await run.send({ type: 'TaskSubmitted', taskId, output: sqsResponse });
  assert.equal(run.driver.state.status, 'RUNNING');
  await run.send({ type: 'TaskSucceeded', taskId, output: '"test_message_txt"' });
  assert.deepEqual(skeleton(run.events), skeleton(c.expected.events));
  assert.deepEqual(run.events[4]?.taskSubmittedEventDetails, {
    resource: 'sendMessage.waitForTaskToken',
    resourceType: 'sqs',
    output: sqsResponse,
    outputDetails: { truncated: false },
  });
  assert.equal(run.driver.state.output, '"test_message_txt"');
});

test('.waitForTaskToken: a new token for every attempt; a late answer to an old attempt changes nothing', async () => {
  const definition = {
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'f', Payload: { 'token.$': '$$.Task.Token' } },
        Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 1 }],
        End: true,
      },
    },
  };
  const run = await start(definition, '{}');
  const first = run.invocation;
  await run.send({ type: 'TaskFailed', taskId: first.taskId, error: 'Boom' });
  const pending = Object.values(run.driver.state.threads)[0]?.pending;
  assert.ok(pending?.kind === 'retry');
  const again = invocationOf(await run.send({ type: 'TimerFired', timerId: pending.timerId }));
  assert.notEqual(again.taskToken, first.taskToken);
  assert.deepEqual(again.input, { FunctionName: 'f', Payload: { token: again.taskToken } });
  const before = run.events.length;
  await run.send({ type: 'TaskSucceeded', taskId: first.taskId, output: '{}' });
  assert.equal(run.events.length, before);
});

test('.waitForTaskToken times out with TaskTimedOut after TaskSubmitted (corpus)', async () => {
  const c = recorded('callback.callback.sqs_wait_for_task_token_timeout');
  const run = await start(c.definition, c.input_text);
  await run.send({ type: 'TaskSubmitted', taskId: run.invocation.taskId, output: sqsResponse });
  const [timeout] = timers(run.commands);
  assert.ok(timeout);
  run.driver.clock.time = timeout.dueTime;
  await run.send({ type: 'TimerFired', timerId: timeout.timerId });
  assert.deepEqual(skeleton(run.events), skeleton(c.expected.events));
  assert.deepEqual(run.events[5]?.taskTimedOutEventDetails, {
    error: 'States.Timeout',
    resource: 'sendMessage.waitForTaskToken',
    resourceType: 'sqs',
  });
});

test('HeartbeatSeconds on a callback: no heartbeat fails the task with States.Timeout, caught as States.HeartbeatTimeout (corpus)', async () => {
  const c = recorded('timeouts.heartbeats.heartbeat_timeout');
  const run = await start(c.definition, c.input_text);
  await run.send({ type: 'TaskSubmitted', taskId: run.invocation.taskId, output: sqsResponse });
  const heartbeat = timers(run.commands).find((timer) => timer.timerId.includes('heartbeat'));
  assert.equal(heartbeat?.dueTime, run.driver.clock.time + 5_000);
  run.driver.clock.time = heartbeat.dueTime;
  await run.send({ type: 'TimerFired', timerId: heartbeat.timerId });
  assert.deepEqual(skeleton(run.events), skeleton(c.expected.events));
  assert.equal(run.driver.state.error, 'States.Timeout');

  const caught = structuredClone(c.definition) as { States: Record<string, Record<string, unknown>> };
  const state = caught.States.SendMessageWithWait ?? {};
  state.Catch = [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Late' }];
  delete state.End;
  state.Next = 'Done';
  caught.States.Late = { Type: 'Pass', End: true };
  caught.States.Done = { Type: 'Succeed' };
  const again = await start(caught, c.input_text);
  const timer = timers(again.commands).find((t) => t.timerId.includes('heartbeat'));
  assert.ok(timer);
  again.driver.clock.time = timer.dueTime;
  await again.send({ type: 'TimerFired', timerId: timer.timerId });
  assert.equal(again.driver.state.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(again.driver.state.output ?? ''), { Error: 'States.Timeout', Cause: '' });
});

test('SendTaskFailure without error or cause: TaskFailed with no details, caught as {Error: null, Cause: null} (corpus)', async () => {
  const c = recorded('callback.callback.sqs_failure_in_wait_for_task_tok_no_error_field.SQS_WAIT_FOR_TASK_TOKEN_CATCH');
  const run = await start(c.definition, c.input_text);
  await run.send({ type: 'TaskSubmitted', taskId: run.invocation.taskId, output: sqsResponse });
  await run.send({ type: 'TaskFailed', taskId: run.invocation.taskId, error: '' });
  assert.deepEqual(skeleton(run.events), skeleton(c.expected.events));
  assert.deepEqual(run.events[5]?.taskFailedEventDetails, {
    resource: 'sendMessage.waitForTaskToken',
    resourceType: 'sqs',
  });
  const output = JSON.parse(run.driver.state.output ?? '') as { states_all_error: unknown };
  assert.deepEqual(output.states_all_error, { Error: null, Cause: null });
});

test('.sync: a token, no heartbeat clock, TaskSubmitted then TaskSucceeded (corpus)', async () => {
  const c = recorded('callback.callback.start_execution_sync');
  const run = await start(c.definition, c.input_text);
  assert.equal(typeof run.invocation.taskToken, 'string');
  assert.deepEqual(timers(run.commands), []);
  await run.send({ type: 'TaskSubmitted', taskId: run.invocation.taskId, output: '{"ExecutionArn":"a"}' });
  await run.send({ type: 'TaskSucceeded', taskId: run.invocation.taskId, output: '{"Status":"SUCCEEDED"}' });
  assert.deepEqual(skeleton(run.events), skeleton(c.expected.events));
});

test('a request-response task has no token and no $$.Task', async () => {
  const definition = {
    StartAt: 'T',
    States: {
      T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'c.$': '$$' }, End: true },
    },
  };
  const run = await start(definition, '{}');
  assert.equal(run.invocation.taskToken, undefined);
  assert.equal('Task' in (run.invocation.input as { c: object }).c, false);
});

function timers(commands: readonly Command[]): Extract<Command, { type: 'StartTimer' }>[] {
  return commands.filter(
    (command): command is Extract<Command, { type: 'StartTimer' }> => command.type === 'StartTimer',
  );
}
