// Black box through the AWS SDK: API details as AWS has them. An Express execution ARN given where only
// Standard executions have records is InvalidArn; TestState with input or variables that are not JSON is
// InvalidExecutionInput, never a 500.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  CreateStateMachineCommand,
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
    /^Invalid variables: /,
  );
  const fine = await sfn.send(new TestStateCommand({ definition, roleArn, input: '{"a":1}', variables: '{"v":2}' }));
  assert.equal(fine.status, 'SUCCEEDED');
});
