// Fault injection, function workers: a server SIGKILLed during a local-function call leaves no worker
// process behind (workers watch their IPC channel to the server and end with it).

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startServer } from '../api/server-process.ts';
import { createMachine, eventually, historyWith, sfnClient } from '../api/sfn-client.ts';
import { childrenOf, isAlive, serverPid } from './processes.ts';
import { report } from './probe.ts';

const functions = fileURLToPath(new URL('./functions', import.meta.url));

const slowCall = {
  StartAt: 'Call',
  States: {
    Call: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'slow', Payload: { millis: 30_000 } },
      End: true,
    },
  },
};

it('SIGKILL of the server mid-call leaves no function worker running', async () => {
  const server = await startServer(['--functions', functions]);
  const sfn = sfnClient(server.url);
  let workers: number[] = [];
  try {
    const pid = serverPid(server.dataDir);
    assert.ok(pid !== undefined, 'the server process is found by its data directory');
    const machine = await createMachine(sfn, 'slow-call', slowCall);
    for (let i = 0; i < 2; i++) {
      const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{}' }));
      await historyWith(sfn, started.executionArn ?? '', 'TaskStarted');
    }
    workers = await eventually(
      () => Promise.resolve(childrenOf(pid, 'function-worker')),
      (found) => found.length > 0,
    );
  } finally {
    sfn.destroy();
    await server.kill();
  }
  try {
    // Long before the handlers would end (30 s): a worker that outlived its server spun once they returned.
    const left = await eventually(
      () => Promise.resolve(workers.filter(isAlive)),
      (alive) => alive.length === 0,
    );
    assert.deepEqual(left, []);
    report(`function workers: ${String(workers.length)} running at the SIGKILL, 0 left`);
  } finally {
    for (const worker of workers.filter(isAlive)) process.kill(worker, 'SIGKILL');
  }
});
