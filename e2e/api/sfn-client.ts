// The AWS SDK client as an application configures it for a local server, and small waits that poll the
// API (never sleeping a fixed time to assert on): until an execution ends, until its history shows an event.

import assert from 'node:assert/strict';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
  type SFNServiceException,
} from '@aws-sdk/client-sfn';

export const roleArn = 'arn:aws:iam::123456789012:role/e2e';

export function sfnClient(url: string): SFNClient {
  return new SFNClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' },
    maxAttempts: 1,
    disableHostPrefix: true,
  });
}

export async function createMachine(sfn: SFNClient, name: string, definition: object): Promise<string> {
  const created = await sfn.send(
    new CreateStateMachineCommand({ name, roleArn, definition: JSON.stringify(definition) }),
  );
  return created.stateMachineArn ?? '';
}

/** Polls until `check` holds (20 s at most: a test that needs longer is broken). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not reached in 20 s');
}

export function ended(sfn: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  return eventually(
    () => sfn.send(new DescribeExecutionCommand({ executionArn })),
    (d) => d.status !== 'RUNNING',
  );
}

export async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
}

/** The history once it has an event of `type`. */
export function historyWith(sfn: SFNClient, executionArn: string, type: string): Promise<HistoryEvent[]> {
  return eventually(
    () => history(sfn, executionArn),
    (events) => events.some((event) => event.type === type),
  );
}

export async function fails(promise: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: SFNServiceException) => {
    assert.equal(error.name, name, error.message);
    assert.equal(error.$metadata.httpStatusCode, 400);
    if (message) assert.match(error.message, message);
    return true;
  });
}
