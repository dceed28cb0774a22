// The shell's questions answered from an execution state: which tasks it waits for, and for which task.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awaitedTasks, taskEventId, waitsForTask } from './execution-queries.ts';
import { drive, machineOf, startInput } from './test-support.ts';

const sync = 'arn:aws:states:::states:startExecution.sync:2';
const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const machine = machineOf({
  StartAt: 'P',
  States: {
    P: {
      Type: 'Parallel',
      End: true,
      Branches: [
        { StartAt: 'A', States: { A: { Type: 'Task', Resource: sync, End: true } } },
        { StartAt: 'B', States: { B: { Type: 'Task', Resource: lambda, End: true } } },
      ],
    },
  },
});

test('the tasks a running execution waits for, and no other id', async () => {
  const driver = drive(machine, '{}');
  const { events } = await driver.send(startInput('{}'));
  const tasks = awaitedTasks(driver.state).sort((a, b) => a.resource.localeCompare(b.resource));
  assert.deepEqual(
    tasks.map(({ resource, pattern }) => ({ resource, pattern })),
    [
      { resource: lambda, pattern: 'request' },
      { resource: sync, pattern: 'sync' },
    ],
  );
  for (const task of tasks) assert.equal(waitsForTask(driver.state, task.taskId), true);
  assert.equal(waitsForTask(driver.state, '0:task:999'), false);
  // Each task's latest event is its own TaskStarted (LambdaFunctionStarted for a Lambda ARN).
  const started = events.filter((event) => event.type === 'TaskStarted' || event.type === 'LambdaFunctionStarted');
  assert.deepEqual(
    tasks.map((task) => taskEventId(driver.state, task.taskId)).sort(),
    started.map((event) => event.id).sort(),
  );
  assert.equal(taskEventId(driver.state, '0:task:999'), undefined);
  const [first] = tasks;
  await driver.send({ type: 'StopExecution', error: 'E', cause: 'C' });
  assert.equal(waitsForTask(driver.state, first!.taskId), false);
  assert.deepEqual(awaitedTasks(driver.state), []);
});
