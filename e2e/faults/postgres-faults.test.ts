// Fault injection, PostgreSQL: the database server goes away under a running `stepwise serve --database`.
// Every call that needs it gets 503 ServiceUnavailable naming the condition and the database (no 500,
// no crash), the node keeps answering, and it stops cleanly.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ListStateMachinesCommand, StartExecutionCommand, type SFNServiceException } from '@aws-sdk/client-sfn';
import { startPostgresCluster } from 'stepwise/testing';
import { startServer } from '../api/server-process.ts';
import { createMachine, sfnClient } from '../api/sfn-client.ts';
import { isAlive } from './processes.ts';
import { report } from './probe.ts';

const pass = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

it('the database server gone: calls get 503 naming it, the node stays up and stops cleanly', async () => {
  const cluster = await startPostgresCluster();
  let clusterUp = true;
  try {
    const server = await startServer(['--database', await cluster.createDatabase('faults')]);
    const sfn = sfnClient(server.url);
    try {
      const machine = await createMachine(sfn, 'passes', pass);
      await cluster.stop();
      clusterUp = false;
      for (const call of [
        () => sfn.send(new StartExecutionCommand({ stateMachineArn: machine })),
        () => sfn.send(new ListStateMachinesCommand({})),
      ]) {
        const asked = Date.now();
        const refused = await call().then(
          () => undefined,
          (error: unknown) => error as SFNServiceException,
        );
        assert.ok(refused !== undefined, 'the call fails');
        assert.equal(refused.name, 'ServiceUnavailable', refused.message);
        assert.equal(refused.$metadata.httpStatusCode, 503);
        assert.match(refused.message, /the (database cannot be reached|connection to the database was lost)/);
        assert.ok(refused.message.includes('/faults'), refused.message);
        report(`# postgres gone: ${refused.message} (answered in ${String(Date.now() - asked)} ms)`);
      }
      assert.ok(isAlive(server.pid), 'the node is up');
    } finally {
      sfn.destroy();
    }
    assert.equal(await server.stop(), 0, 'the node stops cleanly');
  } finally {
    if (clusterUp) await cluster.stop();
  }
});
