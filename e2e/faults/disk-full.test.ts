// Fault injection, the disk: the data directory on a small tmpfs (mounted here, which needs root), filled
// up while an execution waits. Writes get 503 ServiceUnavailable naming the full disk, reads go on, the
// server stays up; once space returns, new work is accepted and the waiting execution ends as it should.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { DescribeExecutionCommand, StartExecutionCommand, type SFNServiceException } from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { createMachine, ended, eventually, sfnClient } from '../api/sfn-client.ts';
import { fillDisk } from './fill-disk.ts';
import { probeWhile, report } from './probe.ts';

const waitThenPass = {
  StartAt: 'W',
  States: { W: { Type: 'Wait', Seconds: 3, Next: 'P' }, P: { Type: 'Pass', End: true } },
};

it('disk full: writes get ServiceUnavailable naming it, the server stays up and resumes when space returns', async () => {
  assert.equal(process.getuid?.(), 0, 'this probe mounts a tmpfs and needs root (run the e2e suite as root)');
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-disk-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dataDir]);
  let server: ServerProcess | undefined;
  const filler = join(dataDir, 'filler');
  try {
    server = await startServer([], { dataDir });
    const sfn = sfnClient(server.url);
    try {
      const machine = await createMachine(sfn, 'waits', waitThenPass);
      const inFlight = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: 'in-flight' }));
      fillDisk(filler);
      const refused = await sfn
        .send(new StartExecutionCommand({ stateMachineArn: machine, name: 'refused', input: '{"x":"x"}' }))
        .then(
          () => undefined,
          (error: unknown) => error as SFNServiceException,
        );
      assert.ok(refused !== undefined, 'StartExecution on a full disk fails');
      assert.equal(refused.name, 'ServiceUnavailable', refused.message);
      assert.equal(refused.$metadata.httpStatusCode, 503);
      assert.match(refused.message, /the disk is full \(SQLITE_FULL/);
      report(`# disk full: ${refused.message}`);
      // The disk stays full past the Wait's end: the execution's next step cannot commit meanwhile.
      const slowest = await probeWhile(sfn, new Promise((resolve) => setTimeout(resolve, 4_000)));
      report(`# disk full: slowest ListStateMachines while full ${slowest.toFixed(0)} ms`);
      const waiting = await sfn.send(new DescribeExecutionCommand({ executionArn: inFlight.executionArn }));
      assert.equal(waiting.status, 'RUNNING');
      rmSync(filler);
      const accepted = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: 'accepted' }));
      assert.equal((await ended(sfn, inFlight.executionArn ?? '')).status, 'SUCCEEDED');
      assert.equal((await ended(sfn, accepted.executionArn ?? '')).status, 'SUCCEEDED');
      const again = await eventually(
        () => sfn.send(new DescribeExecutionCommand({ executionArn: inFlight.executionArn })),
        (described) => described.status === 'SUCCEEDED',
      );
      assert.equal(again.output, '{}');
    } finally {
      sfn.destroy();
    }
    assert.equal(await server.stop(), 0, 'the server was up all along and stops cleanly');
  } finally {
    await server?.kill();
    execFileSync('umount', ['-l', dataDir]);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
