// Fault injection, deep JSON: input nested past AWS's parser bound is refused with InvalidExecutionInput
// (never a 500), a deep request body with SerializationException, and data within the bound but deep
// enough for a recursive walk (`$..a` after a Wait) ends its execution instead of leaving it RUNNING.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ServerProcess } from '../api/server-process.ts';
import { serveForTests } from '../api/shared-server.ts';
import { createMachine, ended, fails } from '../api/sfn-client.ts';

const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

let server: ServerProcess;
let sfn: SFNClient;
serveForTests((started) => ({ server, sfn } = started));

it('execution input nested 5,000 deep is InvalidExecutionInput, naming the bound', async () => {
  const machine = await createMachine(sfn, 'pass', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  await fails(
    sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: nested(5000) })),
    'InvalidExecutionInput',
    /JSON nested more than 1000 levels deep/,
  );
});

it('a request body nested 100,000 deep is a SerializationException, not a 500', async () => {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
    body: `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
  });
  assert.equal(response.status, 400);
  const body = (await response.json()) as { __type: string; message: string };
  assert.equal(body.__type, 'SerializationException');
  assert.match(body.message, /nested more than 1000 levels deep/);
});

it('$..a over input 1,000 deep after a Wait ends the execution', async () => {
  const machine = await createMachine(sfn, 'descend', {
    StartAt: 'W',
    States: {
      W: { Type: 'Wait', Seconds: 1, Next: 'All' },
      All: { Type: 'Pass', Parameters: { 'all.$': '$..a' }, End: true },
    },
  });
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: nested(1000) }));
  const described = await ended(sfn, started.executionArn ?? '');
  // Every level's object is a result: 3 MB, over the payload limit, as on AWS; the walk itself completes.
  assert.equal(described.status, 'FAILED');
  assert.equal(described.error, 'States.DataLimitExceeded');
});
