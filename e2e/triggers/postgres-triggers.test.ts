// Black box: two `stepwise serve` nodes on one PostgreSQL database share their triggers. A rule and its target
// made on one node match an event put on the other; a schedule made with `aws scheduler` on one node fires once,
// though both nodes run their schedulers; both nodes list the same rules, schedules and delivery.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  EventBridgeClient,
  ListRulesCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { startPostgresCluster, type PostgresCluster } from 'stepwise/testing';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { createMachine, roleArn, sfnClient } from '../api/sfn-client.ts';
import { aws, cliOk, eventually } from './aws-cli.ts';

let cluster: PostgresCluster | undefined;
const nodes: ServerProcess[] = [];

before(async () => {
  assert.ok(existsSync(aws), `${aws} is missing: install the Debian package awscli`);
  cluster = await startPostgresCluster();
  const url = await cluster.createDatabase('triggers_e2e');
  nodes.push(await startServer(['--database', url]));
  nodes.push(await startServer(['--database', url]));
});

after(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  await cluster?.stop();
});

function events(node: ServerProcess): EventBridgeClient {
  const credentials = { accessKeyId: 'e2e', secretAccessKey: 'e2e' };
  return new EventBridgeClient({ endpoint: node.url, region: 'us-east-1', credentials });
}

const passDefinition = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

async function executionsOf(node: ServerProcess, machine: string): Promise<unknown[]> {
  const sfn = sfnClient(node.url);
  try {
    return (await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }))).executions ?? [];
  } finally {
    sfn.destroy();
  }
}

describe('triggers on two nodes sharing PostgreSQL', () => {
  it('a rule made on one node matches an event put on the other', async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const machine = await createMachine(sfnClient(a.url), 'orders', passDefinition);
    const [onA, onB] = [events(a), events(b)];
    try {
      await onA.send(new PutRuleCommand({ Name: 'shop', EventPattern: '{"source":["shop"]}' }));
      await onA.send(
        new PutTargetsCommand({ Rule: 'shop', Targets: [{ Id: 'orders', Arn: machine, RoleArn: roleArn }] }),
      );
      const listed = await onB.send(new ListRulesCommand({}));
      assert.deepEqual(
        listed.Rules?.map((r) => r.Name),
        ['shop'],
      );
      const put = await onB.send(
        new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'order', Detail: '{"id":7}' }] }),
      );
      assert.equal(put.FailedEntryCount, 0);
      const started = await eventually(async () => {
        const found = await executionsOf(a, machine);
        return found.length > 0 ? found : undefined;
      });
      assert.equal(started.length, 1);
    } finally {
      onA.destroy();
      onB.destroy();
    }
  });

  it('a schedule made on one node fires once, with both nodes running their schedulers', async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const machine = await createMachine(sfnClient(a.url), 'nightly', passDefinition);
    const due = new Date(Math.ceil((Date.now() + 8_000) / 1000) * 1000);
    const target = JSON.stringify({ Arn: machine, RoleArn: roleArn, Input: '{"run":1}' });
    const schedule = ['--name', 'hourly', '--schedule-expression', 'rate(1 hour)', '--start-date', due.toISOString()];
    const rest = ['--flexible-time-window', 'Mode=OFF', '--target', target];
    await cliOk(a.url, 'scheduler', 'create-schedule', ...schedule, ...rest);
    const got = await cliOk(b.url, 'scheduler', 'get-schedule', '--name', 'hourly');
    assert.equal(got.ScheduleExpression, 'rate(1 hour)');
    const started = await eventually(async () => {
      const found = await executionsOf(b, machine);
      return found.length > 0 ? found : undefined;
    }, 300);
    // Both schedulers tick every second: a second fire of the same due time would show within two.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.equal(started.length, 1);
    assert.equal((await executionsOf(a, machine)).length, 1);
  });
});
