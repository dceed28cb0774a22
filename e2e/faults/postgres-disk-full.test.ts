// Fault injection, PostgreSQL's disk: the database server's data directory on a small tmpfs (mounted here,
// which needs root), filled up while clients keep starting executions through `stepwise serve --database`.
// Refused writes get 503 ServiceUnavailable naming the full disk (not 500), reads go on, every start that
// was acknowledged runs to its end, and new work is accepted once space returns.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { StartExecutionCommand, type SFNClient, type SFNServiceException } from '@aws-sdk/client-sfn';
import { startPostgresCluster, type PostgresCluster } from 'stepwise/testing';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { createMachine, ended, sfnClient } from '../api/sfn-client.ts';
import { fillDisk } from './fill-disk.ts';
import { isAlive } from './processes.ts';
import { probeWhile, report } from './probe.ts';

const waitThenPass = {
  StartAt: 'W',
  States: { W: { Type: 'Wait', Seconds: 2, Next: 'P' }, P: { Type: 'Pass', End: true } },
};

/** What a steady flow of StartExecution calls saw: the executions acknowledged, and the calls refused. */
interface Flow {
  acknowledged: string[];
  refused: SFNServiceException[];
  stop(): Promise<void>;
}

/** `clients` loops, each starting one execution after another until stopped. */
function startFlow(sfn: SFNClient, stateMachineArn: string, clients: number): Flow {
  const flow = { acknowledged: [] as string[], refused: [] as SFNServiceException[], stopped: false };
  const loop = async (): Promise<void> => {
    while (!flow.stopped) {
      await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"pad":"x"}' })).then(
        (started) => flow.acknowledged.push(started.executionArn ?? ''),
        (error: unknown) => flow.refused.push(error as SFNServiceException),
      );
    }
  };
  const loops = Array.from({ length: clients }, loop);
  return {
    acknowledged: flow.acknowledged,
    refused: flow.refused,
    stop: async () => {
      flow.stopped = true;
      await Promise.all(loops);
    },
  };
}

/** Resolves once `check` holds, polling every 50 ms; rejects naming `what` after `seconds`. */
async function until(what: string, check: () => boolean, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${String(seconds)} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Fills the disk under a running flow, holds it full past the Waits' end, then frees it. */
async function fillAndFree(sfn: SFNClient, flow: Flow, filler: string): Promise<void> {
  fillDisk(filler);
  await until('a start refused on the full disk', () => flow.refused.length > 0);
  const held = new Promise((resolve) => setTimeout(resolve, 3_000));
  const slowest = await probeWhile(sfn, held);
  report(`# postgres disk full: slowest ListStateMachines while full ${slowest.toFixed(0)} ms`);
  const acknowledgedWhenFreed = flow.acknowledged.length;
  rmSync(filler);
  await until(
    'starts accepted again once space returned',
    () => flow.acknowledged.length >= acknowledgedWhenFreed + 20,
  );
}

it('PostgreSQL disk full: starts get 503 naming it, nothing acknowledged is lost, work resumes', async () => {
  assert.equal(process.getuid?.(), 0, 'this probe mounts a tmpfs and needs root (run the e2e suite as root)');
  const parent = mkdtempSync(join(tmpdir(), 'stepwise-e2e-pg-disk-full-'));
  // Room for initdb's cluster (about 40 MiB with one 16 MiB WAL segment) and some rows.
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96m,mode=0755', 'tmpfs', parent]);
  let cluster: PostgresCluster | undefined;
  let server: ServerProcess | undefined;
  try {
    cluster = await startPostgresCluster({ parentDir: parent });
    server = await startServer(['--database', await cluster.createDatabase('diskfull')]);
    const sfn = sfnClient(server.url);
    try {
      const machine = await createMachine(sfn, 'waits', waitThenPass);
      const flow = startFlow(sfn, machine, 4);
      try {
        await until('the first starts', () => flow.acknowledged.length >= 20);
        await fillAndFree(sfn, flow, join(parent, 'filler'));
      } finally {
        await flow.stop();
      }
      for (const refused of flow.refused) {
        assert.equal(refused.name, 'ServiceUnavailable', refused.message);
        assert.equal(refused.$metadata.httpStatusCode, 503);
        assert.match(refused.message, /the disk is full \(53100, .*\/diskfull\)/);
      }
      report(`# postgres disk full: ${flow.refused[0]?.message ?? ''}`);
      report(`# ${String(flow.acknowledged.length)} starts acknowledged, ${String(flow.refused.length)} refused`);
      for (const executionArn of flow.acknowledged) {
        assert.equal((await ended(sfn, executionArn)).status, 'SUCCEEDED', executionArn);
      }
      assert.ok(isAlive(server.pid), 'the node is up');
    } finally {
      sfn.destroy();
    }
    assert.equal(await server.stop(), 0, 'the node was up all along and stops cleanly');
  } finally {
    await server?.kill();
    await cluster?.stop();
    execFileSync('umount', ['-l', parent]);
    rmSync(parent, { recursive: true, force: true });
  }
});
