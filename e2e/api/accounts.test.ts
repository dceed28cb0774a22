// Black box: `stepwise serve --auth FILE` with keys of two accounts, through the AWS SDK. Each account builds
// its resources under its own ARNs; account B's List calls never show A's resources, and every operation
// family given one of A's ARNs (state machines, versions, aliases, executions, activities, tags, task tokens,
// a Task calling Step Functions, EventBridge, CloudWatch Logs) answers B with AWS's error.

import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EventBridgeClient, ListRulesCommand, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateActivityCommand,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  PublishStateMachineVersionCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TagResourceCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256Checksum } from 'stepwise/testing';
import { eventually, fails } from './sfn-client.ts';
import { startServer, type ServerProcess } from './server-process.ts';

const accountA = '111122223333';
const accountB = '444455556666';
const keyA = { accessKeyId: 'AKIDACCOUNTA', secretAccessKey: 'account-a-secret-0', account: accountA, readOnly: false };
const keyB = { accessKeyId: 'AKIDACCOUNTB', secretAccessKey: 'account-b-secret-0', account: accountB, readOnly: false };
const pass = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
const waits = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });
const region = 'us-east-1';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-accounts-'));
let server: ServerProcess;
let a: SFNClient;
let b: SFNClient;

before(async () => {
  const keys = join(dir, 'keys.json');
  writeFileSync(keys, JSON.stringify([keyA, keyB]));
  chmodSync(keys, 0o600);
  server = await startServer(['--auth', keys]);
  a = new SFNClient({ endpoint: server.url, region, credentials: keyA, maxAttempts: 1 });
  b = new SFNClient({ endpoint: server.url, region, credentials: keyB, maxAttempts: 1 });
});

after(async () => {
  a.destroy();
  b.destroy();
  assert.equal(await server.stop(), 0);
  rmSync(dir, { recursive: true, force: true });
});

const roleOf = (account: string): string => `arn:aws:iam::${account}:role/accounts`;

async function machine(sfn: SFNClient, account: string, name: string, definition = pass): Promise<string> {
  const created = await sfn.send(new CreateStateMachineCommand({ name, roleArn: roleOf(account), definition }));
  return created.stateMachineArn ?? '';
}

describe('two accounts on one server', () => {
  let machineA = '';
  let executionA = '';

  before(async () => {
    machineA = await machine(a, accountA, 'shared', waits);
    executionA =
      (await a.send(new StartExecutionCommand({ stateMachineArn: machineA, name: 'run-a' }))).executionArn ?? '';
  });

  it('state machines: the same name is two machines; B lists only its own and is denied A’s', async () => {
    assert.equal(machineA, `arn:aws:states:${region}:${accountA}:stateMachine:shared`);
    const machineB = await machine(b, accountB, 'shared');
    assert.equal(machineB, `arn:aws:states:${region}:${accountB}:stateMachine:shared`);
    await machine(a, accountA, 'only-a');
    const listedB = await b.send(new ListStateMachinesCommand({}));
    assert.deepEqual(
      listedB.stateMachines?.map((m) => m.stateMachineArn),
      [machineB],
    );
    const listedA = await a.send(new ListStateMachinesCommand({}));
    assert.deepEqual(
      listedA.stateMachines?.map((m) => m.name),
      ['only-a', 'shared'],
    );
    const denied =
      /is not authorized to perform: states:DescribeStateMachine on resource: arn:aws:states:us-east-1:111122223333/;
    await fails(
      b.send(new DescribeStateMachineCommand({ stateMachineArn: machineA })),
      'AccessDeniedException',
      denied,
    );
    await fails(
      b.send(new UpdateStateMachineCommand({ stateMachineArn: machineA, definition: pass })),
      'AccessDeniedException',
    );
    await fails(b.send(new DeleteStateMachineCommand({ stateMachineArn: machineA })), 'AccessDeniedException');
    // A's machine is untouched, and B's own describe answers with B's.
    assert.equal((await a.send(new DescribeStateMachineCommand({ stateMachineArn: machineA }))).definition, waits);
    assert.equal((await b.send(new DescribeStateMachineCommand({ stateMachineArn: machineB }))).definition, pass);
  });

  it('versions and aliases: B is denied A’s and lists none of them', async () => {
    const version = await a.send(new PublishStateMachineVersionCommand({ stateMachineArn: machineA }));
    const versionArn = version.stateMachineVersionArn ?? '';
    const alias = await a.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn: versionArn, weight: 100 }],
      }),
    );
    const aliasArn = alias.stateMachineAliasArn ?? '';
    assert.equal(aliasArn, `${machineA}:live`);
    await fails(b.send(new ListStateMachineVersionsCommand({ stateMachineArn: machineA })), 'AccessDeniedException');
    await fails(b.send(new ListStateMachineAliasesCommand({ stateMachineArn: machineA })), 'AccessDeniedException');
    await fails(
      b.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: aliasArn })),
      'AccessDeniedException',
    );
    await fails(b.send(new StartExecutionCommand({ stateMachineArn: versionArn })), 'AccessDeniedException');
    const machineB = `arn:aws:states:${region}:${accountB}:stateMachine:shared`;
    assert.deepEqual(
      (await b.send(new ListStateMachineVersionsCommand({ stateMachineArn: machineB }))).stateMachineVersions,
      [],
    );
    assert.deepEqual(
      (await b.send(new ListStateMachineAliasesCommand({ stateMachineArn: machineB }))).stateMachineAliases,
      [],
    );
  });

  it('executions: B is denied A’s execution, its history and its stop, and lists only its own', async () => {
    assert.equal(executionA, `arn:aws:states:${region}:${accountA}:execution:shared:run-a`);
    await fails(b.send(new DescribeExecutionCommand({ executionArn: executionA })), 'AccessDeniedException');
    await fails(b.send(new GetExecutionHistoryCommand({ executionArn: executionA })), 'AccessDeniedException');
    await fails(b.send(new StopExecutionCommand({ executionArn: executionA })), 'AccessDeniedException');
    await fails(b.send(new ListExecutionsCommand({ stateMachineArn: machineA })), 'AccessDeniedException');
    const machineB = `arn:aws:states:${region}:${accountB}:stateMachine:shared`;
    // B's execution of the same name is its own, beside A's.
    const started = await b.send(new StartExecutionCommand({ stateMachineArn: machineB, name: 'run-a' }));
    assert.equal(started.executionArn, `arn:aws:states:${region}:${accountB}:execution:shared:run-a`);
    const listed = await b.send(new ListExecutionsCommand({ stateMachineArn: machineB }));
    assert.deepEqual(
      listed.executions?.map((e) => e.executionArn),
      [started.executionArn],
    );
    assert.equal((await a.send(new DescribeExecutionCommand({ executionArn: executionA }))).status, 'RUNNING');
  });

  it('activities and task tokens: B lists none of A’s, cannot poll them, and A’s token is InvalidToken to B', async () => {
    const activity = await a.send(new CreateActivityCommand({ name: 'work' }));
    const activityArn = activity.activityArn ?? '';
    assert.equal(activityArn, `arn:aws:states:${region}:${accountA}:activity:work`);
    await b.send(new CreateActivityCommand({ name: 'work' }));
    const listedB = await b.send(new ListActivitiesCommand({}));
    assert.deepEqual(
      listedB.activities?.map((x) => x.activityArn),
      [`arn:aws:states:${region}:${accountB}:activity:work`],
    );
    await fails(b.send(new DescribeActivityCommand({ activityArn })), 'AccessDeniedException');
    await fails(b.send(new GetActivityTaskCommand({ activityArn })), 'AccessDeniedException');
    const worker = JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', Resource: activityArn, End: true } } });
    const workMachine = await machine(a, accountA, 'worker', worker);
    const run = await a.send(new StartExecutionCommand({ stateMachineArn: workMachine }));
    const task = await a.send(new GetActivityTaskCommand({ activityArn, workerName: 'w' }));
    const taskToken = task.taskToken ?? '';
    assert.notEqual(taskToken, '');
    await fails(b.send(new SendTaskSuccessCommand({ taskToken, output: '{"by":"b"}' })), 'InvalidToken');
    await a.send(new SendTaskSuccessCommand({ taskToken, output: '{"by":"a"}' }));
    const ended = await eventually(
      () => a.send(new DescribeExecutionCommand({ executionArn: run.executionArn })),
      (d) => d.status !== 'RUNNING',
    );
    assert.equal(ended.output, '{"by":"a"}');
  });

  it('tags: B can neither read nor set tags on A’s resources', async () => {
    await a.send(new TagResourceCommand({ resourceArn: machineA, tags: [{ key: 'team', value: 'a' }] }));
    await fails(b.send(new ListTagsForResourceCommand({ resourceArn: machineA })), 'AccessDeniedException');
    await fails(
      b.send(new TagResourceCommand({ resourceArn: machineA, tags: [{ key: 'team', value: 'b' }] })),
      'AccessDeniedException',
    );
    assert.deepEqual((await a.send(new ListTagsForResourceCommand({ resourceArn: machineA }))).tags, [
      { key: 'team', value: 'a' },
    ]);
  });

  it('a Task of B calling Step Functions on A’s ARN fails with AccessDenied', async () => {
    const describe = JSON.stringify({
      StartAt: 'D',
      States: {
        D: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:sfn:describeExecution',
          Parameters: { ExecutionArn: executionA },
          End: true,
        },
      },
    });
    const snoop = await machine(b, accountB, 'snoop', describe);
    const run = await b.send(new StartExecutionCommand({ stateMachineArn: snoop }));
    const ended = await eventually(
      () => b.send(new DescribeExecutionCommand({ executionArn: run.executionArn })),
      (d) => d.status !== 'RUNNING',
    );
    assert.equal(ended.status, 'FAILED');
    assert.equal(ended.error, 'Sfn.AccessDeniedException');
  });

  it('the console under B’s session lists B’s machines only, and its live stream is denied A’s execution', async () => {
    const own = await machine(b, accountB, 'console-b');
    const form = new URLSearchParams({ accessKeyId: keyB.accessKeyId, secretAccessKey: keyB.secretAccessKey });
    const login = await fetch(`${server.url}/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: form.toString(),
      redirect: 'manual',
    });
    assert.equal(login.status, 303);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const listed = await fetch(server.url, {
      method: 'POST',
      headers: {
        cookie,
        origin: server.url,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.ListStateMachines',
      },
      body: '{}',
    });
    const machines = ((await listed.json()) as { stateMachines: { stateMachineArn: string }[] }).stateMachines;
    assert.ok(machines.some((m) => m.stateMachineArn === own));
    for (const m of machines) assert.match(m.stateMachineArn, /:444455556666:stateMachine:/);
    const stream = await fetch(`${server.url}/console/api/stream?executionArn=${encodeURIComponent(executionA)}`, {
      headers: { cookie },
    });
    // The stream ends at once with AWS's error instead of A's events.
    const text = await stream.text();
    assert.match(text, /event: error\ndata: .*AccessDeniedException/);
    assert.doesNotMatch(text, /WaitStateEntered|event: history/);
  });

  it('/metrics and /audit, which cover every account, are denied to B’s key and read with A’s', async () => {
    for (const path of ['/metrics', '/audit']) {
      assert.equal((await signedGet(keyB, path)).status, 403);
      assert.match((await signedGet(keyB, path)).body, /AccessDeniedException/);
      assert.equal((await signedGet(keyA, path)).status, 200);
    }
  });

  it('EventBridge is per account (e2e/triggers/accounts.test.ts); CloudWatch Logs serves the first key’s only', async () => {
    const events = (key: typeof keyA) =>
      new EventBridgeClient({ endpoint: server.url, region, credentials: key, maxAttempts: 1 });
    const eventsA = events(keyA);
    const eventsB = events(keyB);
    try {
      await eventsA.send(new PutRuleCommand({ Name: 'a-rule', EventPattern: '{"source":["a"]}' }));
      assert.deepEqual((await eventsB.send(new ListRulesCommand({}))).Rules, []);
      assert.deepEqual(
        (await eventsA.send(new ListRulesCommand({}))).Rules?.map((r) => r.Name),
        ['a-rule'],
      );
    } finally {
      eventsA.destroy();
      eventsB.destroy();
    }
    const logs = await signedLogsCall(keyB, 'DescribeLogGroups', {});
    assert.equal(logs.status, 400);
    assert.match(logs.body, /AccessDeniedException/);
    assert.equal((await signedLogsCall(keyA, 'DescribeLogGroups', {})).status, 200);
    // So B's machines cannot log to a group of this server either, even one named as A's is: none is B's.
    assert.equal((await signedLogsCall(keyA, 'CreateLogGroup', { logGroupName: 'shared-logs' })).status, 200);
    await assert.rejects(
      b.send(
        new CreateStateMachineCommand({
          name: 'logged',
          roleArn: roleOf(accountB),
          definition: pass,
          loggingConfiguration: {
            level: 'ALL',
            destinations: [
              { cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:${region}:${accountB}:log-group:shared-logs:*` } },
            ],
          },
        }),
      ),
      { name: 'InvalidLoggingConfiguration', message: 'Invalid Logging Configuration: Log Destination not found.' },
    );
  });
});

/** A CloudWatch Logs call (AWS JSON 1.1) signed with `key`. */
async function signedLogsCall(
  key: typeof keyA,
  operation: string,
  body: object,
): Promise<{ status: number; body: string }> {
  const url = new URL(server.url);
  const signer = new SignatureV4({ credentials: key, region, service: 'logs', sha256: Sha256Checksum });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `Logs_20140328.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const response = await fetch(server.url, { method: 'POST', headers: signed.headers, body: JSON.stringify(body) });
  return { status: response.status, body: await response.text() };
}

/** A GET signed with `key` (the way an operator's script reads /metrics). */
async function signedGet(key: typeof keyA, path: string): Promise<{ status: number; body: string }> {
  const url = new URL(server.url);
  const signer = new SignatureV4({ credentials: key, region, service: 'states', sha256: Sha256Checksum });
  const signed = await signer.sign({
    method: 'GET',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path,
    headers: { host: url.host },
  });
  const response = await fetch(`${server.url}${path}`, { headers: signed.headers });
  return { status: response.status, body: await response.text() };
}
