// Black box: nested executions on the real server through @aws-sdk/client-sfn: a parent Task starting a
// child with `states:startExecution` (fire and forget), `.sync`, `.sync:2` and `.waitForTaskToken`, and a
// stopped parent stopping its `.sync` child; and `aws-sdk:sfn:*` calls served by the same server.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from './server-process.ts';
import { createMachine, ended, eventually, history, sfnClient } from './sfn-client.ts';

let server: ServerProcess;
let sfn: SFNClient;
let quickChild = '';
let slowChild = '';

before(async () => {
  server = await startServer();
  sfn = sfnClient(server.url);
  quickChild = await createMachine(sfn, 'quick-child', {
    StartAt: 'Greet',
    States: { Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('hello {}', $.who)" }, End: true } },
  });
  slowChild = await createMachine(sfn, 'slow-child', {
    StartAt: 'Wait',
    States: { Wait: { Type: 'Wait', Seconds: 3600, End: true } },
  });
});

after(async () => {
  sfn.destroy();
  assert.equal(await server.stop(), 0);
});

let parents = 0;

async function runParent(resource: string, child: string, input: object = { who: 'ada' }): Promise<string> {
  const parent = await createMachine(sfn, `parent-${String(++parents)}`, {
    StartAt: 'Child',
    States: {
      Child: {
        Type: 'Task',
        Resource: resource,
        Parameters: {
          StateMachineArn: child,
          Input: { ...input, 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
        },
        End: true,
      },
    },
  });
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: parent }));
  return started.executionArn ?? '';
}

async function childrenOf(machine: string): Promise<string[]> {
  const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }));
  return (listed.executions ?? []).map((e) => e.executionArn ?? '');
}

describe('nested executions against stepwise serve', () => {
  it('fire and forget: the parent gets StartExecution response; the child knows its parent', async () => {
    const parent = await runParent('arn:aws:states:::states:startExecution', quickChild);
    const done = await ended(sfn, parent);
    const output = JSON.parse(done.output ?? '{}') as { ExecutionArn: string; StartDate: number };
    assert.equal(typeof output.StartDate, 'number');
    const child = await ended(sfn, output.ExecutionArn);
    assert.equal(child.status, 'SUCCEEDED');
    const input = JSON.parse(child.input ?? '{}') as Record<string, string>;
    assert.equal(input.AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID, parent);
  });

  it('.sync waits for the child and returns DescribeExecution with Output as text; .sync:2 as JSON', async () => {
    const sync = await ended(sfn, await runParent('arn:aws:states:::states:startExecution.sync', quickChild));
    const described = JSON.parse(sync.output ?? '{}') as { Status: string; Output: unknown };
    assert.deepEqual([described.Status, described.Output], ['SUCCEEDED', '{"greeting":"hello ada"}']);
    const sync2 = await ended(sfn, await runParent('arn:aws:states:::states:startExecution.sync:2', quickChild));
    assert.deepEqual((JSON.parse(sync2.output ?? '{}') as { Output: unknown }).Output, { greeting: 'hello ada' });
  });

  it('.waitForTaskToken: the child carries the token; whoever holds it completes the parent', async () => {
    const parent = await runParent('arn:aws:states:::states:startExecution.waitForTaskToken', slowChild, {
      'token.$': '$$.Task.Token',
    });
    const [child] = await eventually(
      () => childrenOf(slowChild),
      (arns) => arns.length > 0,
    );
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: child }));
    const token = (JSON.parse(described.input ?? '{}') as { token: string }).token;
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"answer":42}' }));
    const done = await ended(sfn, parent);
    assert.equal(done.output, '{"answer":42}');
    assert.ok((await history(sfn, parent)).some((event) => event.type === 'TaskSubmitted'));
    await sfn.send(new StopExecutionCommand({ executionArn: child }));
  });

  it('stopping a parent stops its .sync child', async () => {
    const before = new Set(await childrenOf(slowChild));
    const parent = await runParent('arn:aws:states:::states:startExecution.sync', slowChild);
    const children = await eventually(
      () => childrenOf(slowChild),
      (arns) => arns.some((arn) => !before.has(arn)),
    );
    const child = children.find((arn) => !before.has(arn)) ?? '';
    await sfn.send(new StopExecutionCommand({ executionArn: parent }));
    const stopped = await ended(sfn, child);
    assert.equal(stopped.status, 'ABORTED');
  });

  it('aws-sdk:sfn calls this Stepwise: start and describe an execution; a bad token is Sfn.InvalidTokenException', async () => {
    const parent = await createMachine(sfn, 'sdk-parent', {
      StartAt: 'Start',
      States: {
        Start: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:sfn:startExecution',
          Parameters: { StateMachineArn: quickChild, Input: '{"who":"grace"}' },
          ResultPath: '$.started',
          Next: 'Settle',
        },
        Settle: { Type: 'Wait', Seconds: 1, Next: 'Describe' },
        Describe: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:sfn:describeExecution',
          Parameters: { 'ExecutionArn.$': '$.started.ExecutionArn' },
          ResultSelector: { 'Status.$': '$.Status', 'Output.$': 'States.StringToJson($.Output)' },
          ResultPath: '$.described',
          Next: 'Answer',
        },
        Answer: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:sfn:sendTaskSuccess',
          Parameters: { TaskToken: 'no-such-token', Output: '{}' },
          Catch: [{ ErrorEquals: ['Sfn.InvalidTokenException'], ResultPath: '$.refused', Next: 'Done' }],
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    });
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: parent }));
    const done = await ended(sfn, started.executionArn ?? '');
    assert.equal(done.status, 'SUCCEEDED', `${done.error ?? ''}: ${done.cause ?? ''}`);
    const output = JSON.parse(done.output ?? '{}') as {
      started: { ExecutionArn: string; StartDate: string };
      described: { Status: string; Output: unknown };
      refused: { Error: string; Cause: string };
    };
    assert.match(output.started.ExecutionArn, /:execution:quick-child:/);
    assert.deepEqual(output.described, { Status: 'SUCCEEDED', Output: { greeting: 'hello grace' } });
    assert.equal(output.refused.Error, 'Sfn.InvalidTokenException');
    assert.match(
      output.refused.Cause,
      /^Invalid Token: 'Invalid token' \(Service: Sfn, Status Code: 400, Request ID: \S+\)/,
    );
  });
});
