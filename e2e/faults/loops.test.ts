// Fault injection, endless loops: a Pass→Pass loop (Standard, Express, behind a Wait and across a
// SIGKILL) costs its own execution, which fails at AWS's 25,000-event quota, while the server keeps
// answering every other call. Latencies are printed, never asserted.
// test-group: serial (its latencies are printed and mean something only on an idle machine; see scripts/run-tests.ts)

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { startServer } from '../api/server-process.ts';
import { serveForTests } from '../api/shared-server.ts';
import { createMachine, ended, roleArn, sfnClient } from '../api/sfn-client.ts';
import { fullHistory, probeWhile, report } from './probe.ts';

const passLoop = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } };
const waitThenLoop = {
  StartAt: 'W',
  States: { W: { Type: 'Wait', Seconds: 1, Next: 'A' }, ...passLoop.States },
};
const quotaCause = 'The execution reached the maximum number of history events (25000).';

describe('endless loops', () => {
  let sfn: SFNClient;
  serveForTests((started) => ({ sfn } = started));

  it('a Standard Pass→Pass loop: StartExecution answers, the API keeps answering, the loop fails at event 25,000', async () => {
    const machine = await createMachine(sfn, 'loop', passLoop);
    const bystander = await createMachine(sfn, 'bystander', {
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true } },
    });
    const startedAt = performance.now();
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{}' }));
    const startMillis = performance.now() - startedAt;
    assert.ok(executionArn !== undefined);
    const end = ended(sfn, executionArn);
    const slowest = await probeWhile(sfn, end);
    const described = await end;
    assert.equal(described.status, 'FAILED');
    assert.equal(described.error, 'States.Runtime');
    assert.equal(described.cause, quotaCause);
    const events = await fullHistory(sfn, executionArn);
    assert.equal(events.length, 25_000);
    assert.equal(events.at(-1)?.type, 'ExecutionFailed');
    // Only the guilty execution fails.
    const other = await sfn.send(new StartExecutionCommand({ stateMachineArn: bystander, input: '{"ok":1}' }));
    assert.equal((await ended(sfn, other.executionArn ?? '')).status, 'SUCCEEDED');
    report(
      `endless Standard loop: StartExecution ${startMillis.toFixed(0)} ms, slowest ListStateMachines meanwhile ${slowest.toFixed(0)} ms`,
    );
  });

  it('an Express Pass→Pass loop: StartSyncExecution answers FAILED with States.Runtime', async () => {
    const express = await sfn.send(
      new CreateStateMachineCommand({
        name: 'express-loop',
        roleArn,
        type: 'EXPRESS',
        definition: JSON.stringify(passLoop),
      }),
    );
    const run = sfn.send(new StartSyncExecutionCommand({ stateMachineArn: express.stateMachineArn, input: '{}' }));
    const slowest = await probeWhile(sfn, run);
    const result = await run;
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'States.Runtime');
    assert.equal(result.cause, quotaCause);
    report(`endless Express loop: slowest ListStateMachines meanwhile ${slowest.toFixed(0)} ms`);
  });
});

describe('an endless loop behind a Wait, across a SIGKILL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-loop-restart-'));
  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the restarted server comes up on its data, answers, and the loop fails at the quota', async () => {
    const first = await startServer([], { dataDir });
    const sfn = sfnClient(first.url);
    let executionArn: string | undefined;
    try {
      const machine = await createMachine(sfn, 'wait-loop', waitThenLoop);
      ({ executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{}' })));
    } finally {
      sfn.destroy();
      await first.kill();
    }
    assert.ok(executionArn !== undefined);
    const second = await startServer([], { dataDir });
    const again = sfnClient(second.url);
    try {
      const end = ended(again, executionArn);
      const slowest = await probeWhile(again, end);
      const described = await end;
      assert.equal(described.status, 'FAILED');
      assert.equal(described.cause, quotaCause);
      report(`loop behind a Wait after SIGKILL: slowest ListStateMachines meanwhile ${slowest.toFixed(0)} ms`);
    } finally {
      again.destroy();
      assert.equal(await second.stop(), 0);
    }
  });
});
