// Black box through the AWS SDK: ListStateMachines in AWS's order (by name), and page tokens that are opaque
// and valid only for the request that issued them (another listing's token is InvalidToken, not echoed).

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  CreateActivityCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from './server-process.ts';
import { createMachine, ended, fails, sfnClient } from './sfn-client.ts';

const pass = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
const invalidToken = /^Invalid Token: 'Invalid token'$/;

let server: ServerProcess;
let sfn: SFNClient;
const arns: Record<string, string> = {};

before(async () => {
  server = await startServer();
  sfn = sfnClient(server.url);
  // Created out of name order, so that an order by creation would show.
  for (const name of ['charlie', 'alpha', 'delta', 'bravo']) arns[name] = await createMachine(sfn, name, pass);
  for (const name of ['alpha', 'bravo']) {
    for (let i = 0; i < 3; i++) {
      const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: arns[name] }));
      await ended(sfn, started.executionArn ?? '');
    }
  }
  for (const name of ['a1', 'a2', 'a3']) await sfn.send(new CreateActivityCommand({ name }));
});

after(async () => {
  sfn.destroy();
  assert.equal(await server.stop(), 0);
});

it('lists state machines by name, page by page', async () => {
  const first = await sfn.send(new ListStateMachinesCommand({ maxResults: 3 }));
  assert.deepEqual(
    first.stateMachines?.map((m) => m.name),
    ['alpha', 'bravo', 'charlie'],
  );
  assert.ok(first.nextToken !== undefined);
  assert.doesNotMatch(first.nextToken, /charlie/, 'the token is opaque');
  const second = await sfn.send(new ListStateMachinesCommand({ maxResults: 3, nextToken: first.nextToken }));
  assert.deepEqual(
    second.stateMachines?.map((m) => m.name),
    ['delta'],
  );
  assert.equal(second.nextToken, undefined);
});

it('refuses a token from another listing with InvalidToken, without echoing it', async () => {
  const machines = await sfn.send(new ListStateMachinesCommand({ maxResults: 1 }));
  const token = machines.nextToken ?? '';
  await assert.rejects(sfn.send(new ListActivitiesCommand({ nextToken: token })), (error: Error) => {
    assert.equal(error.name, 'InvalidToken');
    assert.match(error.message, invalidToken);
    assert.ok(!error.message.includes(token));
    return true;
  });
  await fails(sfn.send(new ListStateMachinesCommand({ nextToken: 'forged' })), 'InvalidToken', invalidToken);
});

it("refuses a ListExecutions token for another state machine's executions", async () => {
  const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arns.alpha, maxResults: 1 }));
  assert.equal(page.executions?.length, 1);
  const nextToken = page.nextToken ?? '';
  const again = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arns.alpha, maxResults: 1, nextToken }));
  assert.equal(again.executions?.length, 1);
  assert.notEqual(again.executions.at(0)?.executionArn, page.executions.at(0)?.executionArn);
  await fails(
    sfn.send(new ListExecutionsCommand({ stateMachineArn: arns.bravo, maxResults: 1, nextToken })),
    'InvalidToken',
    invalidToken,
  );
  await fails(
    sfn.send(new ListExecutionsCommand({ stateMachineArn: arns.alpha, statusFilter: 'FAILED', nextToken })),
    'InvalidToken',
  );
});

it('refuses a history token given with the other reading order', async () => {
  const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arns.alpha, maxResults: 1 }));
  const executionArn = listed.executions?.[0]?.executionArn ?? '';
  const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 2 }));
  const nextToken = page.nextToken ?? '';
  const rest = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 2, nextToken }));
  assert.equal(rest.events?.[0]?.id, 3);
  await fails(
    sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, nextToken })),
    'InvalidToken',
  );
});
