// The activity worker against a scripted client: what it sends for a task that succeeds, fails, outlives
// its heartbeat interval or is already over, and how it stops. (e2e/api runs it against a real server.)
/// <reference types="node" />

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActivityFailure, ActivityWorker } from './index.ts';

interface Sent {
  name: string;
  input: Record<string, unknown>;
}

/** A client whose GetActivityTask hands out `tasks` in turn, then waits until aborted. */
function scriptedClient(tasks: { taskToken: string; input: string }[], refuse?: (name: string) => string | undefined) {
  const sent: Sent[] = [];
  const client = {
    send: (command: { constructor: { name: string }; input: object }, options?: { abortSignal?: AbortSignal }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      sent.push({ name, input: command.input as Record<string, unknown> });
      const refusal = refuse?.(name);
      if (refusal !== undefined) return Promise.reject(Object.assign(new Error(refusal), { name: refusal }));
      if (name !== 'GetActivityTask') return Promise.resolve({});
      const task = tasks.shift();
      if (task !== undefined) return Promise.resolve(task);
      return new Promise((_, reject) => {
        options?.abortSignal?.addEventListener('abort', () => {
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        });
      });
    },
  };
  return { client: client as never, sent };
}

test('answers SendTaskSuccess with the handler result and polls with its worker name', async () => {
  const { client, sent } = scriptedClient([{ taskToken: 't1', input: '{"n":2}' }]);
  const worker = new ActivityWorker<{ n: number }, { doubled: number }>({
    client,
    activityArn: 'arn:a',
    workerName: 'w',
    handler: (input) => ({ doubled: input.n * 2 }),
  });
  assert.equal(await worker.runOnce(), true);
  assert.deepEqual(sent, [
    { name: 'GetActivityTask', input: { activityArn: 'arn:a', workerName: 'w' } },
    { name: 'SendTaskSuccess', input: { taskToken: 't1', output: '{"doubled":4}' } },
  ]);
});

test('answers SendTaskFailure with the exception name and message, or an ActivityFailure as given', async () => {
  const { client, sent } = scriptedClient([
    { taskToken: 't1', input: '{}' },
    { taskToken: 't2', input: '{}' },
  ]);
  let calls = 0;
  const worker = new ActivityWorker({
    client,
    activityArn: 'arn:a',
    handler: () => {
      calls += 1;
      if (calls === 1) throw new TypeError('bad input');
      throw new ActivityFailure('Custom.Error', 'why');
    },
  });
  await worker.runOnce();
  await worker.runOnce();
  assert.deepEqual(
    sent.filter((s) => s.name === 'SendTaskFailure').map((s) => s.input),
    [
      { taskToken: 't1', error: 'TypeError', cause: 'bad input' },
      { taskToken: 't2', error: 'Custom.Error', cause: 'why' },
    ],
  );
});

test('heartbeats while the handler runs; a task that is gone aborts the handler and gets no answer', async () => {
  const { client, sent } = scriptedClient([{ taskToken: 't1', input: '{}' }], (name) =>
    name === 'SendTaskHeartbeat' ? 'TaskTimedOut' : undefined,
  );
  const worker = new ActivityWorker({
    client,
    activityArn: 'arn:a',
    handler: async (_input, context) => {
      await context.heartbeat();
      assert.equal(context.signal.aborted, true);
      return 'late';
    },
  });
  await worker.runOnce();
  assert.deepEqual(
    sent.map((s) => s.name),
    ['GetActivityTask', 'SendTaskHeartbeat'],
  );
});

test('stop() ends the poll in progress and waits for the task being handled', async () => {
  const { client, sent } = scriptedClient([{ taskToken: 't1', input: '{}' }]);
  let finish: () => void = () => undefined;
  const handled = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const worker = new ActivityWorker({
    client,
    activityArn: 'arn:a',
    concurrency: 2,
    handler: async () => {
      await handled;
      return { ok: true };
    },
  });
  worker.start();
  await new Promise((resolve) => setImmediate(resolve));
  const stopped = worker.stop();
  finish();
  await stopped;
  assert.deepEqual(sent.map((s) => s.name).sort(), ['GetActivityTask', 'GetActivityTask', 'SendTaskSuccess']);
});
