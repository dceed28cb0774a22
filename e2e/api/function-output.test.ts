// Black box: a local function whose output is not JSON (an executable that prints a log line to stdout
// before its result), called by a Task of a `stepwise serve --functions DIR` through the AWS SDK: the Task
// fails with Runtime.MarshalError, and the cause says where the JSON broke in AWS's (Jackson's) words.

import assert from 'node:assert/strict';
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { serveForTests } from './shared-server.ts';
import { createMachine, ended } from './sfn-client.ts';

const functions = fileURLToPath(new URL('../../packages/server/src/runtime/functions/fixtures/', import.meta.url));
let sfn: SFNClient;
serveForTests((started) => ({ sfn } = started), ['--functions', functions]);

it("fails a Task whose function's output is not JSON with Runtime.MarshalError, in Jackson's words", async () => {
  const machine = await createMachine(sfn, 'noisy-function', {
    StartAt: 'Invoke',
    States: {
      Invoke: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'sh-noisy', Payload: {} },
        End: true,
      },
    },
  });
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{}' }));
  const execution = await ended(sfn, executionArn ?? '');
  assert.equal(execution.status, 'FAILED');
  assert.equal(execution.error, 'Runtime.MarshalError');
  const message = (JSON.parse(execution.cause ?? '{}') as { errorMessage?: string }).errorMessage ?? '';
  assert.match(message, /sh-noisy printed to stdout what is not JSON/);
  assert.ok(message.includes("Unrecognized token 'starting': was expecting (JSON String"), message);
  assert.ok(message.endsWith('at [Source: (String)"starting up\n{"ok":true}"; line: 1, column: 9]'), message);
});
