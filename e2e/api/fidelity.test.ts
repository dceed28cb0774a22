// Black box through the AWS SDK: API details as AWS has them. An Express execution ARN given where only
// Standard executions have records is InvalidArn; TestState with input or variables that are not JSON is
// InvalidExecutionInput, never a 500; JSON syntax errors read as Jackson's, AWS's parser's, messages.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  GetActivityTaskCommand,
  SendTaskSuccessCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  TestStateCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { serveForTests } from './shared-server.ts';
import { fails, roleArn } from './sfn-client.ts';

let sfn: SFNClient;
serveForTests((started) => ({ sfn } = started));

it('refuses an Express execution ARN in DescribeExecution, GetExecutionHistory and StopExecution', async () => {
  const definition = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 5, End: true } } });
  const machine = await sfn.send(new CreateStateMachineCommand({ name: 'fast', type: 'EXPRESS', definition, roleArn }));
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn }));
  assert.match(executionArn ?? '', /:express:fast:/);
  const message = /^Invalid Arn: 'Resource type not valid in this context: express'$/;
  await fails(sfn.send(new DescribeExecutionCommand({ executionArn })), 'InvalidArn', message);
  await fails(sfn.send(new GetExecutionHistoryCommand({ executionArn })), 'InvalidArn', message);
  await fails(sfn.send(new StopExecutionCommand({ executionArn })), 'InvalidArn', message);
});

it('answers TestState with input or variables that are not JSON with InvalidExecutionInput', async () => {
  const definition = JSON.stringify({ Type: 'Pass', End: true });
  await fails(
    sfn.send(new TestStateCommand({ definition, roleArn, input: '{"a":' })),
    'InvalidExecutionInput',
    /^Invalid State Machine Execution Input: /,
  );
  await fails(
    sfn.send(new TestStateCommand({ definition, roleArn, input: '{}', variables: '{bad' })),
    'InvalidExecutionInput',
    /^Invalid variables: 'Unexpected character \('b' \(code 98\)\): was expecting double-quote to start field name\n at \[Source: \(String\)"\{bad"; line: 1, column: 3\]'$/,
  );
  const fine = await sfn.send(new TestStateCommand({ definition, roleArn, input: '{"a":1}', variables: '{"v":2}' }));
  assert.equal(fine.status, 'SUCCEEDED');
});

it('words JSON syntax errors in execution input and definitions as Jackson does, with its location', async () => {
  const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  const machine = await sfn.send(new CreateStateMachineCommand({ name: 'jackson', definition, roleArn }));
  await fails(
    sfn.send(new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: '{"a":1,}' })),
    'InvalidExecutionInput',
    /^Invalid State Machine Execution Input: 'Unexpected character \('\}' \(code 125\)\): was expecting double-quote to start field name\n at \[Source: \(String\)"\{"a":1,\}"; line: 1, column: 9\]'$/,
  );
  await fails(
    sfn.send(new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: 'hello' })),
    'InvalidExecutionInput',
    /^Invalid State Machine Execution Input: 'Unrecognized token 'hello': was expecting \(JSON String, Number, Array, Object or token 'null', 'true' or 'false'\)\n/,
  );
  await fails(
    sfn.send(new CreateStateMachineCommand({ name: 'broken', definition: '{"StartAt": "P", "States": {', roleArn })),
    'InvalidDefinition',
    /^Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: Unexpected end-of-input: expected close marker for Object \(start marker at \[Source: \(String\)"\{"StartAt": "P", "States": \{"; line: 1, column: 28\]\)/,
  );
});

it('words a SendTaskSuccess output that is not JSON as Jackson does (InvalidOutput)', async () => {
  const { activityArn } = await sfn.send(new CreateActivityCommand({ name: 'jackson-work' }));
  const definition = JSON.stringify({
    StartAt: 'W',
    States: { W: { Type: 'Task', Resource: activityArn, End: true } },
  });
  const machine = await sfn.send(new CreateStateMachineCommand({ name: 'jackson-output', definition, roleArn }));
  await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn }));
  const { taskToken } = await sfn.send(new GetActivityTaskCommand({ activityArn }));
  await fails(
    sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{"a" 1}' })),
    'InvalidOutput',
    /^Invalid Output: 'Unexpected character \('1' \(code 49\)\): was expecting a colon to separate field name and value\n at \[Source: \(String\)"\{"a" 1\}"; line: 1, column: 7\]'$/,
  );
  await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
});
