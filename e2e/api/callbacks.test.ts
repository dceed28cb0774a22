// Black box: callbacks (.waitForTaskToken) on the real server through @aws-sdk/client-sfn. A local
// function receives the task token in its payload; the test plays the outside system that answers with
// SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat, and meets AWS's refusals.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { serveForTests } from './shared-server.ts';
import { createMachine, ended, fails, history, historyWith } from './sfn-client.ts';

const functions = fileURLToPath(new URL('./functions', import.meta.url));

let sfn: SFNClient;
serveForTests((started) => ({ sfn } = started), ['--functions', functions]);

function waitingMachine(extra: object = {}): object {
  return {
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token', 'order.$': '$.order' } },
        ...extra,
        End: true,
      },
    },
  };
}

let machines = 0;

/** Starts an execution of a new waiting machine; resolves with its ARN and the token once it waits. */
async function waitingExecution(extra: object = {}): Promise<{ executionArn: string; token: string }> {
  const stateMachineArn = await createMachine(sfn, `waits-${String(++machines)}`, waitingMachine(extra));
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"order":"o-1"}' }));
  const executionArn = started.executionArn ?? '';
  const events = await historyWith(sfn, executionArn, 'TaskSubmitted');
  const scheduled = events.find((event) => event.type === 'TaskScheduled');
  const parameters = JSON.parse(scheduled?.taskScheduledEventDetails?.parameters ?? '{}') as {
    Payload: { token: string };
  };
  return { executionArn, token: parameters.Payload.token };
}

describe('callbacks against stepwise serve', () => {
  it('the function gets the token; SendTaskSuccess completes the task once', async () => {
    const { executionArn, token } = await waitingExecution();
    assert.match(token, /^[\w-]{43}$/, 'an unguessable token: 256 random bits');
    const submitted = (await history(sfn, executionArn)).find((event) => event.type === 'TaskSubmitted');
    const response = JSON.parse(submitted?.taskSubmittedEventDetails?.output ?? '{}') as { Payload: unknown };
    assert.deepEqual(response.Payload, { queued: 'o-1' }, "TaskSubmitted holds the function's Invoke response");
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    const done = await ended(sfn, executionArn);
    assert.equal(done.status, 'SUCCEEDED');
    assert.equal(done.output, '{"approved":true}');
    assert.deepEqual(
      (await history(sfn, executionArn)).map((event) => event.type),
      [
        'ExecutionStarted',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSubmitted',
        'TaskSucceeded',
        'TaskStateExited',
        'ExecutionSucceeded',
      ],
    );
    await fails(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })), 'TaskDoesNotExist');
  });

  it('SendTaskFailure fails the task with its error and cause', async () => {
    const { executionArn, token } = await waitingExecution();
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: 'by a human' }));
    const done = await ended(sfn, executionArn);
    assert.deepEqual([done.status, done.error, done.cause], ['FAILED', 'Rejected', 'by a human']);
  });

  it('heartbeats keep a task alive past HeartbeatSeconds; without them it times out, and late answers are refused', async () => {
    const alive = await waitingExecution({ HeartbeatSeconds: 1 });
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: alive.token }));
    }
    await sfn.send(new SendTaskSuccessCommand({ taskToken: alive.token, output: '"still here"' }));
    assert.equal((await ended(sfn, alive.executionArn)).status, 'SUCCEEDED');

    const silent = await waitingExecution({ HeartbeatSeconds: 1 });
    const done = await ended(sfn, silent.executionArn);
    assert.deepEqual([done.status, done.error], ['FAILED', 'States.Timeout']);
    assert.equal((await history(sfn, silent.executionArn)).at(-2)?.type, 'TaskTimedOut');
    await fails(
      sfn.send(new SendTaskSuccessCommand({ taskToken: silent.token, output: '{}' })),
      'TaskTimedOut',
      /Provided task does not exist anymore/,
    );
    await fails(sfn.send(new SendTaskHeartbeatCommand({ taskToken: silent.token })), 'TaskTimedOut');
  });

  it('refuses a forged token and output that is not JSON', async () => {
    await fails(sfn.send(new SendTaskSuccessCommand({ taskToken: 'forged', output: '{}' })), 'InvalidToken');
    await fails(sfn.send(new SendTaskFailureCommand({ taskToken: 'forged' })), 'InvalidToken');
    const { token } = await waitingExecution();
    await fails(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: 'nope' })), 'InvalidOutput');
  });
});
