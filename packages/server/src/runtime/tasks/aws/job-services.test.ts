// ECS and Athena `.sync` against moto, which runs, ends and stops their tasks and queries: each started through
// the optimized handler, polled to its end with its service's describe call, and stopped with its stop call.
// What moto cannot show (a failed container, CodeBuild, whose StartBuild answer the JavaScript SDK cannot
// parse) is checked against a local fake of the service.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { JsonValue } from '@stepwise/core';
import type { JobWork } from '../../../store/store.ts';
import { startMotoServer, type MotoServer } from '../../../testing/moto-server.ts';
import type { JobPoll } from '../../job-polls.ts';
import { integrations } from '../integrations.ts';
import { jobPerformer } from './job-tasks.ts';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'us-east-1';
let moto: MotoServer;

before(async () => {
  moto = await startMotoServer();
});

after(async () => {
  await moto.stop();
});

/** Performs a Task resource with `input` through the server's handlers against `endpoint`. */
async function perform(resource: string, input: JsonValue, endpoint = moto.endpoint) {
  const { handlers } = integrations({ region, aws: { region, endpoint, credentials } });
  const handler = handlers.find((candidate) => candidate.handles(resource));
  assert.ok(handler, `no handler for ${resource}`);
  return handler.execute({ taskId: 't', resource, input, stateName: 'S' }, {});
}

/** Starts a `.sync` job and returns the work item that polls it. */
async function startJob(resource: string, input: JsonValue, endpoint = moto.endpoint): Promise<JobWork> {
  const outcome = await perform(resource, input, endpoint);
  assert.ok('jobStarted' in outcome, JSON.stringify(outcome));
  return { action: 'poll', resource, taskId: 't', handle: outcome.jobStarted.handle, polls: 0 };
}

/** Polls until the job ends (moto moves its state on with each describe call), at most 20 times. */
async function pollToEnd(work: JobWork, endpoint = moto.endpoint): Promise<Exclude<JobPoll, { running: true }>> {
  const jobs = jobPerformer({ region, endpoint, credentials });
  for (let polls = 0; polls < 20; polls++) {
    const poll = await jobs.poll({ ...work, polls });
    if (!('running' in poll)) return poll;
  }
  assert.fail(`${work.resource} still running after 20 polls`);
}

async function setUp(resource: string, input: JsonValue): Promise<void> {
  const outcome = await perform(`arn:aws:states:::aws-sdk:${resource}`, input);
  assert.ok('output' in outcome, JSON.stringify(outcome));
}

describe('athena:startQueryExecution.sync', () => {
  const resource = 'arn:aws:states:::athena:startQueryExecution.sync';
  const query = { QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: 's3://results/' } };

  it('returns GetQueryExecution once the query SUCCEEDED', async () => {
    const result = await pollToEnd(await startJob(resource, query));
    assert.ok('output' in result, JSON.stringify(result));
    const output = JSON.parse(result.output) as { QueryExecution: { Status: { State: string }; Query: string } };
    assert.equal(output.QueryExecution.Status.State, 'SUCCEEDED');
    assert.equal(output.QueryExecution.Query, 'SELECT 1');
  });

  it('cancels the query with StopQueryExecution; a CANCELLED query fails the task with it as the cause', async () => {
    const work = await startJob(resource, query);
    assert.equal(await jobPerformer({ region, endpoint: moto.endpoint, credentials }).stop(work), undefined);
    const result = await pollToEnd(work);
    assert.ok('error' in result, JSON.stringify(result));
    assert.equal(result.error, 'States.TaskFailed');
    const cause = JSON.parse(result.cause ?? '') as { QueryExecution: { Status: { State: string } } };
    assert.equal(cause.QueryExecution.Status.State, 'CANCELLED');
  });
});

describe('codebuild:startBuild.sync (a fake: moto answers StartBuild with what the JavaScript SDK cannot parse)', () => {
  const resource = 'arn:aws:states:::codebuild:startBuild.sync';

  it('takes PascalCase parameters, returns {"Build": ...} once the build SUCCEEDED, fails when it FAILED', async () => {
    const fake = await fakeService({
      StartBuild: { build: { id: 'site:1', projectName: 'site', buildStatus: 'IN_PROGRESS' } },
      BatchGetBuilds: { builds: [{ id: 'site:1', projectName: 'site', buildStatus: 'SUCCEEDED' }] },
      StopBuild: { build: { id: 'site:1', buildStatus: 'STOPPED' } },
    });
    try {
      const work = await startJob(resource, { ProjectName: 'site', SourceVersion: 'main' }, fake.endpoint);
      assert.deepEqual(fake.calls[0], {
        operation: 'StartBuild',
        body: { projectName: 'site', sourceVersion: 'main' },
      });
      assert.deepEqual(work.handle, { Id: 'site:1' });
      const result = await pollToEnd(work, fake.endpoint);
      assert.ok('output' in result, JSON.stringify(result));
      assert.deepEqual(JSON.parse(result.output), {
        Build: { Id: 'site:1', ProjectName: 'site', BuildStatus: 'SUCCEEDED' },
      });
      assert.deepEqual(fake.calls[1], { operation: 'BatchGetBuilds', body: { ids: ['site:1'] } });
      fake.answers.BatchGetBuilds = { builds: [{ id: 'site:1', buildStatus: 'FAILED' }] };
      const failed = await pollToEnd(work, fake.endpoint);
      assert.ok('error' in failed && failed.error === 'States.TaskFailed', JSON.stringify(failed));
      await jobPerformer({ region, endpoint: fake.endpoint, credentials }).stop(work);
      assert.deepEqual(fake.calls.at(-1), { operation: 'StopBuild', body: { id: 'site:1' } });
    } finally {
      await fake.close();
    }
  });
});

describe('ecs:runTask.sync', () => {
  const resource = 'arn:aws:states:::ecs:runTask.sync';
  const run = {
    Cluster: 'jobs',
    TaskDefinition: 'report',
    LaunchType: 'FARGATE',
    NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-1'] } },
  };

  before(async () => {
    await setUp('ecs:createCluster', { clusterName: 'jobs' });
    await setUp('ecs:registerTaskDefinition', {
      family: 'report',
      containerDefinitions: [{ name: 'main', image: 'busybox', memory: 128, essential: true }],
    });
  });

  it('polls DescribeTasks until the task is STOPPED and returns it, members capitalised', async () => {
    const work = await startJob(resource, run);
    assert.match((work.handle as { TaskArn: string }).TaskArn, /:task\/jobs\//);
    const result = await pollToEnd(work);
    assert.ok('output' in result, JSON.stringify(result));
    const task = JSON.parse(result.output) as { LastStatus: string; Containers: { ExitCode: number }[] };
    assert.equal(task.LastStatus, 'STOPPED');
    assert.equal(task.Containers[0]?.ExitCode, 0);
  });

  it('stops the task with StopTask', async () => {
    const work = await startJob(resource, run);
    assert.equal(await jobPerformer({ region, endpoint: moto.endpoint, credentials }).stop(work), undefined);
    const taskArn = (work.handle as { TaskArn: string }).TaskArn;
    const described = await perform('arn:aws:states:::aws-sdk:ecs:describeTasks', {
      cluster: 'jobs',
      tasks: [taskArn],
    });
    assert.ok('output' in described && described.output !== undefined, JSON.stringify(described));
    const task = (JSON.parse(described.output) as { tasks: { lastStatus: string; stoppedReason: string }[] }).tasks[0];
    assert.equal(task?.lastStatus, 'STOPPED');
    assert.equal(task.stoppedReason, 'Task stopped by Step Functions');
  });

  it('fails when a container exited with another code, or the task was stopped (a fake: moto has no StopCode)', async () => {
    const stopped = { taskArn: 'arn:task/1', lastStatus: 'STOPPED', containers: [{ name: 'main', exitCode: 1 }] };
    const fake = await fakeService({ DescribeTasks: { tasks: [stopped] } });
    try {
      const handle = { Cluster: 'c', TaskArn: 'arn:task/1' };
      const work: JobWork = { action: 'poll', resource, taskId: 't', handle, polls: 0 };
      const failed = await pollToEnd(work, fake.endpoint);
      assert.ok('error' in failed && failed.error === 'States.TaskFailed', JSON.stringify(failed));
      assert.deepEqual(JSON.parse(failed.cause ?? ''), {
        TaskArn: 'arn:task/1',
        LastStatus: 'STOPPED',
        Containers: [{ Name: 'main', ExitCode: 1 }],
      });
      const byUser = { ...stopped, stopCode: 'UserInitiated', containers: [{ name: 'main', exitCode: 0 }] };
      fake.answers.DescribeTasks = { tasks: [byUser] };
      assert.ok('error' in (await pollToEnd(work, fake.endpoint)));
    } finally {
      await fake.close();
    }
  });
});

interface FakeService {
  endpoint: string;
  /** By operation (the X-Amz-Target's action). */
  answers: Record<string, JsonValue>;
  calls: { operation: string; body: JsonValue }[];
  close(): Promise<void>;
}

/** A JSON 1.1 service answering each operation from `answers` and recording what it was sent. */
async function fakeService(answers: Record<string, JsonValue>): Promise<FakeService> {
  const calls: FakeService['calls'] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const operation = typeof target === 'string' ? (target.split('.')[1] ?? '') : '';
      calls.push({ operation, body: JSON.parse(text === '' ? '{}' : text) as JsonValue });
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(answers[operation] ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answers,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
