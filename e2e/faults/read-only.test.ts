// Fault injection, the data directory read-only or gone (needs root: it mounts file systems). Starting
// on a read-only directory is refused with a message naming it; one that turns read-only under a running
// server (an ext4 file system on a loop device, its error made to remount it read-only, as a failing disk
// does) or is deleted: writes get 503 ServiceUnavailable naming the condition and the file, reads go on,
// the server stays up and stops cleanly, and what it acknowledged is there once the disk is mended.
// That last needs `--synchronous FULL`: under NORMAL the kernel's journal abort drops the WAL pages not
// yet synced, as a power loss would (README, "Limits and faults").

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { it } from 'node:test';
import {
  DescribeExecutionCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  type SFNClient,
  type SFNServiceException,
} from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { createMachine, ended, sfnClient } from '../api/sfn-client.ts';
import { report } from './probe.ts';

const waitThenPass = {
  StartAt: 'W',
  States: { W: { Type: 'Wait', Seconds: 2, Next: 'P' }, P: { Type: 'Pass', End: true } },
};

function asRoot(): void {
  assert.equal(process.getuid?.(), 0, 'this probe mounts file systems and needs root (run the e2e suite as root)');
}

/** StartExecution's refusal, asserted to be 503 ServiceUnavailable. */
async function refusedStart(sfn: SFNClient, machine: string): Promise<string> {
  const refused = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine })).then(
    () => undefined,
    (error: unknown) => error as SFNServiceException,
  );
  assert.ok(refused !== undefined, 'StartExecution fails');
  assert.equal(refused.name, 'ServiceUnavailable', refused.message);
  assert.equal(refused.$metadata.httpStatusCode, 503);
  return refused.message;
}

/** Reads answer while writes are refused: the server is up. */
async function readsAnswer(sfn: SFNClient, executionArn: string): Promise<void> {
  const listed = await sfn.send(new ListStateMachinesCommand({}));
  assert.equal(listed.stateMachines?.length, 1);
  const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  assert.equal(described.executionArn, executionArn);
}

it('a read-only data directory at start: the server refuses, naming the directory and the condition', async () => {
  asRoot();
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-read-only-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dataDir]);
  try {
    const server = await startServer([], { dataDir });
    const sfn = sfnClient(server.url);
    await createMachine(sfn, 'kept', waitThenPass);
    sfn.destroy();
    assert.equal(await server.stop(), 0);
    execFileSync('mount', ['-o', 'remount,ro', dataDir]);
    await assert.rejects(startServer([], { dataDir }), (error: Error) => {
      assert.ok(
        error.message.includes(`cannot keep data in ${dataDir}: the data directory is read-only (EROFS)`),
        error.message,
      );
      assert.doesNotMatch(error.message, /\n\s+at /, 'no stack trace');
      report(`# read-only at start: ${error.message.split('\n').find((line) => line.includes('stepwise:')) ?? ''}`);
      return true;
    });
  } finally {
    execFileSync('umount', ['-l', dataDir]);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** An ext4 file system on a loop device, mounted at a new directory; errors remount it read-only. */
function mountExt4(): { dataDir: string; device: string; image: string } {
  const image = join(mkdtempSync(join(tmpdir(), 'stepwise-e2e-ext4-')), 'disk.img');
  writeFileSync(image, '');
  execFileSync('truncate', ['-s', '64M', image]);
  execFileSync('mkfs.ext4', ['-q', image]);
  const device = execFileSync('losetup', ['--find', '--show', image], { encoding: 'utf8' }).trim();
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-read-only-'));
  execFileSync('mount', ['-o', 'errors=remount-ro', device, dataDir]);
  return { dataDir, device, image };
}

it('the data directory turns read-only mid-run: writes get 503 naming it, reads go on, data kept', async () => {
  asRoot();
  const disk = mountExt4();
  let server: ServerProcess | undefined;
  try {
    server = await startServer(['--synchronous', 'FULL'], { dataDir: disk.dataDir });
    let sfn = sfnClient(server.url);
    const machine = await createMachine(sfn, 'waits', waitThenPass);
    const waiting = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: 'waiting' }));
    const arn = waiting.executionArn ?? '';
    // ext4's own test hook for a file-system error: with errors=remount-ro the kernel makes the file
    // system read-only at once, with the database open, as when the disk fails.
    writeFileSync(`/sys/fs/ext4/${basename(disk.device)}/trigger_fs_error`, 'stepwise read-only probe');
    const message = await refusedStart(sfn, machine);
    assert.match(message, /the data directory is read-only \(SQLITE_IOERR\w*, EROFS/);
    assert.ok(message.includes(join(disk.dataDir, 'stepwise.db')), message);
    report(`# read-only mid-run: ${message}`);
    await readsAnswer(sfn, arn);
    sfn.destroy();
    await server.stop();
    // Mended (checked and mounted again): what the server acknowledged is there and goes on.
    execFileSync('umount', [disk.dataDir]);
    const checked = spawnSync('e2fsck', ['-fy', disk.device], { stdio: 'ignore' });
    assert.ok(checked.status === 0 || checked.status === 1, 'e2fsck: no errors, or errors corrected');
    execFileSync('mount', ['-o', 'errors=remount-ro', disk.device, disk.dataDir]);
    server = await startServer(['--synchronous', 'FULL'], { dataDir: disk.dataDir });
    sfn = sfnClient(server.url);
    assert.equal((await ended(sfn, arn)).status, 'SUCCEEDED');
    sfn.destroy();
    assert.equal(await server.stop(), 0);
  } finally {
    await server?.kill();
    // Whatever step failed: undo what is still there, quietly.
    spawnSync('umount', ['-l', disk.dataDir]);
    spawnSync('losetup', ['-d', disk.device]);
    rmSync(disk.dataDir, { recursive: true, force: true });
    rmSync(join(disk.image, '..'), { recursive: true, force: true });
  }
});

it('the data directory deleted under the server: writes get 503 naming it, reads go on, it stops cleanly', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-vanished-'));
  const server = await startServer([], { dataDir });
  const sfn = sfnClient(server.url);
  try {
    const machine = await createMachine(sfn, 'waits', waitThenPass);
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine }));
    rmSync(dataDir, { recursive: true, force: true });
    const message = await refusedStart(sfn, machine);
    assert.match(message, /moved or deleted/);
    assert.ok(message.includes(join(dataDir, 'stepwise.db')), message);
    report(`# vanished: ${message}`);
    await readsAnswer(sfn, started.executionArn ?? '');
  } finally {
    sfn.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
