// Black box: `stepwise serve --auth FILE` with keys of two accounts, through the AWS SDK. Each account builds
// its resources under its own ARNs; account B's List calls never show A's resources, and every operation
// family given one of A's ARNs (state machines, versions, aliases, executions, activities, tags, task tokens,
// a Task calling Step Functions, EventBridge, CloudWatch Logs) answers B with AWS's error; CloudWatch Logs
// keeps each account's log groups apart.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EventBridgeClient, ListRulesCommand, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateActivityCommand,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
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
  UpdateMapRunCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256Checksum } from 'stepwise/testing';
import { eventually, fails } from './sfn-client.ts';
import type { ServerProcess } from './server-process.ts';
import { consoleSignIn, startTwoAccounts, type TwoAccounts } from './two-accounts.ts';

const accountA = '111122223333';
const accountB = '444455556666';
const keyA = { accessKeyId: 'AKIDACCOUNTA', secretAccessKey: 'account-a-secret-0', account: accountA, readOnly: false };
const keyB = { accessKeyId: 'AKIDACCOUNTB', secretAccessKey: 'account-b-secret-0', account: accountB, readOnly: false };
const pass = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
const waits = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });
const region = 'us-east-1';

let server: ServerProcess;
let a: SFNClient;
let b: SFNClient;
let accounts: TwoAccounts | undefined;

before(async () => {
  accounts = await startTwoAccounts(keyA, keyB, region);
  ({ server, a, b } = accounts);
});

after(() => accounts?.stop());

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
    const cookie = await consoleSignIn(server.url, keyB);
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

  it('/metrics gives B’s key the samples of B’s resources only; A’s key (the server account) reads all', async () => {
    const samples = async (key: typeof keyA): Promise<string[]> => {
      const read = await signedGet(key, '/metrics');
      assert.equal(read.status, 200);
      return read.body.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    };
    const ofB = await samples(keyB);
    assert.ok(
      ofB.some((line) => line.startsWith(`ExecutionsStarted{StateMachineArn="arn:aws:states:${region}:${accountB}:`)),
    );
    assert.ok(
      ofB.every((line) => line.includes(`:${accountB}:`)),
      'nothing of A’s, nor the server’s own',
    );
    const all = await samples(keyA);
    for (const account of [accountA, accountB])
      assert.ok(all.some((line) => line.includes(`:${account}:stateMachine:`)));
    assert.ok(all.some((line) => line.startsWith('stepwise_open_executions ')));
  });

  it('Map Runs: B’s Distributed Map runs and children are B’s; A reaches none of them', async () => {
    const definition = JSON.stringify({
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'P',
            States: { P: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    });
    const machine = await b.send(new CreateStateMachineCommand({ name: 'fan', roleArn: roleOf(accountB), definition }));
    const input = '{"items":[1,2,3]}';
    const started = await b.send(new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input }));
    const executionArn = started.executionArn ?? '';
    await eventually(
      () => b.send(new DescribeExecutionCommand({ executionArn })),
      (d) => d.status === 'SUCCEEDED',
    );
    const runs = await b.send(new ListMapRunsCommand({ executionArn }));
    const mapRunArn = runs.mapRuns?.[0]?.mapRunArn ?? '';
    assert.match(mapRunArn, new RegExp(`^arn:aws:states:${region}:${accountB}:mapRun:fan/`));
    const run = await b.send(new DescribeMapRunCommand({ mapRunArn }));
    assert.equal(run.itemCounts?.succeeded, 3);
    const children = await b.send(new ListExecutionsCommand({ mapRunArn }));
    assert.equal(children.executions?.length, 3);
    assert.doesNotMatch(JSON.stringify(children.executions), new RegExp(`:${accountA}:`));
    await fails(a.send(new DescribeMapRunCommand({ mapRunArn })), 'AccessDeniedException');
    await fails(a.send(new ListMapRunsCommand({ executionArn })), 'AccessDeniedException');
    await fails(a.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 1 })), 'AccessDeniedException');
    await fails(a.send(new ListExecutionsCommand({ mapRunArn })), 'AccessDeniedException');
  });

  it('/audit gives B’s key B’s records only; A’s key (the server account) reads every account’s', async () => {
    const accountsIn = async (key: typeof keyA): Promise<Set<string>> => {
      const read = await signedGet(key, '/audit');
      assert.equal(read.status, 200);
      const records = read.body
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { recipientAccountId: string; eventName: string });
      assert.ok(records.some((r) => r.eventName === 'CreateStateMachine'));
      return new Set(records.map((r) => r.recipientAccountId));
    };
    assert.deepEqual(await accountsIn(keyB), new Set([accountB]));
    assert.deepEqual(await accountsIn(keyA), new Set([accountA, accountB]));
  });

  it('EventBridge is per account (more in e2e/triggers/accounts.test.ts): B sees none of A’s rules', async () => {
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
  });

  it('CloudWatch Logs: each account has its own log groups, even of one name, and its executions log there', async () => {
    const names = async (key: typeof keyA): Promise<string[]> => {
      const listed = await signedLogsCall(key, 'DescribeLogGroups', {});
      assert.equal(listed.status, 200, listed.body);
      return (JSON.parse(listed.body) as { logGroups: { logGroupName: string }[] }).logGroups.map(
        (g) => g.logGroupName,
      );
    };
    assert.equal((await signedLogsCall(keyA, 'CreateLogGroup', { logGroupName: 'shared-logs' })).status, 200);
    assert.deepEqual(await names(keyB), [], "B sees none of A's groups");
    const groupOfB = `arn:aws:logs:${region}:${accountB}:log-group:shared-logs:*`;
    const logged = (name: string) =>
      new CreateStateMachineCommand({
        name,
        roleArn: roleOf(accountB),
        definition: pass,
        loggingConfiguration: { level: 'ALL', destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: groupOfB } }] },
      });
    // A's group of that name is not B's: B's destination is not found until B makes its own.
    await assert.rejects(b.send(logged('logged')), {
      name: 'InvalidLoggingConfiguration',
      message: 'Invalid Logging Configuration: Log Destination not found.',
    });
    assert.equal((await signedLogsCall(keyB, 'CreateLogGroup', { logGroupName: 'shared-logs' })).status, 200);
    assert.deepEqual(await names(keyB), ['shared-logs']);
    const machine = await b.send(logged('logged'));
    const started = await b.send(new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn }));
    const types = async (key: typeof keyA): Promise<string[]> => {
      const read = await signedLogsCall(key, 'FilterLogEvents', { logGroupName: 'shared-logs' });
      assert.equal(read.status, 200, read.body);
      const events = (JSON.parse(read.body) as { events: { message: string }[] }).events;
      return events.map((e) => (JSON.parse(e.message) as { type: string; execution_arn: string }).type);
    };
    for (let i = 0; i < 200 && !(await types(keyB)).includes('ExecutionSucceeded'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(await types(keyB), [
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    assert.deepEqual(await types(keyA), [], "B's records are not in A's group of the same name");
    assert.ok(started.executionArn?.includes(accountB));
    // An ARN of the other account's group is refused as every foreign ARN is.
    const foreign = await signedLogsCall(keyB, 'FilterLogEvents', {
      logGroupIdentifier: `arn:aws:logs:${region}:${accountA}:log-group:shared-logs`,
    });
    assert.equal(foreign.status, 400);
    assert.match(foreign.body, /AccessDeniedException/);
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
