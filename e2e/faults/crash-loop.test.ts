// The persisted crash count, through the SDK: an execution whose step kills the server (SIGKILL from its
// function, as an out-of-memory kill would) is performed again on each restart, under a start mark,
// until the server died in it 3 times; the next start stops it with a reason DescribeExecution shows.
// Innocent executions in flight at each crash (a slow call, a Wait) are not charged and succeed.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { DescribeExecutionCommand, ListStateMachinesCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { createMachine, ended, sfnClient } from '../api/sfn-client.ts';
import { isAlive } from './processes.ts';
import { report } from './probe.ts';

const functions = fileURLToPath(new URL('./functions', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-crash-loop-'));
after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function call(functionName: string, payload: object): object {
  const Parameters = { FunctionName: functionName, Payload: payload };
  return {
    StartAt: 'Call',
    States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters, End: true } },
  };
}
const waitThenPass = {
  StartAt: 'W',
  States: { W: { Type: 'Wait', Seconds: 2, Next: 'P' }, P: { Type: 'Pass', End: true } },
};

async function start(sfn: SFNClient, machine: string): Promise<string> {
  return (await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{}' }))).executionArn ?? '';
}

/** Resolves true when the server died, false when `executionArn` ended while it served. */
async function diesOrEnds(server: ServerProcess, sfn: SFNClient, executionArn: string): Promise<boolean> {
  for (let i = 0; i < 600; i++) {
    if (!isAlive(server.pid)) return true;
    const status = await sfn.send(new DescribeExecutionCommand({ executionArn })).then(
      (described) => described.status,
      () => 'UNREACHABLE',
    );
    if (status !== 'RUNNING' && status !== 'UNREACHABLE') return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server neither died nor ended the execution in 60 s');
}

const serve = (): Promise<ServerProcess> =>
  startServer(['--functions', functions, '--lease-seconds', '3'], { dataDir });

it(
  'an execution that kills the server is stopped after 3 charged crashes; the others succeed',
  { timeout: 240_000 },
  async () => {
    let server = await serve();
    let sfn = sfnClient(server.url);
    try {
      const guilty = await start(sfn, await createMachine(sfn, 'crashes-the-server', call('crash', {})));
      const slow = await start(sfn, await createMachine(sfn, 'slow-call', call('slow', { millis: 1_500 })));
      const waiting = await start(sfn, await createMachine(sfn, 'wait-then-pass', waitThenPass));
      let deaths = 0;
      while (await diesOrEnds(server, sfn, guilty)) {
        deaths++;
        assert.ok(deaths <= 5, 'the crash count stops the execution within 4 deaths');
        sfn.destroy();
        await server.kill();
        server = await serve();
        sfn = sfnClient(server.url);
        // The server comes up on its data after every crash.
        await sfn.send(new ListStateMachinesCommand({}));
      }
      const stopped = await ended(sfn, guilty);
      assert.equal(stopped.status, 'ABORTED');
      assert.equal(stopped.error, 'States.Runtime');
      assert.match(stopped.cause ?? '', /server stopped abruptly 3 times while performing its task work/);
      // The first death ran the call unmarked (a first claim): it is not charged.
      assert.equal(deaths, 4);
      for (const innocent of [slow, waiting]) assert.equal((await ended(sfn, innocent)).status, 'SUCCEEDED');
      const later = await start(sfn, await createMachine(sfn, 'after-the-crashes', waitThenPass));
      assert.equal((await ended(sfn, later)).status, 'SUCCEEDED');
      report(`# crash loop: ${String(deaths)} deaths, then ${stopped.status}: ${stopped.cause ?? ''}`);
    } finally {
      sfn.destroy();
      await server.stop();
    }
  },
);
