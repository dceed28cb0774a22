// Creates a state machine on a server, runs one execution of it to its end, and returns what
// DescribeExecution and GetExecutionHistory say about it.

import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';

const roleArn = 'arn:aws:iam::123456789012:role/e2e';

export async function runMachine(
  client: SFNClient,
  name: string,
  definition: object,
  input: object,
): Promise<{ described: DescribeExecutionCommandOutput; events: HistoryEvent[] }> {
  const machine = await client.send(
    new CreateStateMachineCommand({ name, roleArn, definition: JSON.stringify(definition) }),
  );
  const { executionArn } = await client.send(
    new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: JSON.stringify(input) }),
  );
  let described: DescribeExecutionCommandOutput;
  do {
    await new Promise((resolve) => setTimeout(resolve, 50));
    described = await client.send(new DescribeExecutionCommand({ executionArn }));
  } while (described.status === 'RUNNING');
  const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
  return { described, events: history.events ?? [] };
}
