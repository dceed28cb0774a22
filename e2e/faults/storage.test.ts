// Fault injection, the database file: truncated to 0 bytes, or overwritten with something that is not a
// database, the server refuses to start with a message naming the file and what to do (it used to start
// empty without a word, or exit with a stack trace).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { startServer } from '../api/server-process.ts';
import { createMachine, sfnClient } from '../api/sfn-client.ts';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A data directory holding one machine, its server stopped. */
async function dataDirWithAMachine(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-storage-'));
  dirs.push(dataDir);
  const server = await startServer([], { dataDir });
  const sfn = sfnClient(server.url);
  try {
    await createMachine(sfn, 'kept', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  } finally {
    sfn.destroy();
    assert.equal(await server.stop(), 0);
  }
  return dataDir;
}

it('serve --synchronous FULL serves, and its data is there after a SIGKILL', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-storage-'));
  dirs.push(dataDir);
  const first = await startServer(['--synchronous', 'FULL'], { dataDir });
  const sfn = sfnClient(first.url);
  try {
    await createMachine(sfn, 'synced', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  } finally {
    sfn.destroy();
    await first.kill();
  }
  const second = await startServer(['--synchronous', 'FULL'], { dataDir });
  const again = sfnClient(second.url);
  try {
    const listed = await again.send(new ListStateMachinesCommand({}));
    assert.deepEqual(
      listed.stateMachines?.map((machine) => machine.name),
      ['synced'],
    );
  } finally {
    again.destroy();
    assert.equal(await second.stop(), 0);
  }
});

it('a database truncated to 0 bytes: the server refuses to start, naming the file', async () => {
  const dataDir = await dataDirWithAMachine();
  const file = join(dataDir, 'stepwise.db');
  truncateSync(file, 0);
  await assert.rejects(startServer([], { dataDir }), (error: Error) => {
    assert.match(error.message, /exited with 1/);
    assert.ok(error.message.includes(`${file} is empty (0 bytes): it was truncated`), error.message);
    assert.doesNotMatch(error.message, /\n\s+at /, 'no stack trace');
    return true;
  });
});

it('a file that is not a database: the server refuses to start, naming the file', async () => {
  const dataDir = await dataDirWithAMachine();
  const file = join(dataDir, 'stepwise.db');
  writeFileSync(file, 'this is not a database\n'.repeat(400));
  await assert.rejects(startServer([], { dataDir }), (error: Error) => {
    assert.ok(error.message.includes(`${file} is not a SQLite database`), error.message);
    assert.doesNotMatch(error.message, /\n\s+at /, 'no stack trace');
    return true;
  });
});
