// Black box: StartSyncExecution and TestState, whose endpoint the AWS SDK prefixes with `sync-`. A client with
// default settings works where `sync-<host>` resolves to the server (here a DNS lookup that sends every name to
// loopback), and @stepwise/sdk's client works against the plain loopback URL `serve` prints.

import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { after, before, it } from 'node:test';
import { CreateStateMachineCommand, SFNClient, StartSyncExecutionCommand, TestStateCommand } from '@aws-sdk/client-sfn';
import { createStepwiseClient } from '@stepwise/sdk';
import { startServer, type ServerProcess } from './server-process.ts';
import { roleArn } from './sfn-client.ts';

const definition = { StartAt: 'Hi', States: { Hi: { Type: 'Pass', Result: 'hello', End: true } } };

let server: ServerProcess;
let machineArn: string;
const looked: string[] = [];

/** Resolves every name to 127.0.0.1 and remembers it: a setup where `sync-stepwise.test` is this server. */
function loopbackLookup(
  hostname: string,
  options: LookupOptions,
  callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
): void {
  looked.push(hostname);
  if (options.all === true) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}

before(async () => {
  // A name other than loopback's must be allowed (DNS rebinding guard); its sync- form is then answered too.
  server = await startServer(['--allowed-hosts', 'stepwise.test']);
  const sfn = createStepwiseClient({ endpoint: server.url, maxAttempts: 1 });
  try {
    const created = await sfn.send(
      new CreateStateMachineCommand({ name: 'hi', roleArn, type: 'EXPRESS', definition: JSON.stringify(definition) }),
    );
    machineArn = created.stateMachineArn ?? '';
  } finally {
    sfn.destroy();
  }
});

after(async () => {
  assert.equal(await server.stop(), 0);
});

it('answers a default SDK client at sync-<host>: StartSyncExecution and TestState', async () => {
  const port = new URL(server.url).port;
  const agent = new Agent({ lookup: loopbackLookup });
  const sfn = new SFNClient({
    endpoint: `http://stepwise.test:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' },
    maxAttempts: 1,
    requestHandler: { httpAgent: agent },
  });
  try {
    const run = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: machineArn, input: '{}' }));
    assert.equal(run.status, 'SUCCEEDED');
    assert.equal(run.output, '"hello"');
    const tested = await sfn.send(new TestStateCommand({ definition: JSON.stringify(definition.States.Hi) }));
    assert.equal(tested.status, 'SUCCEEDED');
    assert.deepEqual([...new Set(looked)], ['sync-stepwise.test']);
  } finally {
    sfn.destroy();
    agent.destroy();
  }
});

it("@stepwise/sdk's client reaches StartSyncExecution and TestState at the URL serve prints", async () => {
  const sfn = createStepwiseClient({ endpoint: server.url, maxAttempts: 1 });
  try {
    const run = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: machineArn, input: '{}' }));
    assert.equal(run.output, '"hello"');
    const tested = await sfn.send(new TestStateCommand({ definition: JSON.stringify(definition.States.Hi) }));
    assert.equal(tested.output, '"hello"');
  } finally {
    sfn.destroy();
  }
});
