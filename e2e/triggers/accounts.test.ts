// Black box: `stepwise serve --auth FILE` with keys of two accounts. EventBridge (through the SDK), Scheduler and
// Pipes (through the AWS CLI) keep each account's rules, schedules and pipes apart: B lists none of A's, cannot
// read or change them, makes its own of the same names under its own ARNs, and cannot target A's state machine;
// an event B puts starts B's machine only.

import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateStateMachineCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { aws, cli, eventually } from './aws-cli.ts';

const accountA = '111122223333';
const accountB = '444455556666';
const keyA = { accessKeyId: 'AKIDTRIGGERSA', secretAccessKey: 'triggers-a-secret', account: accountA, readOnly: false };
const keyB = { accessKeyId: 'AKIDTRIGGERSB', secretAccessKey: 'triggers-b-secret', account: accountB, readOnly: false };
const region = 'us-east-1';
const pass = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
const roleOf = (account: string): string => `arn:aws:iam::${account}:role/triggers`;

const dir = mkdtempSync(join(tmpdir(), 'stepwise-trigger-accounts-'));
let server: ServerProcess;
const machines = { a: '', b: '' };

function clients(key: typeof keyA) {
  const config = { endpoint: server.url, region, credentials: key, maxAttempts: 1 };
  return { sfn: new SFNClient(config), events: new EventBridgeClient(config) };
}

before(async () => {
  assert.ok(existsSync(aws), `${aws} is missing: install the Debian package awscli`);
  const keys = join(dir, 'keys.json');
  writeFileSync(keys, JSON.stringify([keyA, keyB]));
  chmodSync(keys, 0o600);
  server = await startServer(['--auth', keys]);
  for (const [side, key] of [
    ['a', keyA],
    ['b', keyB],
  ] as const) {
    const { sfn } = clients(key);
    const created = await sfn.send(
      new CreateStateMachineCommand({ name: 'orders', definition: pass, roleArn: roleOf(key.account) }),
    );
    machines[side] = created.stateMachineArn ?? '';
    sfn.destroy();
  }
});

after(async () => {
  assert.equal(await server.stop(), 0);
  rmSync(dir, { recursive: true, force: true });
});

async function executions(key: typeof keyA, machine: string): Promise<number> {
  const { sfn } = clients(key);
  try {
    return (await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }))).executions?.length ?? 0;
  } finally {
    sfn.destroy();
  }
}

/** The AWS CLI as `key`: its JSON, or the exception name it reported. */
async function cliAs(key: typeof keyA, ...args: string[]): Promise<Record<string, unknown> | string> {
  const result = await cli(server.url, args, key);
  if (result.code === 0) return result.json;
  return /\((\w+)\) when calling/.exec(result.stderr)?.[1] ?? result.stderr;
}

describe('triggers of two accounts on one server', () => {
  it('EventBridge: rules are each account’s own, targets in another account are refused', async () => {
    const [a, b] = [clients(keyA), clients(keyB)];
    try {
      await a.events.send(new PutRuleCommand({ Name: 'shop', EventPattern: '{"source":["shop"]}' }));
      const targetA = { Id: 't', Arn: machines.a, RoleArn: roleOf(accountA) };
      await a.events.send(new PutTargetsCommand({ Rule: 'shop', Targets: [targetA] }));
      assert.deepEqual((await b.events.send(new ListRulesCommand({}))).Rules, []);
      await assert.rejects(b.events.send(new DescribeRuleCommand({ Name: 'shop' })), {
        name: 'ResourceNotFoundException',
      });
      const ruleB = await b.events.send(new PutRuleCommand({ Name: 'shop', EventPattern: '{"source":["shop"]}' }));
      assert.equal(ruleB.RuleArn, `arn:aws:events:${region}:${accountB}:rule/shop`);
      await assert.rejects(b.events.send(new PutTargetsCommand({ Rule: 'shop', Targets: [targetA] })), {
        name: 'AccessDeniedException',
      });
      const targetB = { Id: 't', Arn: machines.b, RoleArn: roleOf(accountB) };
      await b.events.send(new PutTargetsCommand({ Rule: 'shop', Targets: [targetB] }));
      const listedA = (await a.events.send(new ListRulesCommand({}))).Rules ?? [];
      assert.deepEqual(
        listedA.map((r) => r.Arn),
        [`arn:aws:events:${region}:${accountA}:rule/shop`],
      );
      await b.events.send(new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'o', Detail: '{}' }] }));
      await eventually(async () => ((await executions(keyB, machines.b)) === 1 ? true : undefined));
      assert.equal(await executions(keyA, machines.a), 0);
    } finally {
      for (const side of [a, b]) {
        side.sfn.destroy();
        side.events.destroy();
      }
    }
  });

  it('Scheduler and Pipes (AWS CLI): B neither sees nor reads A’s schedule and pipe, and makes its own', async () => {
    const target = (machine: string, account: string) => JSON.stringify({ Arn: machine, RoleArn: roleOf(account) });
    const schedule = ['scheduler', 'create-schedule', '--name', 'nightly', '--schedule-expression', 'rate(1 day)'];
    const window = ['--flexible-time-window', 'Mode=OFF'];
    const createdA = await cliAs(keyA, ...schedule, ...window, '--target', target(machines.a, accountA));
    assert.deepEqual(createdA, { ScheduleArn: `arn:aws:scheduler:${region}:${accountA}:schedule/default/nightly` });
    assert.equal(await cliAs(keyB, 'scheduler', 'get-schedule', '--name', 'nightly'), 'ResourceNotFoundException');
    assert.deepEqual(await cliAs(keyB, 'scheduler', 'list-schedules'), { Schedules: [] });
    const foreign = await cliAs(keyB, ...schedule, ...window, '--target', target(machines.a, accountB));
    assert.equal(foreign, 'AccessDeniedException');
    const createdB = await cliAs(keyB, ...schedule, ...window, '--target', target(machines.b, accountB));
    assert.deepEqual(createdB, { ScheduleArn: `arn:aws:scheduler:${region}:${accountB}:schedule/default/nightly` });

    const pipe = (key: typeof keyA, machine: string) => [
      ...['pipes', 'create-pipe', '--name', 'orders', '--target', machine, '--role-arn', roleOf(key.account)],
      ...['--source', `arn:aws:sqs:${region}:${key.account}:orders`],
    ];
    assert.equal(((await cliAs(keyA, ...pipe(keyA, machines.a))) as { Name?: string }).Name, 'orders');
    assert.equal(await cliAs(keyB, 'pipes', 'describe-pipe', '--name', 'orders'), 'NotFoundException');
    assert.deepEqual(await cliAs(keyB, 'pipes', 'list-pipes'), { Pipes: [] });
    const pipeB = (await cliAs(keyB, ...pipe(keyB, machines.b))) as { Arn?: string };
    assert.equal(pipeB.Arn, `arn:aws:pipes:${region}:${accountB}:pipe/orders`);
    const listedA = (await cliAs(keyA, 'pipes', 'list-pipes')) as { Pipes: { Arn: string }[] };
    assert.deepEqual(
      listedA.Pipes.map((p) => p.Arn),
      [`arn:aws:pipes:${region}:${accountA}:pipe/orders`],
    );
  });
});
