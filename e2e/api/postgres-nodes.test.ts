// Black box: several `stepwise serve` nodes on one PostgreSQL database (a throwaway cluster), driven by
// @aws-sdk/client-sfn: any node serves the whole API; an activity task committed on one node reaches a
// long poll on another; a node killed with SIGKILL loses nothing; a newer schema and an unreachable
// database are refused with clear messages, never a crash.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import {
  CreateActivityCommand,
  GetActivityTaskCommand,
  ListExecutionsCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import pg from 'pg';
import { postgresPerFile } from 'stepwise/testing';
import { startServer, type ServerProcess } from './server-process.ts';
import { createMachine, ended, history, sfnClient } from './sfn-client.ts';

const binary = fileURLToPath(new URL('../../packages/server/bin/stepwise.js', import.meta.url));
const postgres = postgresPerFile('nodes');
const freshDatabase = (): Promise<string> => postgres.fresh();

/** Starts `count` nodes on `url`, the first through --database, the others through the environment. */
async function startNodes(url: string, count: number): Promise<ServerProcess[]> {
  const nodes: ServerProcess[] = [];
  for (let i = 0; i < count; i++) {
    // A short lease: the work a killed node had claimed is taken over 3 s later, not 60.
    const lease = ['--lease-seconds', '3'];
    nodes.push(
      i === 0
        ? await startServer(['--database', url, ...lease])
        : await startServer(lease, { env: { STEPWISE_DATABASE_URL: url } }),
    );
  }
  return nodes;
}

async function stopAll(nodes: ServerProcess[]): Promise<void> {
  await Promise.all(nodes.map((node) => node.stop()));
}

describe('several stepwise serve nodes on one PostgreSQL database', () => {
  it('serves one API from every node; an activity task reaches a long poll on another node', async () => {
    const nodes = await startNodes(await freshDatabase(), 2);
    const [a, b] = nodes.map((node) => sfnClient(node.url));
    assert.ok(a !== undefined && b !== undefined);
    try {
      const activityArn = (await a.send(new CreateActivityCommand({ name: 'pack' }))).activityArn ?? '';
      const definition = { StartAt: 'Pack', States: { Pack: { Type: 'Task', Resource: activityArn, End: true } } };
      const machine = await createMachine(a, 'packing', definition);
      // The poll waits on node B before the task exists; node A commits it. Without a signal between the
      // nodes the poll would sit out its 60 s; the client gives up after 20, failing the test.
      const polled = Date.now();
      const poll = b.send(new GetActivityTaskCommand({ activityArn, workerName: 'w' }), {
        abortSignal: AbortSignal.timeout(20_000),
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = await a.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{"n":1}' }));
      const task = await poll;
      process.stdout.write(
        `# activity task reached the other node's poll ${String(Date.now() - polled - 300)} ms after StartExecution was sent\n`,
      );
      assert.equal(task.input, '{"n":1}');
      await b.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"packed":true}' }));
      const done = await ended(a, started.executionArn ?? '');
      assert.equal(done.status, 'SUCCEEDED');
      assert.equal(done.output, '{"packed":true}');
      const listed = await b.send(new ListExecutionsCommand({ stateMachineArn: machine }));
      assert.deepEqual(
        listed.executions?.map((e) => e.status),
        ['SUCCEEDED'],
      );
    } finally {
      await stopAll(nodes);
    }
  });

  it('a node killed with SIGKILL loses nothing: another node finishes its executions', async () => {
    const nodes = await startNodes(await freshDatabase(), 2);
    const [survivor, victim] = nodes;
    assert.ok(survivor !== undefined && victim !== undefined);
    const onVictim = sfnClient(victim.url);
    const definition = {
      StartAt: 'Wait',
      States: { Wait: { Type: 'Wait', Seconds: 1, Next: 'Done' }, Done: { Type: 'Pass', Result: 'ok', End: true } },
    };
    try {
      const machine = await createMachine(onVictim, 'waiting', definition);
      const arns: string[] = [];
      for (let i = 0; i < 5; i++) {
        const started = await onVictim.send(new StartExecutionCommand({ stateMachineArn: machine, name: `e${i}` }));
        arns.push(started.executionArn ?? '');
      }
      await victim.kill();
      const onSurvivor = sfnClient(survivor.url);
      for (const arn of arns) {
        const done = await ended(onSurvivor, arn);
        assert.equal(done.status, 'SUCCEEDED');
        assert.equal(done.output, '"ok"');
        const types = (await history(onSurvivor, arn)).map((event) => event.type);
        assert.equal(types.filter((type) => type === 'WaitStateExited').length, 1);
        assert.equal(types.at(-1), 'ExecutionSucceeded');
      }
    } finally {
      await stopAll([survivor]);
    }
  });

  it('refuses a database migrated by a newer Stepwise, naming the versions', async () => {
    const url = await freshDatabase();
    const first = await startServer(['--database', url]);
    await first.stop();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)`);
    await client.end();
    await assert.rejects(startServer(['--database', url]), /schema version 9999, newer than this Stepwise knows/);
  });

  it('says when the database cannot be reached, keeps trying, and stops cleanly when told', async () => {
    const server = spawn(
      process.execPath,
      [binary, 'serve', '--port', '0', '--database', 'postgres://nobody@127.0.0.1:1/none'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    const retried = new Promise<void>((resolve) => {
      server.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        if ((err.match(/retrying in 2 s/g) ?? []).length >= 2) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    await Promise.race([retried, exited]);
    server.kill('SIGTERM');
    assert.equal(await exited, 1);
    assert.match(err, /cannot reach the database at postgres:\/\/nobody@127\.0\.0\.1:1\/none: .*retrying in 2 s/);
  });
});
