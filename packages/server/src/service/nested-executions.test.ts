// Nested executions through the service on the real runtime: `states:startExecution` request-response,
// `.sync`, `.sync:2` and `.waitForTaskToken`, AWS's output and failure shapes, the parent's id in the
// child's input, StartExecution's errors as the integration reports them, and a stopped parent stopping
// its `.sync` child.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { HistoryEvent } from '@stepwise/core';
import { durableService, t0, type DurableService } from './durable-test-support.ts';

const childDefinition = {
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', Seconds: 60, Next: 'Done' },
    Done: { Type: 'Pass', Result: { Arg1: 'argument1' }, End: true },
  },
};
const failingChild = {
  StartAt: 'Boom',
  States: {
    Boom: { Type: 'Fail', Error: 'SomeFailure', Cause: "This state machines raises a 'SomeFailure' failure." },
  },
};

function parentDefinition(resource: string, extra: object = {}): object {
  return {
    StartAt: 'Start',
    States: {
      Start: {
        Type: 'Task',
        Resource: resource,
        Parameters: { 'StateMachineArn.$': '$.arn', 'Input.$': '$.input', 'Name.$': '$.name' },
        ...extra,
        End: true,
      },
    },
  };
}

let service: DurableService;
beforeEach(() => {
  service = durableService();
});
afterEach(async () => {
  await service.close();
});

async function startParent(resource: string, child: object, input: unknown = null, extra: object = {}) {
  const childArn = await service.machine('child', child);
  const parentArn = await service.machine('parent', parentDefinition(resource, extra));
  const body = { stateMachineArn: parentArn, name: 'p1', input: JSON.stringify({ arn: childArn, input, name: 'c1' }) };
  const started = await service.call('StartExecution', body);
  return {
    parent: started.executionArn as string,
    child: service.arns.execution('child', 'c1'),
  };
}

async function history(arn: string): Promise<HistoryEvent[]> {
  return (await service.store.getHistory(arn, { limit: 100 })).items;
}

describe('states:startExecution as a Task', () => {
  it('request-response: answers with StartExecution response at once; the child runs on its own', async () => {
    const { parent, child } = await startParent('arn:aws:states:::states:startExecution', childDefinition, {
      hello: 'world',
    });
    const ended = await service.runUntilEnded(parent);
    assert.equal(ended.status, 'SUCCEEDED');
    const output = JSON.parse(ended.output ?? '') as Record<string, unknown>;
    assert.equal(output.ExecutionArn, child);
    assert.equal(output.StartDate, t0);
    assert.deepEqual(Object.keys(output), ['ExecutionArn', 'SdkHttpMetadata', 'SdkResponseMetadata', 'StartDate']);
    assert.equal((await service.store.getExecution(child))?.input, '{"hello":"world"}');
    assert.equal((await service.runUntilEnded(child)).status, 'SUCCEEDED');
  });

  it('.sync waits for the child: TaskSubmitted, then DescribeExecution with Output as JSON text', async () => {
    const { parent, child } = await startParent('arn:aws:states:::states:startExecution.sync', childDefinition);
    const ended = await service.runUntilEnded(parent);
    assert.equal(ended.status, 'SUCCEEDED');
    assert.equal(service.clock.now(), t0 + 60_000, 'the child waited 60 s on the virtual clock');
    assert.deepEqual((await history(parent)).map((event) => event.type).slice(2, 6), [
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
    ]);
    assert.deepEqual(JSON.parse(ended.output ?? ''), {
      ExecutionArn: child,
      Input: '{}',
      InputDetails: { Included: true },
      Name: 'c1',
      Output: '{"Arg1":"argument1"}',
      OutputDetails: { Included: true },
      RedriveCount: 0,
      RedriveStatus: 'NOT_REDRIVABLE',
      RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
      StartDate: t0,
      StateMachineArn: service.arns.stateMachine('child'),
      Status: 'SUCCEEDED',
      StopDate: t0 + 60_000,
    });
    const submitted = (await history(parent)).find((event) => event.type === 'TaskSubmitted');
    const details = submitted?.taskSubmittedEventDetails as { output: string; resource: string };
    assert.equal(details.resource, 'startExecution.sync');
    assert.equal((JSON.parse(details.output) as { ExecutionArn: string }).ExecutionArn, child);
    assert.deepEqual((await service.store.getExecution(child))?.parent, {
      executionArn: parent,
      taskId: '0:task:1',
      resource: 'arn:aws:states:::states:startExecution.sync',
    });
  });

  it('.sync:2 gives Input and Output as JSON values; a child that ends in its first step is heard too', async () => {
    const instant = { StartAt: 'P', States: { P: { Type: 'Pass', Result: { done: true }, End: true } } };
    const { parent } = await startParent('arn:aws:states:::states:startExecution.sync:2', instant, { n: 1 });
    const ended = await service.runUntilEnded(parent);
    const output = JSON.parse(ended.output ?? '') as Record<string, unknown>;
    assert.deepEqual([output.Input, output.Output], [{ n: 1 }, { done: true }]);
    assert.deepEqual((await history(parent)).map((event) => event.type).slice(2, 6), [
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
    ]);
  });

  it('a failed child fails the .sync task with States.TaskFailed and its DescribeExecution as cause', async () => {
    const { parent, child } = await startParent('arn:aws:states:::states:startExecution.sync', failingChild);
    const ended = await service.runUntilEnded(parent);
    assert.equal(ended.status, 'FAILED');
    assert.equal(ended.error, 'States.TaskFailed');
    const cause = JSON.parse(ended.cause ?? '') as Record<string, unknown>;
    assert.deepEqual(
      [cause.Status, cause.Error, cause.Cause, cause.ExecutionArn, cause.RedriveStatus],
      ['FAILED', 'SomeFailure', "This state machines raises a 'SomeFailure' failure.", child, 'REDRIVABLE'],
    );
  });

  it('stopping the parent stops its .sync child', async () => {
    const { parent, child } = await startParent('arn:aws:states:::states:startExecution.sync', childDefinition);
    await service.runtime.standard.runDue();
    assert.equal((await service.store.getExecution(child))?.status, 'RUNNING');
    await service.call('StopExecution', { executionArn: parent });
    await service.runtime.standard.runDue();
    assert.equal((await service.store.getExecution(child))?.status, 'ABORTED');
    assert.equal((await service.store.getExecution(parent))?.status, 'ABORTED');
  });

  it("a parent task's TimeoutSeconds stops the child; a child that is aborted fails the parent's task", async () => {
    const timed = await startParent('arn:aws:states:::states:startExecution.sync', childDefinition, null, {
      TimeoutSeconds: 10,
    });
    assert.equal((await service.runUntilEnded(timed.parent)).error, 'States.Timeout');
    await service.runtime.standard.runDue();
    assert.equal((await service.store.getExecution(timed.child))?.status, 'ABORTED');
  });

  it('an aborted child fails its .sync parent with States.TaskFailed', async () => {
    const { parent, child } = await startParent('arn:aws:states:::states:startExecution.sync:2', childDefinition);
    await service.runtime.standard.runDue();
    await service.call('StopExecution', { executionArn: child, error: 'Why', cause: 'stopped by hand' });
    const ended = await service.runUntilEnded(parent);
    assert.equal(ended.error, 'States.TaskFailed');
    assert.equal((JSON.parse(ended.cause ?? '') as { Status: string }).Status, 'ABORTED');
  });

  it('.waitForTaskToken: the child gets $$.Task.Token and the parent waits for SendTaskSuccess', async () => {
    const childArn = await service.machine('child', childDefinition);
    const parentArn = await service.machine('parent', {
      StartAt: 'Start',
      States: {
        Start: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.waitForTaskToken',
          Parameters: {
            StateMachineArn: childArn,
            Input: { 'token.$': '$$.Task.Token', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
          },
          End: true,
        },
      },
    });
    const parent = (await service.call('StartExecution', { stateMachineArn: parentArn, name: 'p' }))
      .executionArn as string;
    await service.runtime.standard.runDue();
    const children = await service.store.listExecutions({ parent: { executionArn: parent } }, { limit: 10 });
    const [child] = children.items;
    assert.ok(child);
    const input = JSON.parse(child.input) as { token: string; AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: string };
    assert.equal(input.AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID, parent);
    assert.equal((await service.store.getExecution(parent))?.status, 'RUNNING');
    await service.call('SendTaskSuccess', { taskToken: input.token, output: '{"from":"child"}' });
    const ended = await service.runUntilEnded(parent);
    assert.equal(ended.output, '{"from":"child"}');
    const types = (await history(parent)).map((event) => event.type);
    assert.deepEqual(types.slice(2, 6), ['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']);
  });

  it('reports StartExecution errors as StepFunctions.<Name>Exception with the SDK cause', async () => {
    const parentArn = await service.machine('parent', parentDefinition('arn:aws:states:::states:startExecution'));
    const missing = service.arns.stateMachine('nope');
    const input = JSON.stringify({ arn: missing, input: null, name: 'c1' });
    const parent = (await service.call('StartExecution', { stateMachineArn: parentArn, input })).executionArn as string;
    const ended = await service.runUntilEnded(parent);
    assert.equal(ended.error, 'StepFunctions.StateMachineDoesNotExistException');
    assert.match(
      ended.cause ?? '',
      new RegExp(
        `^State Machine Does Not Exist: '${missing}' \\(Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist; Request ID: [0-9a-f-]+; Proxy: null\\)$`,
      ),
    );
  });

  it('a second start of the same child name after it ended is ExecutionAlreadyExists', async () => {
    const instant = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const childArn = await service.machine('child', instant);
    const parentArn = await service.machine('parent', parentDefinition('arn:aws:states:::states:startExecution'));
    const input = JSON.stringify({ arn: childArn, input: null, name: 'same' });
    for (const name of ['p1', 'p2']) {
      const parent = (await service.call('StartExecution', { stateMachineArn: parentArn, input, name })).executionArn;
      const ended = await service.runUntilEnded(parent as string);
      if (name === 'p2') assert.equal(ended.error, 'StepFunctions.ExecutionAlreadyExistsException');
      else assert.equal(ended.status, 'SUCCEEDED');
    }
  });
});
