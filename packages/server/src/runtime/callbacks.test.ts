// Callbacks and activities on the durable runtime, on a manual clock: tokens committed with the step,
// answers and heartbeats through answerTask with AWS's refusals, GetActivityTask's long poll, and an
// activity task that survives a restart of the process.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { HistoryEvent, TaskInvocation } from '@stepwise/core';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Store } from '../store/store.ts';
import { ManualClock } from './clock.ts';
import { Runtime } from './runtime.ts';
import { fixedServices, start, t0 } from './runtime-test-support.ts';
import type { TaskOutcome } from './tasks/executor.ts';
import { runInVirtualTime } from './virtual-time.ts';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-callbacks-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const activityArn = 'arn:aws:states:us-east-1:123456789012:activity:work';

/** Callback tasks whose integration answers with a response; the token each call carried is kept. */
class CallbackTasks {
  readonly tokens: string[] = [];
  execute(invocation: TaskInvocation): Promise<TaskOutcome> {
    if (invocation.taskToken !== undefined) this.tokens.push(invocation.taskToken);
    return Promise.resolve({ waitingForCallback: true, output: '{"MessageId":"m1"}' });
  }
}

function callbackMachine(extra: object = {}): object {
  return {
    StartAt: 'Wait',
    States: {
      Wait: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: { QueueUrl: 'q', MessageBody: { 'token.$': '$$.Task.Token' } },
        ...extra,
        End: true,
      },
    },
  };
}

function activityMachine(extra: object = {}): object {
  return { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: activityArn, ...extra, End: true } } };
}

interface Setup {
  store: Store;
  clock: ManualClock;
  runtime: Runtime;
  tasks: CallbackTasks;
}

function setup(store: Store = openSqliteStore({ file: ':memory:' }), clock = new ManualClock(t0)): Setup {
  const tasks = new CallbackTasks();
  const runtime = new Runtime({
    store,
    clock,
    tasks,
    services: fixedServices(),
    nodeId: 'n1',
    activityPollMillis: 60_000,
  });
  return { store, clock, runtime, tasks };
}

async function types(store: Store, arn: string): Promise<string[]> {
  return (await store.getHistory(arn, { limit: 100 })).items.map((event: HistoryEvent) => event.type);
}

describe('callbacks (.waitForTaskToken)', () => {
  it('commits the token with the step, records TaskSubmitted, and completes the task by its token once', async () => {
    const { store, runtime, tasks } = setup();
    const s = start(callbackMachine(), 'e1');
    await runtime.startExecution(s);
    await runtime.runDue();
    const [token = ''] = tasks.tokens;
    assert.deepEqual(await store.getTaskToken(token), {
      token,
      executionArn: s.arn,
      taskId: '0:task:1',
      createdDate: t0,
    });
    assert.deepEqual((await types(store, s.arn)).slice(-3), ['TaskScheduled', 'TaskStarted', 'TaskSubmitted']);
    await runtime.answerTask(token, { kind: 'success', output: '{"ok":true}' });
    const record = await store.getExecution(s.arn);
    assert.equal(record?.status, 'SUCCEEDED');
    assert.equal(record.output, '{"ok":true}');
    assert.equal((await store.getTaskToken(token))?.closedReason, 'completed');
    await assert.rejects(runtime.answerTask(token, { kind: 'success', output: '{}' }), { code: 'TaskDoesNotExist' });
    await assert.rejects(runtime.answerTask(token, { kind: 'heartbeat' }), { code: 'TaskDoesNotExist' });
    await assert.rejects(runtime.answerTask('not-a-token', { kind: 'success', output: '{}' }), {
      code: 'InvalidToken',
    });
    await store.close();
  });

  it('fails the task with the error and cause sent', async () => {
    const { store, runtime, tasks } = setup();
    const s = start(callbackMachine(), 'e1');
    await runtime.startExecution(s);
    await runtime.runDue();
    await runtime.answerTask(tasks.tokens[0] ?? '', { kind: 'failure', error: 'Nope', cause: 'because' });
    const record = await store.getExecution(s.arn);
    assert.deepEqual([record?.status, record?.error, record?.cause], ['FAILED', 'Nope', 'because']);
    await store.close();
  });

  it('times out: TaskTimedOut in the history, and a late answer is refused with TaskTimedOut', async () => {
    const { store, clock, runtime, tasks } = setup();
    const s = start(callbackMachine({ TimeoutSeconds: 5 }), 'e1');
    await runtime.startExecution(s);
    await runInVirtualTime(runtime, clock);
    assert.equal(clock.now(), t0 + 5_000);
    assert.deepEqual((await types(store, s.arn)).slice(-2), ['TaskTimedOut', 'ExecutionFailed']);
    await assert.rejects(runtime.answerTask(tasks.tokens[0] ?? '', { kind: 'success', output: '{}' }), {
      code: 'TaskTimedOut',
      message: "Task Timed Out: 'Provided task does not exist anymore'",
    });
    await store.close();
  });

  it('heartbeats keep a task with HeartbeatSeconds alive; without them it times out', async () => {
    const { store, clock, runtime, tasks } = setup();
    const s = start(callbackMachine({ HeartbeatSeconds: 10 }), 'e1');
    await runtime.startExecution(s);
    await runtime.runDue();
    const token = tasks.tokens[0] ?? '';
    for (const at of [8_000, 16_000, 24_000]) {
      clock.set(t0 + at);
      await runtime.runDue();
      await runtime.answerTask(token, { kind: 'heartbeat' });
    }
    clock.set(t0 + 33_000);
    await runtime.runDue();
    assert.equal((await store.getExecution(s.arn))?.status, 'RUNNING');
    clock.set(t0 + 34_000);
    await runtime.runDue();
    const record = await store.getExecution(s.arn);
    assert.deepEqual([record?.status, record?.error], ['FAILED', 'States.Timeout']);
    assert.equal((await store.getHistory(s.arn, { limit: 100 })).items.at(-2)?.timestamp, t0 + 34_000);
    await assert.rejects(runtime.answerTask(token, { kind: 'heartbeat' }), { code: 'TaskTimedOut' });
    await store.close();
  });

  it('stopping the execution makes its token a timed-out one', async () => {
    const { store, runtime, tasks } = setup();
    const s = start(callbackMachine(), 'e1');
    await runtime.startExecution(s);
    await runtime.runDue();
    await runtime.stopExecution(s.arn, {});
    await assert.rejects(runtime.answerTask(tasks.tokens[0] ?? '', { kind: 'success', output: '{}' }), {
      code: 'TaskTimedOut',
    });
    await store.close();
  });
});

describe('activities', () => {
  it('hands a task to one worker with ActivityStarted, then completes it by its token', async () => {
    const { store, runtime } = setup();
    await store.createActivity({ arn: activityArn, name: 'work', creationDate: t0 });
    const s = start(activityMachine(), 'e1', { job: 1 });
    await runtime.startExecution(s);
    assert.deepEqual(await store.listWork(s.arn), [], 'an activity task is its token, not work');
    const task = await runtime.getActivityTask(activityArn, 'w1');
    assert.equal(task?.input, '{"job":1}');
    const events = (await store.getHistory(s.arn, { limit: 100 })).items;
    assert.deepEqual(events.at(-1)?.activityStartedEventDetails, { workerName: 'w1' });
    assert.equal((await store.getTaskToken(task.taskToken))?.workerName, 'w1');
    await runtime.answerTask(task.taskToken, { kind: 'success', output: '{"done":1}' });
    assert.deepEqual((await types(store, s.arn)).slice(-4), [
      'ActivityStarted',
      'ActivitySucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    await store.close();
  });

  it('long-polls: a waiting worker gets the task as soon as an execution schedules it, or nothing after 60 s', async () => {
    const { store, clock, runtime } = setup();
    await store.createActivity({ arn: activityArn, name: 'work', creationDate: t0 });
    const waiting = runtime.getActivityTask(activityArn, 'w1');
    await settle();
    const s = start(activityMachine(), 'e1', { job: 2 });
    await runtime.startExecution(s);
    const task = await waiting;
    assert.equal(task?.input, '{"job":2}');
    assert.equal(clock.now(), t0, 'no time passed');
    const empty = runtime.getActivityTask(activityArn, 'w2');
    await settle();
    clock.advance(59_999);
    await settle();
    let answered = false;
    void empty.then(() => (answered = true));
    await settle();
    assert.equal(answered, false);
    clock.advance(1);
    assert.equal(await empty, undefined);
    await store.close();
  });

  it('does not start an activity that does not exist: States.Runtime', async () => {
    const { store, runtime } = setup();
    const s = start(activityMachine(), 'e1');
    await runtime.startExecution(s);
    const record = await store.getExecution(s.arn);
    assert.equal(record?.error, 'States.Runtime');
    assert.match(record.cause ?? '', /The activity .*:activity:work does not exist\.$/);
    await store.close();
  });

  it('an activity task that nobody takes in time is gone: TimeoutSeconds, ActivityTimedOut, no worker gets it', async () => {
    const { store, clock, runtime } = setup();
    await store.createActivity({ arn: activityArn, name: 'work', creationDate: t0 });
    const s = start(activityMachine({ TimeoutSeconds: 30 }), 'e1');
    await runtime.startExecution(s);
    await runInVirtualTime(runtime, clock);
    assert.deepEqual((await types(store, s.arn)).slice(-2), ['ActivityTimedOut', 'ExecutionFailed']);
    const poll = runtime.getActivityTask(activityArn, 'late');
    clock.advance(60_000);
    assert.equal(await poll, undefined);
    await store.close();
  });

  it('keeps a pending activity task across a restart: the next process hands it out and completes it', async () => {
    const file = join(dir, 'restart.sqlite');
    const first = setup(openSqliteStore({ file }));
    await first.store.createActivity({ arn: activityArn, name: 'work', creationDate: t0 });
    const s = start(activityMachine({ HeartbeatSeconds: 60 }), 'e1', { job: 3 });
    await first.runtime.startExecution(s);
    await first.runtime.close();
    await first.store.close();

    const second = setup(openSqliteStore({ file }));
    const task = await second.runtime.getActivityTask(activityArn, 'after-restart');
    assert.equal(task?.input, '{"job":3}');
    await second.runtime.answerTask(task.taskToken, { kind: 'heartbeat' });
    await second.runtime.answerTask(task.taskToken, { kind: 'success', output: '"ok"' });
    const record = await second.store.getExecution(s.arn);
    assert.equal(record?.status, 'SUCCEEDED');
    assert.equal(record.output, '"ok"');
    await second.runtime.close();
    await second.store.close();
  });
});

/** Lets pending promise callbacks run (store calls resolve at once): no wall-clock wait. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
