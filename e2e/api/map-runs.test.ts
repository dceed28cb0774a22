// Black box through the AWS SDK: a Distributed Map's children are executions of their own, listed by
// ListExecutions with the map run's ARN, and its run is read and changed while in flight with the Map Run
// API (DescribeMapRun, ListMapRuns, UpdateMapRun). The children wait on an activity, so the test decides
// when each ends.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  CreateActivityCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  UpdateMapRunCommand,
  type DescribeMapRunCommandOutput,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from './server-process.ts';
import { createMachine, ended, eventually, fails, sfnClient } from './sfn-client.ts';

let server: ServerProcess;
let sfn: SFNClient;
let activityArn: string;

function distributedMap(options: { maxConcurrency: number; toleratedFailureCount?: number }): object {
  return {
    StartAt: 'Fan out',
    States: {
      'Fan out': {
        Type: 'Map',
        Label: 'Items',
        ItemsPath: '$.items',
        MaxConcurrency: options.maxConcurrency,
        ...(options.toleratedFailureCount === undefined
          ? {}
          : { ToleratedFailureCount: options.toleratedFailureCount }),
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Work',
          States: { Work: { Type: 'Task', Resource: activityArn, End: true } },
        },
        End: true,
      },
    },
  };
}

before(async () => {
  server = await startServer();
  sfn = sfnClient(server.url);
  activityArn = (await sfn.send(new CreateActivityCommand({ name: 'map-run-work' }))).activityArn ?? '';
});

after(async () => {
  sfn.destroy();
  assert.equal(await server.stop(), 0);
});

/** Takes one activity task and answers it: success with `{ doubled }`, or failure for a negative item (unless lenient). */
async function workOne(lenient = false): Promise<boolean> {
  const task = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'e2e' }));
  if (task.taskToken === undefined || task.taskToken === '') return false;
  const value = (JSON.parse(task.input ?? '0') as { n: number }).n;
  if (value < 0 && !lenient) {
    await sfn.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error: 'Negative', cause: String(value) }));
  } else {
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify({ doubled: value * 2 }) }),
    );
  }
  return true;
}

async function mapRunOf(executionArn: string): Promise<string> {
  const runs = await eventually(
    () => sfn.send(new ListMapRunsCommand({ executionArn })),
    (listed) => (listed.mapRuns ?? []).length > 0,
  );
  return runs.mapRuns?.[0]?.mapRunArn ?? '';
}

function describeRun(mapRunArn: string): Promise<DescribeMapRunCommandOutput> {
  return sfn.send(new DescribeMapRunCommand({ mapRunArn }));
}

it('runs each item as a child execution, and UpdateMapRun raises MaxConcurrency in flight', async () => {
  const machineArn = await createMachine(sfn, 'fan-out', distributedMap({ maxConcurrency: 1 }));
  const items = [1, 2, 3, 4, 5].map((n) => ({ n }));
  const started = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: machineArn, input: JSON.stringify({ items }) }),
  );
  const executionArn = started.executionArn ?? '';
  const mapRunArn = await mapRunOf(executionArn);
  assert.match(mapRunArn, /:mapRun:fan-out\/Items:[0-9a-f-]{36}$/);

  const first = await eventually(
    () => describeRun(mapRunArn),
    (run) => run.itemCounts?.running === 1,
  );
  assert.equal(first.status, 'RUNNING');
  assert.equal(first.maxConcurrency, 1);
  assert.deepEqual(
    { pending: first.itemCounts?.pending, total: first.itemCounts?.total },
    { pending: 4, total: 5 },
    'MaxConcurrency 1 holds the other four back',
  );

  await sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 3 }));
  const raised = await eventually(
    () => describeRun(mapRunArn),
    (run) => run.itemCounts?.running === 3,
  );
  assert.equal(raised.maxConcurrency, 3);
  assert.equal(raised.itemCounts?.pending, 2);

  const children = await sfn.send(new ListExecutionsCommand({ mapRunArn }));
  assert.ok(children.executions !== undefined);
  assert.equal(children.executions.length, 3, 'the started children are listed by their map run');
  const child = children.executions[0];
  assert.ok(child !== undefined);
  assert.match(child.executionArn ?? '', /:execution:fan-out\/Items:[0-9a-f-]{36}$/);
  assert.match(child.stateMachineArn ?? '', /:stateMachine:fan-out\/Items$/);
  const described = await sfn.send(new DescribeExecutionCommand({ executionArn: child.executionArn ?? '' }));
  assert.equal(described.mapRunArn, mapRunArn);

  for (let i = 0; i < items.length; i++) assert.ok(await workOne(), `a task for item ${String(i)}`);
  const done = await ended(sfn, executionArn);
  assert.equal(done.status, 'SUCCEEDED');
  assert.deepEqual(
    JSON.parse(done.output ?? ''),
    [2, 4, 6, 8, 10].map((doubled) => ({ doubled })),
  );
  const finished = await describeRun(mapRunArn);
  assert.equal(finished.status, 'SUCCEEDED');
  assert.deepEqual(
    { ...finished.itemCounts },
    {
      pending: 0,
      running: 0,
      succeeded: 5,
      failed: 0,
      timedOut: 0,
      aborted: 0,
      total: 5,
      resultsWritten: 5,
      failuresNotRedrivable: 0,
      pendingRedrive: 0,
    },
  );
  assert.ok(finished.stopDate !== undefined);
  const all = await sfn.send(new ListExecutionsCommand({ mapRunArn }));
  assert.equal(all.executions?.length, 5);
});

it('fails the Map when the failures exceed the tolerance, unless UpdateMapRun raised it', async () => {
  const machineArn = await createMachine(
    sfn,
    'tolerant',
    distributedMap({ maxConcurrency: 1, toleratedFailureCount: 0 }),
  );
  const input = JSON.stringify({ items: [{ n: 1 }, { n: -1 }, { n: 3 }] });
  const strict = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, input }));
  for (let i = 0; i < 2; i++) await workOne();
  const failed = await ended(sfn, strict.executionArn ?? '');
  assert.equal(failed.status, 'FAILED');
  assert.equal(failed.error, 'States.ExceedToleratedFailureThreshold');
  const strictRun = await describeRun(await mapRunOf(strict.executionArn ?? ''));
  assert.equal(strictRun.status, 'FAILED');
  assert.equal(strictRun.itemCounts?.failed, 1);

  const lenient = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, input }));
  const mapRunArn = await mapRunOf(lenient.executionArn ?? '');
  await sfn.send(new UpdateMapRunCommand({ mapRunArn, toleratedFailureCount: 1 }));
  for (let i = 0; i < 3; i++) await workOne();
  const succeeded = await ended(sfn, lenient.executionArn ?? '');
  assert.equal(succeeded.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(succeeded.output ?? ''), [{ doubled: 2 }, null, { doubled: 6 }]);
  assert.equal((await describeRun(mapRunArn)).toleratedFailureCount, 1);
});

it("answers AWS's errors for bad and unknown map run ARNs", async () => {
  await fails(sfn.send(new DescribeMapRunCommand({ mapRunArn: 'not-an-arn' })), 'InvalidArn');
  const unknown = 'arn:aws:states:us-east-1:123456789012:mapRun:nothing/Here:00000000-0000-0000-0000-000000000000';
  await fails(sfn.send(new DescribeMapRunCommand({ mapRunArn: unknown })), 'ResourceNotFound');
  await fails(sfn.send(new UpdateMapRunCommand({ mapRunArn: unknown, maxConcurrency: 2 })), 'ResourceNotFound');
  const missingExecution = 'arn:aws:states:us-east-1:123456789012:execution:nothing:here';
  await fails(sfn.send(new ListMapRunsCommand({ executionArn: missingExecution })), 'ExecutionDoesNotExist');
});

/** A Distributed Map whose EXPRESS children double an item after a one-second Wait, and fail a negative one. */
function expressMap(toleratedFailureCount: number): object {
  return {
    StartAt: 'Fan out',
    States: {
      'Fan out': {
        Type: 'Map',
        Label: 'Quick',
        ItemsPath: '$.items',
        MaxConcurrency: 2,
        ToleratedFailureCount: toleratedFailureCount,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'Pause',
          States: {
            Pause: { Type: 'Wait', Seconds: 1, Next: 'Sign' },
            Sign: {
              Type: 'Choice',
              Choices: [{ Variable: '$.n', NumericLessThan: 0, Next: 'Negative' }],
              Default: 'Double',
            },
            Negative: { Type: 'Fail', Error: 'Negative', Cause: 'below zero' },
            Double: { Type: 'Pass', Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' }, End: true },
          },
        },
        End: true,
      },
    },
  };
}

it('runs EXPRESS children in memory: their ends are counted and their outputs gathered, with no history', async () => {
  const machineArn = await createMachine(sfn, 'express-fan-out', expressMap(1));
  const items = [1, 2, -3, 4, 5, 6].map((n) => ({ n }));
  const started = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: machineArn, input: JSON.stringify({ items }) }),
  );
  const executionArn = started.executionArn ?? '';
  const mapRunArn = await mapRunOf(executionArn);
  const inFlight = await eventually(
    () => describeRun(mapRunArn),
    (run) => (run.itemCounts?.running ?? 0) > 0,
  );
  assert.ok((inFlight.itemCounts?.running ?? 0) <= 2, 'MaxConcurrency 2 bounds the children in memory too');
  const done = await ended(sfn, executionArn);
  assert.equal(done.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(done.output ?? ''), [
    { doubled: 2 },
    { doubled: 4 },
    null,
    { doubled: 8 },
    { doubled: 10 },
    { doubled: 12 },
  ]);
  const finished = await describeRun(mapRunArn);
  assert.equal(finished.status, 'SUCCEEDED');
  assert.deepEqual(
    [finished.itemCounts?.succeeded, finished.itemCounts?.failed, finished.itemCounts?.total],
    [5, 1, 6],
  );
  assert.deepEqual(finished.executionCounts?.succeeded, 5);
  const children = await sfn.send(new ListExecutionsCommand({ mapRunArn }));
  assert.deepEqual(children.executions, [], 'Express children keep no execution record, as on AWS');

  const strictArn = await createMachine(sfn, 'express-strict', expressMap(0));
  const strict = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: strictArn, input: JSON.stringify({ items }) }),
  );
  const failed = await ended(sfn, strict.executionArn ?? '');
  assert.equal(failed.status, 'FAILED');
  assert.equal(failed.error, 'States.ExceedToleratedFailureThreshold');
  const strictRun = await describeRun(await mapRunOf(strict.executionArn ?? ''));
  assert.equal(strictRun.status, 'FAILED');
  assert.equal(strictRun.itemCounts?.failed, 1);
  assert.equal(strictRun.itemCounts.running, 0, 'the children in flight were stopped');
});

it('redriving the parent redrives its map run: only the failed and unstarted children run again', async () => {
  const machineArn = await createMachine(
    sfn,
    'redriven',
    distributedMap({ maxConcurrency: 1, toleratedFailureCount: 0 }),
  );
  const input = JSON.stringify({ items: [{ n: 1 }, { n: -2 }, { n: 3 }] });
  const executionArn =
    (await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, input }))).executionArn ?? '';
  for (let i = 0; i < 2; i++) assert.ok(await workOne(), 'the first succeeds, the second fails');
  assert.equal((await ended(sfn, executionArn)).status, 'FAILED');
  const mapRunArn = await mapRunOf(executionArn);
  const failed = await describeRun(mapRunArn);
  assert.deepEqual(
    [failed.status, failed.itemCounts?.succeeded, failed.itemCounts?.failed, failed.itemCounts?.pending],
    ['FAILED', 1, 1, 1],
  );
  const [first, second] = ((await sfn.send(new ListExecutionsCommand({ mapRunArn }))).executions ?? [])
    .map((child) => child.executionArn ?? '')
    .reverse();
  assert.ok(first !== undefined && second !== undefined, 'two children ran');

  await sfn.send(new RedriveExecutionCommand({ executionArn }));
  const again = await eventually(
    () => describeRun(mapRunArn),
    (run) => run.redriveCount === 1,
  );
  assert.ok(again.redriveDate !== undefined);
  for (let i = 0; i < 2; i++) assert.ok(await workOne(true), 'the failed child and the unstarted one run');
  const done = await ended(sfn, executionArn);
  assert.equal(done.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(done.output ?? ''), [{ doubled: 2 }, { doubled: -4 }, { doubled: 6 }]);

  const finished = await describeRun(mapRunArn);
  assert.deepEqual(
    [finished.status, finished.redriveCount, finished.itemCounts?.succeeded, finished.itemCounts?.total],
    ['SUCCEEDED', 1, 3, 3],
  );
  assert.equal(finished.mapRunArn, mapRunArn, 'the same map run, as AWS redrives it');
  const children = (await sfn.send(new ListExecutionsCommand({ mapRunArn }))).executions ?? [];
  assert.equal(children.length, 3, 'one new child: the one never started');
  const redriveCounts = await Promise.all(
    [first, second].map(
      async (arn) => (await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).redriveCount,
    ),
  );
  assert.deepEqual(redriveCounts, [0, 1], 'the succeeded child did not run again; the failed one was redriven');
  const redriven = await sfn.send(new ListExecutionsCommand({ mapRunArn, redriveFilter: 'REDRIVEN' }));
  assert.deepEqual(
    redriven.executions?.map((child) => child.executionArn),
    [second],
  );
  const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
  const event = history.events?.find((e) => e.type === 'MapRunRedriven');
  assert.deepEqual(event?.mapRunRedrivenEventDetails, { mapRunArn, redriveCount: 1 });
});
