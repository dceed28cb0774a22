// Retention through the AWS SDK: with `serve --retention-days` tiny (about 2.6 s), a finished execution
// is described, then deleted in the background with its history (ExecutionDoesNotExist, as AWS answers
// for one past its 90 days); a running one stays, and the API answers throughout.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  type SFNServiceException,
} from '@aws-sdk/client-sfn';
import { startServer } from '../api/server-process.ts';
import { createMachine, ended, eventually, fails, sfnClient } from '../api/sfn-client.ts';
import { probeWhile, report } from './probe.ts';

/** Whether DescribeExecution answers ExecutionDoesNotExist for it. */
async function isGone(sfn: ReturnType<typeof sfnClient>, executionArn: string): Promise<boolean> {
  try {
    await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return false;
  } catch (error) {
    if ((error as SFNServiceException).name === 'ExecutionDoesNotExist') return true;
    throw error;
  }
}

it('a finished execution and its history are deleted after --retention-days; a running one stays', async () => {
  const server = await startServer(['--retention-days', '0.00003']);
  const sfn = sfnClient(server.url);
  try {
    const pass = await createMachine(sfn, 'short', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const wait = await createMachine(sfn, 'long', {
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    const running = await sfn.send(new StartExecutionCommand({ stateMachineArn: wait, name: 'running' }));
    const done = await sfn.send(new StartExecutionCommand({ stateMachineArn: pass, name: 'done' }));
    const doneArn = done.executionArn ?? '';
    assert.equal((await ended(sfn, doneArn)).status, 'SUCCEEDED');
    const gone = eventually(
      () => isGone(sfn, doneArn),
      (value) => value,
    );
    report(`# slowest ListStateMachines while retention ran: ${(await probeWhile(sfn, gone)).toFixed(0)} ms`);
    await fails(sfn.send(new GetExecutionHistoryCommand({ executionArn: doneArn })), 'ExecutionDoesNotExist');
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: running.executionArn }));
    assert.equal(described.status, 'RUNNING');
  } finally {
    sfn.destroy();
    assert.equal(await server.stop(), 0);
  }
});
