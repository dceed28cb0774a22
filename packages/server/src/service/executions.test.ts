// Executions through the service entry point: start (idempotency, names, inputs), describe, list, history, stop,
// redrive and StartSyncExecution, with a stand-in runtime over a real in-memory store.

import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ApiError } from './errors.ts';
import { passDefinition, testRoleArn, testService, type TestService } from './test-support.ts';

let s: TestService;
let machine: string;
let express: string;
beforeEach(async () => {
  s = testService();
  const base = { definition: passDefinition, roleArn: testRoleArn };
  machine = String((await s.call('CreateStateMachine', { name: 'sm', ...base })).stateMachineArn);
  express = String((await s.call('CreateStateMachine', { name: 'fast', type: 'EXPRESS', ...base })).stateMachineArn);
});

async function rejects(promise: Promise<unknown>, type: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.type, type, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe('executions', () => {
  it('starts idempotently by name and input while running', async () => {
    const first = await s.call('StartExecution', { stateMachineArn: machine, name: 'e1', input: '{"a":1}' });
    assert.equal(first.executionArn, 'arn:aws:states:us-east-1:123456789012:execution:sm:e1');
    assert.deepEqual(await s.call('StartExecution', { stateMachineArn: machine, name: 'e1', input: '{"a":1}' }), first);
    await rejects(
      s.call('StartExecution', { stateMachineArn: machine, name: 'e1', input: '{"a":2}' }),
      'ExecutionAlreadyExists',
      /^Execution Already Exists: 'arn:aws:states:us-east-1:123456789012:execution:sm:e1'$/,
    );
    await s.runtime.end(first.executionArn, 'FAILED', 9000);
    await rejects(
      s.call('StartExecution', { stateMachineArn: machine, name: 'e1', input: '{"a":1}' }),
      'ExecutionAlreadyExists',
    );
  });

  it('checks names, inputs and machines', async () => {
    await rejects(s.call('StartExecution', { stateMachineArn: machine, name: 'a/b' }), 'InvalidName');
    await rejects(
      s.call('StartExecution', { stateMachineArn: machine, input: '{oops' }),
      'InvalidExecutionInput',
      /^Invalid State Machine Execution Input: /,
    );
    await rejects(
      s.call('StartExecution', { stateMachineArn: machine, input: `"${'x'.repeat(262144)}"` }),
      'ValidationException',
    );
    await rejects(s.call('StartExecution', { stateMachineArn: `${machine}x` }), 'StateMachineDoesNotExist');
    await rejects(s.call('StartExecution', { stateMachineArn: `${machine}:7` }), 'StateMachineDoesNotExist');
    const generated = await s.call('StartExecution', { stateMachineArn: machine });
    assert.match(String(generated.executionArn), /:execution:sm:00000000-0000-0000-0000-\d{12}$/);
  });

  it('describes, lists and pages history', async () => {
    const { executionArn } = await s.call('StartExecution', { stateMachineArn: machine, name: 'e1' });
    await s.call('StartExecution', { stateMachineArn: machine, name: 'e2' });
    const described = await s.call('DescribeExecution', { executionArn });
    assert.equal(described.status, 'RUNNING');
    assert.equal(described.input, '{}');
    const metadata = await s.call('DescribeExecution', { executionArn, includedData: 'METADATA_ONLY' });
    assert.equal(metadata.input, undefined);
    assert.deepEqual(metadata.inputDetails, { included: false });
    const listed = await s.call('ListExecutions', { stateMachineArn: machine });
    assert.deepEqual((listed.executions as { name: string }[]).map((e) => e.name).sort(), ['e1', 'e2']);
    await s.runtime.end(String(executionArn), 'FAILED', 9000);
    const failed = await s.call('ListExecutions', { stateMachineArn: machine, statusFilter: 'FAILED' });
    assert.deepEqual(
      (failed.executions as { name: string }[]).map((e) => e.name),
      ['e1'],
    );
    const page = await s.call('GetExecutionHistory', { executionArn, maxResults: 1 });
    assert.deepEqual(
      (page.events as { type: string }[]).map((e) => e.type),
      ['ExecutionStarted'],
    );
    assert.ok((page.events as { timestamp: unknown }[])[0]?.timestamp instanceof Date);
    const rest = await s.call('GetExecutionHistory', { executionArn, nextToken: page.nextToken });
    assert.deepEqual(
      (rest.events as { type: string }[]).map((e) => e.type),
      ['ExecutionFailed'],
    );
    const reversed = await s.call('GetExecutionHistory', { executionArn, reverseOrder: true });
    assert.deepEqual(
      (reversed.events as { id: number }[]).map((e) => e.id),
      [2, 1],
    );
    await rejects(s.call('ListExecutions', {}), 'ValidationException');
    await rejects(s.call('ListExecutions', { stateMachineArn: express }), 'StateMachineTypeNotSupported');
    await rejects(s.call('DescribeExecution', { executionArn: `${String(executionArn)}x` }), 'ExecutionDoesNotExist');
  });

  it('stops running executions and redrives only ended ones', async () => {
    const { executionArn } = await s.call('StartExecution', { stateMachineArn: machine, name: 'e1' });
    await rejects(s.call('RedriveExecution', { executionArn }), 'ExecutionNotRedrivable', /RUNNING/);
    const stopped = await s.call('StopExecution', { executionArn, error: 'E', cause: 'C' });
    assert.deepEqual(stopped.stopDate, new Date(5000));
    assert.deepEqual(await s.call('StopExecution', { executionArn }), stopped, 'stopping again changes nothing');
    const redriven = await s.call('RedriveExecution', { executionArn });
    assert.deepEqual(redriven.redriveDate, new Date(6000));
  });

  it('runs Express machines: StartExecution in the background, StartSyncExecution to the end', async () => {
    const started = await s.call('StartExecution', { stateMachineArn: express, name: 'x' });
    assert.match(String(started.executionArn), /:express:fast:x:[0-9a-f-]{36}$/);
    assert.equal(s.runtime.express.length, 1);
    await rejects(s.call('DescribeExecution', { executionArn: started.executionArn }), 'InvalidArn');
    const sync = await s.call('StartSyncExecution', { stateMachineArn: express, input: '{"k":1}' });
    assert.equal(sync.status, 'SUCCEEDED');
    assert.equal(sync.output, '{"k":1}');
    assert.deepEqual(sync.billingDetails, { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: 300 });
    await rejects(s.call('StartSyncExecution', { stateMachineArn: machine }), 'StateMachineTypeNotSupported');
  });
});
