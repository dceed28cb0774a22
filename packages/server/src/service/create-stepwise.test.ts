// The composition root: Tasks calling Step Functions go to its own service, a wrapper sees them first, and
// beforeStart can refuse a start through the API.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../runtime/clock.ts';
import { runInVirtualTime } from '../runtime/virtual-time.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { createStepwise, type StepwiseOptions } from './create-stepwise.ts';
import { ApiError } from './errors.ts';

const roleArn = 'arn:aws:iam::123456789012:role/test';
const child = { StartAt: 'P', States: { P: { Type: 'Pass', Result: { from: 'child' }, End: true } } };
const parent = {
  StartAt: 'Call',
  States: {
    Call: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:child' },
      OutputPath: '$.Output',
      End: true,
    },
  },
};

async function run(extra: Partial<StepwiseOptions>): Promise<Record<string, unknown>> {
  const store = openSqliteStore({ file: ':memory:' });
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  const tasks = { execute: () => Promise.resolve({ error: 'NoTask', cause: 'no local tasks here' }) };
  const stepwise = createStepwise({ store, clock, tasks, ...extra });
  const call = async (operation: string, body: object) =>
    (await stepwise.api.call(operation as never, body, { requestId: 't' })) as Record<string, unknown>;
  try {
    await call('CreateStateMachine', { name: 'child', roleArn, definition: JSON.stringify(child) });
    const created = await call('CreateStateMachine', { name: 'parent', roleArn, definition: JSON.stringify(parent) });
    const started = await call('StartExecution', { stateMachineArn: created.stateMachineArn, name: 'one' });
    const executionArn = started.executionArn as string;
    const ended = async () => (await store.getExecution(executionArn))?.status !== 'RUNNING';
    await runInVirtualTime(stepwise.runtime.standard, clock, { until: ended });
    return await call('DescribeExecution', { executionArn });
  } finally {
    await stepwise.close();
    await store.close();
  }
}

test('a Task calling StartExecution.sync runs the child through the same service', async () => {
  const described = await run({});
  assert.equal(described.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(described.output as string), { from: 'child' });
});

test('intercept sees the Step Functions integration before the service does (a mock file answers first)', async () => {
  const mocked = { output: JSON.stringify({ Output: { from: 'mock' } }) };
  const described = await run({
    intercept: (inner) => ({
      execute: (invocation, options) =>
        invocation.stateName === 'Call' ? Promise.resolve(mocked) : inner.execute(invocation, options),
    }),
  });
  assert.deepEqual(JSON.parse(described.output as string), { from: 'mock' });
});

test('beforeStart refuses a start with its ApiError, which the caller receives', async () => {
  const refusal = new ApiError('InvalidArn', 'refused by beforeStart');
  await assert.rejects(
    run({
      beforeStart: () => {
        throw refusal;
      },
    }),
    (error: unknown) => error === refusal,
  );
});
