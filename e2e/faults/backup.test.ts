// `stepwise backup` while the server runs, then a restore as README says: a new data directory whose
// stepwise.db is the backup serves the machines and executions acknowledged before the backup.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, it } from 'node:test';
import { DescribeExecutionCommand, ListStateMachinesCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startServer } from '../api/server-process.ts';
import { createMachine, ended, sfnClient } from '../api/sfn-client.ts';

const binary = fileURLToPath(new URL('../../packages/server/bin/stepwise.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'stepwise-e2e-backup-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

it('a backup taken while the server runs restores every acknowledged machine and execution', async () => {
  const dataDir = join(work, 'live');
  const backup = join(work, 'backup.db');
  const server = await startServer([], { dataDir });
  const sfn = sfnClient(server.url);
  let executionArn = '';
  try {
    const machine = await createMachine(sfn, 'kept', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{"k":1}' }));
    executionArn = started.executionArn ?? '';
    await ended(sfn, executionArn);
    const { stderr } = await promisify(execFile)(process.execPath, [binary, 'backup', backup, '--data', dataDir]);
    assert.match(stderr, /backed up .*stepwise\.db to .*backup\.db/);
    // A second backup to the same file is refused: a backup never overwrites.
    await assert.rejects(
      promisify(execFile)(process.execPath, [binary, 'backup', backup, '--data', dataDir]),
      /exists already/,
    );
  } finally {
    sfn.destroy();
    assert.equal(await server.stop(), 0);
  }
  const restored = join(work, 'restored');
  mkdirSync(restored);
  copyFileSync(backup, join(restored, 'stepwise.db'));
  const second = await startServer([], { dataDir: restored });
  const again = sfnClient(second.url);
  try {
    const machines = await again.send(new ListStateMachinesCommand({}));
    assert.deepEqual(
      machines.stateMachines?.map((m) => m.name),
      ['kept'],
    );
    const described = await again.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(described.status, 'SUCCEEDED');
    assert.equal(described.output, '{"k":1}');
  } finally {
    again.destroy();
    assert.equal(await second.stop(), 0);
  }
});
