// The persisted crash count: a step during which the server dies (here SIGKILL, as an out-of-memory kill
// or a crash would) is performed again on each restart, until its work has been started 3 times; the
// next start stops the execution with a cause an operator reads, and the server stays up.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';
import { ListStateMachinesCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { createMachine, ended, eventually, sfnClient } from '../api/sfn-client.ts';
import { report } from './probe.ts';

const functions = fileURLToPath(new URL('./functions', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-crash-loop-'));
const marker = join(dataDir, 'calls.txt');
after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function calls(): number {
  return existsSync(marker) ? readFileSync(marker, 'utf8').split('\n').filter(Boolean).length : 0;
}

const crashingCall = {
  StartAt: 'Call',
  States: {
    Call: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'marked', Payload: { marker, millis: 60_000 } },
      End: true,
    },
  },
};

it('a step the server dies in 3 times is stopped on the next start, with the reason; the server serves', async () => {
  let server: ServerProcess = await startServer(['--functions', functions], { dataDir });
  let sfn = sfnClient(server.url);
  try {
    const machine = await createMachine(sfn, 'crashing', crashingCall);
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{}' }));
    const executionArn = started.executionArn ?? '';
    for (let call = 1; call <= 3; call++) {
      await eventually(
        () => Promise.resolve(calls()),
        (count) => count === call,
      );
      sfn.destroy();
      await server.kill();
      server = await startServer(['--functions', functions], { dataDir });
      sfn = sfnClient(server.url);
    }
    const stopped = await ended(sfn, executionArn);
    assert.equal(stopped.status, 'ABORTED');
    assert.equal(stopped.error, 'States.Runtime');
    assert.match(stopped.cause ?? '', /its task work was started 3 times and never finished/);
    assert.equal(calls(), 3, 'not called a fourth time');
    await sfn.send(new ListStateMachinesCommand({}));
    report(`# crash loop: 3 SIGKILLs during the call, then stopped: ${stopped.cause ?? ''}`);
    sfn.destroy();
    assert.equal(await server.stop(), 0, 'the server shuts down cleanly');
  } finally {
    sfn.destroy();
    await server.stop();
  }
});
