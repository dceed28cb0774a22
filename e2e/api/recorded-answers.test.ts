// Black box through the AWS SDK: answers that AWS's recordings and API reference fix to the letter. Alias
// validation messages, RedriveExecution's clientToken (an SDK retry of a redrive succeeds without a second
// redrive), DescribeStateMachine's variableReferences, a timed-out task's empty Cause, and the Coral-style
// UnknownOperationException.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  CreateActivityCommand,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  UpdateStateMachineCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { ServerProcess } from './server-process.ts';
import { serveForTests } from './shared-server.ts';
import { createMachine, ended, fails, history, roleArn } from './sfn-client.ts';

let server: ServerProcess;
let sfn: SFNClient;
serveForTests((started) => ({ server, sfn } = started));

const pass = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

async function twoVersions(name: string): Promise<{ machine: string; v1: string; v2: string }> {
  const created = await sfn.send(
    new CreateStateMachineCommand({ name, roleArn, definition: JSON.stringify(pass), publish: true }),
  );
  const changed = JSON.stringify({ StartAt: 'Q', States: { Q: { Type: 'Pass', End: true } } });
  const second = await sfn.send(
    new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: changed, publish: true }),
  );
  return {
    machine: created.stateMachineArn ?? '',
    v1: created.stateMachineVersionArn ?? '',
    v2: second.stateMachineVersionArn ?? '',
  };
}

it('refuses bad alias routing configurations with the messages AWS recorded', async () => {
  const { machine, v1, v2 } = await twoVersions('aliased');
  const alias = (routing: { stateMachineVersionArn: string; weight: number }[], name = 'live') =>
    sfn.send(new CreateStateMachineAliasCommand({ name, routingConfiguration: routing }));
  await fails(
    alias([{ stateMachineVersionArn: machine, weight: 100 }]),
    'ValidationException',
    new RegExp(`^Routing configuration must contain state machine version ARNs\\. Received: \\[${machine}\\]$`),
  );
  await fails(
    alias([
      { stateMachineVersionArn: v1, weight: 50 },
      { stateMachineVersionArn: v1, weight: 50 },
    ]),
    'ValidationException',
    /^Routing configuration must contain distinct state machine version ARNs\. Received: \[\S+:1, \S+:1\]$/,
  );
  await fails(
    alias([
      { stateMachineVersionArn: v1, weight: 70 },
      { stateMachineVersionArn: v2, weight: 29 },
    ]),
    'ValidationException',
    /^Sum of routing configuration weights must equal 100\. Received: \[70, 29\]$/,
  );
  await fails(
    alias([{ stateMachineVersionArn: v1, weight: 101 }]),
    'ValidationException',
    /^1 validation error detected: Value '101' at 'routingConfiguration\.1\.member\.weight' failed to satisfy constraint: Member must have value less than or equal to 100$/,
  );
  await fails(
    alias([
      { stateMachineVersionArn: v1, weight: 50 },
      { stateMachineVersionArn: v2, weight: 30 },
      { stateMachineVersionArn: v2, weight: 20 },
    ]),
    'ValidationException',
    /^1 validation error detected: Value '\[RoutingConfigurationListItem\(stateMachineVersionArn=\S+:1, weight=50\), RoutingConfigurationListItem\(stateMachineVersionArn=\S+:2, weight=30\), .*\]' at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2$/,
  );
  for (const name of ['123', 'INVALID ALIAS', 'ALIAS@']) {
    await fails(
      alias([{ stateMachineVersionArn: v1, weight: 100 }], name),
      'ValidationException',
      /at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: \^\(\?=\.\*\[a-zA-Z_\\-\\\.\]\)\[a-zA-Z0-9_\\-\\\.\]\+\$$/,
    );
  }
});

it('answers a repeated RedriveExecution clientToken with the first redrive, without redriving again', async () => {
  const arn = await createMachine(sfn, 'fails-each-time', {
    StartAt: 'Stop',
    States: { Stop: { Type: 'Fail', Error: 'Nope', Cause: 'always' } },
  });
  const executionArn = (await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }))).executionArn ?? '';
  await ended(sfn, executionArn);
  const first = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'retry-1' }));
  await ended(sfn, executionArn);
  const retried = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'retry-1' }));
  assert.deepEqual(retried.redriveDate, first.redriveDate);
  assert.equal((await sfn.send(new DescribeExecutionCommand({ executionArn }))).redriveCount, 1);
  // Another token is another redrive; the SDK fills one in when the caller gives none.
  await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken: 'retry-2' }));
  await ended(sfn, executionArn);
  await sfn.send(new RedriveExecutionCommand({ executionArn }));
  assert.equal((await sfn.send(new DescribeExecutionCommand({ executionArn }))).redriveCount, 3);
});

it('describes the variables each state reads, nested states included, and omits the member when none', async () => {
  const arn = await createMachine(sfn, 'reads-variables', {
    StartAt: 'Setup',
    States: {
      Setup: {
        Type: 'Pass',
        Assign: { guess: 'g', answer: 'a', items: [1] },
        Parameters: { literal: '$guess' },
        Next: 'Check',
      },
      Check: {
        Type: 'Choice',
        Choices: [{ Variable: '$guess', StringEqualsPath: '$answer', Next: 'Each' }],
        Default: 'Each',
      },
      Each: {
        Type: 'Map',
        ItemsPath: '$items',
        ItemProcessor: {
          StartAt: 'Inner',
          States: {
            Inner: {
              Type: 'Pass',
              QueryLanguage: 'JSONata',
              Output: '{% $sum([$states.input]) & $answer & "$ignored" %}',
              End: true,
            },
          },
        },
        ItemSelector: { 'text.$': "States.Format('{} $quoted', $guess)", 'ctx.$': '$$.Map.Item.Value' },
        End: true,
      },
    },
  });
  const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  const expected = { Check: ['answer', 'guess'], Each: ['guess', 'items'], Inner: ['answer'] };
  assert.deepEqual(described.variableReferences, expected);
  const executionArn = (await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }))).executionArn ?? '';
  await ended(sfn, executionArn);
  const forExecution = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
  assert.deepEqual(forExecution.variableReferences, expected);
  const none = await createMachine(sfn, 'reads-none', pass);
  const plain = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: none }));
  assert.equal(plain.variableReferences, undefined);
});

it('hands the catcher of a timed-out task an empty Cause, as AWS does, while the history event has none', async () => {
  const activity = await sfn.send(new CreateActivityCommand({ name: 'nobody-polls' }));
  const arn = await createMachine(sfn, 'times-out-caught', {
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Resource: activity.activityArn,
        TimeoutSeconds: 1,
        Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  });
  const executionArn = (await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }))).executionArn ?? '';
  const done = await ended(sfn, executionArn);
  assert.equal(done.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(done.output ?? ''), { Error: 'States.Timeout', Cause: '' });
  const timedOut = (await history(sfn, executionArn)).find((event) => event.type === 'ActivityTimedOut');
  assert.deepEqual(timedOut?.activityTimedOutEventDetails, { error: 'States.Timeout' });
});

it("answers an unknown operation as AWS does: Coral's UnknownOperationException without a message", async () => {
  for (const target of ['AWSStepFunctions.FlyToTheMoon', undefined]) {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        ...(target === undefined ? {} : { 'x-amz-target': target }),
      },
      body: '{}',
    });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { __type: 'com.amazon.coral.service#UnknownOperationException' });
  }
});
