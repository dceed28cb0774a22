// Durability of event delivery, black box: 300 events are accepted by PutEvents (each matched by one rule), the
// server is killed with SIGKILL right after the last answer, while deliveries are still in its outbox, and
// restarted on the same data; every accepted event then starts exactly one execution: as many executions as
// accepted events, one STARTED log entry per event id, none missing, none twice.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import Database from 'better-sqlite3';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateStateMachineCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { Teardown } from '../api/teardown.ts';
import { eventually } from './aws-cli.ts';

const roleArn = 'arn:aws:iam::123456789012:role/events';
const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';
const credentials = { accessKeyId: 'e2e', secretAccessKey: 'e2e' };
const lease = ['--lease-seconds', '3'];
const owned = new Teardown();
const dataDir = owned.add(mkdtempSync(join(tmpdir(), 'stepwise-events-kill-')), (dir) => {
  rmSync(dir, { recursive: true, force: true });
});
after(() => owned.run());

function clients(server: ServerProcess) {
  const config = { endpoint: server.url, region: 'us-east-1', credentials };
  return { sfn: new SFNClient(config), events: new EventBridgeClient(config) };
}

/** Reads the data file (beside a running server too: SQLite's WAL lets a reader in). */
function query<T>(sql: string): T[] {
  const db = new Database(join(dataDir, 'stepwise.db'), { fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

async function setUp(server: ServerProcess): Promise<void> {
  const { sfn, events } = clients(server);
  try {
    const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const machine = await sfn.send(new CreateStateMachineCommand({ name: 'orders', definition, roleArn }));
    await events.send(new PutRuleCommand({ Name: 'shop', EventPattern: '{"source":["shop"]}' }));
    assert.equal(machine.stateMachineArn, machineArn);
    const targets = [{ Id: 'orders', Arn: machineArn, RoleArn: roleArn }];
    await events.send(new PutTargetsCommand({ Rule: 'shop', Targets: targets }));
  } finally {
    sfn.destroy();
    events.destroy();
  }
}

/** Puts 300 events, 10 a call, 6 calls at a time; the ids of those accepted. */
async function putEvents(server: ServerProcess): Promise<string[]> {
  const { sfn, events } = clients(server);
  const put = async (call: number): Promise<string[]> => {
    const entries = Array.from({ length: 10 }, (_, i) => ({
      Source: 'shop',
      DetailType: 'Order Placed',
      Detail: JSON.stringify({ order: call * 10 + i }),
    }));
    const answer = await events.send(new PutEventsCommand({ Entries: entries }));
    return (answer.Entries ?? []).flatMap((entry) => (entry.EventId === undefined ? [] : [entry.EventId]));
  };
  try {
    const ids: string[] = [];
    for (let wave = 0; wave < 5; wave++) {
      const calls = Array.from({ length: 6 }, (_, i) => put(wave * 6 + i));
      for (const accepted of await Promise.all(calls)) ids.push(...accepted);
    }
    return ids;
  } finally {
    sfn.destroy();
    events.destroy();
  }
}

it(
  'every event accepted before a SIGKILL starts exactly one execution after the restart',
  { timeout: 300_000 },
  async () => {
    const first = await startServer(lease, { dataDir });
    let killed = false;
    let accepted: string[] = [];
    try {
      await setUp(first);
      accepted = await putEvents(first);
      await first.kill();
      killed = true;
      assert.equal(accepted.length, 300);
      const [pending] = query<{ n: number }>('SELECT count(*) AS n FROM deliveries');
      process.stdout.write(`# killed with ${String(pending?.n)} of 300 deliveries still in the outbox\n`);
      // With an empty outbox the kill would test nothing: the restart's recovery is what this is about.
      assert.ok((pending?.n ?? 0) > 0, 'the kill found no delivery in the outbox');
    } finally {
      if (!killed) await first.kill();
    }
    const second = await startServer(lease, { dataDir });
    const { sfn } = clients(second);
    try {
      const listed = await eventually(async () => {
        const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn, maxResults: 1000 }));
        return (page.executions?.length ?? 0) >= accepted.length ? page.executions : undefined;
      }, 600);
      assert.equal(listed.length, accepted.length, 'as many executions as accepted events');
      // Deliveries the killed server had claimed (and maybe started) wait for their lease (3 s) to end.
      await eventually(() => Promise.resolve(query('SELECT id FROM deliveries').length === 0 ? true : undefined), 600);
    } finally {
      sfn.destroy();
      assert.equal(await second.stop(), 0);
    }
    const log = query<{ entry: string }>('SELECT entry FROM delivery_log');
    const started = log.map((row) => JSON.parse(row.entry) as { eventId: string; outcome: string });
    assert.ok(started.every((entry) => entry.outcome === 'STARTED'));
    assert.deepEqual(started.map((entry) => entry.eventId).sort(), [...accepted].sort(), 'one start per event');
    assert.deepEqual(query('SELECT id FROM deliveries'), [], 'nothing left in the outbox');
    const [executions] = query<{ n: number }>('SELECT count(*) AS n FROM executions');
    assert.equal(executions?.n, accepted.length);
  },
);
