// Black box: `GET /metrics` of `stepwise serve`, scraped before and after executions started with the AWS
// SDK; each counter of Step Functions' metrics (AWS's names and dimensions) moves by what the executions
// did: started, succeeded, failed, aborted, Lambda and service-integration tasks, and ExecutionTime.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CreateActivityCommand,
  GetActivityTaskCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from './server-process.ts';
import { createMachine, ended, historyWith, sfnClient } from './sfn-client.ts';

const functions = fileURLToPath(new URL('./functions', import.meta.url));
const account = '123456789012';
const machine = (name: string): string => `arn:aws:states:us-east-1:${account}:stateMachine:${name}`;
const notify = `arn:aws:lambda:us-east-1:${account}:function:notify`;
const lambda = (name: string): string => `arn:aws:lambda:us-east-1:${account}:function:${name}`;

let server: ServerProcess;
let sfn: SFNClient;

before(async () => {
  server = await startServer(['--functions', functions]);
  sfn = sfnClient(server.url);
});

after(async () => {
  sfn.destroy();
  assert.equal(await server.stop(), 0);
});

/** Every sample of the Prometheus text, by `name{labels}`. */
async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(`${server.url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([A-Za-z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match !== null) samples.set(match[1] ?? '', Number(match[2]));
  }
  return samples;
}

async function run(name: string, input = '{}'): Promise<string> {
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine(name), input }));
  return started.executionArn ?? '';
}

describe('GET /metrics', () => {
  it("counts executions and tasks under AWS's metric names and dimensions", async () => {
    await createMachine(sfn, 'ok', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    await createMachine(sfn, 'bad', { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E' } } });
    await createMachine(sfn, 'slow', { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });
    await createMachine(sfn, 'lambda', {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: notify, End: true } },
    });
    await createMachine(sfn, 'nested', {
      StartAt: 'Child',
      States: {
        Child: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: { StateMachineArn: machine('ok') },
          End: true,
        },
      },
    });
    const before = await scrape();
    const ok = await run('ok');
    const bad = await run('bad');
    const slow = await run('slow');
    const lambda = await run('lambda', '{"token":"t","order":"o-1"}');
    const nested = await run('nested');
    await historyWith(sfn, slow, 'WaitStateEntered');
    await sfn.send(new StopExecutionCommand({ executionArn: slow }));
    for (const arn of [ok, bad, slow, lambda, nested]) await ended(sfn, arn);
    const afterwards = await scrape();
    const moved = (sample: string): number => (afterwards.get(sample) ?? 0) - (before.get(sample) ?? 0);
    const by = (name: string): string => `{StateMachineArn="${machine(name)}"}`;

    assert.equal(moved(`ExecutionsStarted${by('ok')}`), 2, 'ok ran directly and as the nested child');
    assert.equal(moved(`ExecutionsSucceeded${by('ok')}`), 2);
    assert.equal(moved(`ExecutionTime_count${by('ok')}`), 2);
    assert.equal(moved(`ExecutionsFailed${by('bad')}`), 1);
    assert.equal(moved(`ExecutionsSucceeded${by('bad')}`), 0);
    assert.equal(moved(`ExecutionsAborted${by('slow')}`), 1);
    assert.equal(moved(`ExecutionsSucceeded${by('lambda')}`), 1);
    assert.equal(moved(`ExecutionsSucceeded${by('nested')}`), 1);
    for (const outcome of ['Scheduled', 'Started', 'Succeeded']) {
      assert.equal(moved(`LambdaFunctions${outcome}{LambdaFunctionArn="${notify}"}`), 1, outcome);
    }
    assert.equal(moved(`LambdaFunctionsFailed{LambdaFunctionArn="${notify}"}`), 0);
    assert.equal(moved(`LambdaFunctionTime_count{LambdaFunctionArn="${notify}"}`), 1);
    const child = '{ServiceIntegrationResourceArn="arn:aws:states:::states:startExecution.sync:2"}';
    for (const outcome of ['Scheduled', 'Started', 'Succeeded']) {
      assert.equal(moved(`ServiceIntegrations${outcome}${child}`), 1, outcome);
    }
    assert.equal(moved(`ServiceIntegrationTime_count${child}`), 1);
    assert.equal(afterwards.get('stepwise_open_executions'), 0);
    assert.ok((afterwards.get('stepwise_steps_committed_total') ?? 0) >= 10);
    assert.ok((afterwards.get('stepwise_process_cpu_seconds_total') ?? 0) > 0);
  });

  it("the server's own: store latency, leases per node; open executions and the work queue from the store", async () => {
    const before = await scrape();
    await run('ok');
    const slow = await run('slow');
    await historyWith(sfn, slow, 'WaitStateEntered');
    // Read from the store: the waiting execution is open, its timer is a work item that is not due yet.
    const waiting = await scrape();
    assert.equal(waiting.get('stepwise_open_executions'), 1);
    assert.equal(waiting.get('stepwise_work_items'), 1, "the Wait's timer");
    assert.equal(waiting.get('stepwise_work_queue_depth'), 0, 'the timer is not due for an hour');
    // The stop is a step of its own (the rest ran in each execution's first step, its creation).
    await sfn.send(new StopExecutionCommand({ executionArn: slow }));
    await ended(sfn, slow);
    const afterwards = await scrape();
    assert.equal(afterwards.get('stepwise_open_executions'), 0);
    assert.equal(afterwards.get('stepwise_work_items'), 0);
    assert.equal(afterwards.get('stepwise_work_queue_depth'), 0);
    const commits = [...afterwards.keys()].filter((key) =>
      key.startsWith('stepwise_store_operation_seconds_count{operation="commitStep",node="'),
    );
    assert.equal(commits.length, 1, 'one node');
    const key = commits[0] ?? '';
    const node = /node="([^"]+)"/.exec(key)?.[1] ?? '';
    assert.ok((afterwards.get(key) ?? 0) > (before.get(key) ?? 0), 'the steps committed were timed');
    const creates = `stepwise_store_operation_seconds_count{operation="createExecution",node="${node}"}`;
    assert.equal((afterwards.get(creates) ?? 0) - (before.get(creates) ?? 0), 2);
    assert.ok((afterwards.get(`stepwise_store_operation_seconds_sum{operation="commitStep",node="${node}"}`) ?? 0) > 0);
    // Everything has ended: no work is claimed, so no lease is held.
    assert.equal(afterwards.get(`stepwise_work_leases_held{node="${node}"}`), 0);
  });

  it('counts timeouts, failed and timed-out Lambda calls, and activities under their names', async () => {
    const created = await sfn.send(new CreateActivityCommand({ name: 'pack' }));
    const activity = created.activityArn ?? '';
    const task = (resource: string, timeout?: number) => ({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: resource, ...(timeout ? { TimeoutSeconds: timeout } : {}), End: true } },
    });
    await createMachine(sfn, 'late', {
      TimeoutSeconds: 1,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    await createMachine(sfn, 'rejects', task(lambda('reject')));
    await createMachine(sfn, 'lingers', task(lambda('linger'), 1));
    await createMachine(sfn, 'packs', task(activity));
    await createMachine(sfn, 'unpacked', task(activity, 1));
    const before = await scrape();
    const runs = await Promise.all(['late', 'rejects', 'lingers', 'unpacked'].map((name) => run(name)));
    // 'unpacked' timed out before 'packs' starts, so the worker below takes the one task left.
    await ended(sfn, runs[3] ?? '');
    const packs = await run('packs', '{"box":1}');
    const work = await sfn.send(new GetActivityTaskCommand({ activityArn: activity, workerName: 'w1' }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: work.taskToken ?? '', output: '{"packed":true}' }));
    for (const arn of [...runs, packs]) await ended(sfn, arn);
    const afterwards = await scrape();
    const moved = (sample: string): number => (afterwards.get(sample) ?? 0) - (before.get(sample) ?? 0);

    assert.equal(moved(`ExecutionsTimedOut{StateMachineArn="${machine('late')}"}`), 1);
    assert.equal(moved(`ExecutionsFailed{StateMachineArn="${machine('rejects')}"}`), 1);
    assert.equal(moved(`LambdaFunctionsFailed{LambdaFunctionArn="${lambda('reject')}"}`), 1);
    assert.equal(moved(`LambdaFunctionsTimedOut{LambdaFunctionArn="${lambda('linger')}"}`), 1);
    const by = `{ActivityArn="${activity}"}`;
    assert.equal(moved(`ActivitiesScheduled${by}`), 2);
    assert.equal(moved(`ActivitiesTimedOut${by}`), 1);
    for (const outcome of ['Started', 'Succeeded']) assert.equal(moved(`Activities${outcome}${by}`), 1, outcome);
    assert.equal(moved(`ActivitiesFailed${by}`), 0);
    for (const kind of ['ScheduleTime', 'RunTime']) assert.equal(moved(`Activity${kind}_count${by}`), 1, kind);
    assert.equal(moved(`ActivityTime_count${by}`), 2, 'the timed-out task and the one done');
    // Stepwise never throttles state transitions: AWS's ExecutionThrottled is declared and stays at zero.
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(text, /^# TYPE ExecutionThrottled counter$/m);
  });
});
