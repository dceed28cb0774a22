// ECS, Athena and SageMaker processing and tuning `.sync` against moto, which runs and ends their tasks, queries
// and jobs (and stops ECS tasks and Athena queries): each started through the optimized handler, polled to its end
// with its service's describe call, and stopped with its stop call. What moto cannot show (a failed container,
// CodeBuild, whose StartBuild answer the JavaScript SDK cannot parse, SageMaker labeling jobs, a stopped SageMaker
// job) is checked against a local fake of the service.

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

describe('codebuild:startBuildBatch.sync and retryBuildBatch.sync (a fake)', () => {
  it('poll BatchGetBuildBatches and return {"BuildBatch": ...}; a FAILED batch fails; a stopped task stops it', async () => {
    const fake = await fakeService({
      StartBuildBatch: { buildBatch: { id: 'site:b1', buildBatchStatus: 'IN_PROGRESS' } },
      RetryBuildBatch: { buildBatch: { id: 'site:b1', buildBatchStatus: 'IN_PROGRESS' } },
      BatchGetBuildBatches: { buildBatches: [{ id: 'site:b1', buildBatchStatus: 'IN_PROGRESS' }] },
      StopBuildBatch: { buildBatch: { id: 'site:b1', buildBatchStatus: 'STOPPED' } },
    });
    try {
      const work = await startJob(
        'arn:aws:states:::codebuild:startBuildBatch.sync',
        { ProjectName: 'site' },
        fake.endpoint,
      );
      assert.deepEqual(fake.calls[0], { operation: 'StartBuildBatch', body: { projectName: 'site' } });
      assert.deepEqual(work.handle, { Id: 'site:b1' });
      const jobs = jobPerformer({ region, endpoint: fake.endpoint, credentials });
      assert.deepEqual(await jobs.poll(work), { running: true });
      assert.deepEqual(fake.calls.at(-1), { operation: 'BatchGetBuildBatches', body: { ids: ['site:b1'] } });
      fake.answers.BatchGetBuildBatches = { buildBatches: [{ id: 'site:b1', buildBatchStatus: 'SUCCEEDED' }] };
      const done = await pollToEnd(work, fake.endpoint);
      assert.ok('output' in done, JSON.stringify(done));
      assert.deepEqual(JSON.parse(done.output), { BuildBatch: { Id: 'site:b1', BuildBatchStatus: 'SUCCEEDED' } });
      const retried = await startJob(
        'arn:aws:states:::codebuild:retryBuildBatch.sync',
        { Id: 'site:b1' },
        fake.endpoint,
      );
      assert.deepEqual(fake.calls.at(-1), { operation: 'RetryBuildBatch', body: { id: 'site:b1' } });
      fake.answers.BatchGetBuildBatches = { buildBatches: [{ id: 'site:b1', buildBatchStatus: 'FAILED' }] };
      const failed = await pollToEnd(retried, fake.endpoint);
      assert.ok('error' in failed && failed.error === 'States.TaskFailed', JSON.stringify(failed));
      assert.deepEqual(JSON.parse(failed.cause ?? ''), { BuildBatch: { Id: 'site:b1', BuildBatchStatus: 'FAILED' } });
      await jobs.stop(retried);
      assert.deepEqual(fake.calls.at(-1), { operation: 'StopBuildBatch', body: { id: 'site:b1' } });
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

describe('sagemaker processing, hyperparameter tuning and labeling jobs (.sync)', () => {
  const roleArn = 'arn:aws:iam::123456789012:role/sagemaker';
  const processing = 'arn:aws:states:::sagemaker:createProcessingJob.sync';
  const tuning = 'arn:aws:states:::sagemaker:createHyperParameterTuningJob.sync';
  const labeling = 'arn:aws:states:::sagemaker:createLabelingJob.sync';

  it('createProcessingJob.sync returns DescribeProcessingJob once the job Completed (moto)', async () => {
    const work = await startJob(processing, {
      ProcessingJobName: 'features',
      RoleArn: roleArn,
      AppSpecification: { ImageUri: 'busybox' },
      ProcessingResources: {
        ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 10 },
      },
    });
    assert.deepEqual(work.handle, { ProcessingJobName: 'features' });
    const result = await pollToEnd(work);
    assert.ok('output' in result, JSON.stringify(result));
    const job = JSON.parse(result.output) as Record<string, JsonValue>;
    assert.equal(job.ProcessingJobStatus, 'Completed');
    assert.equal(job.ProcessingJobName, 'features');
    assert.match(job.ProcessingJobArn as string, /:processing-job\/features$/);
  });

  it('createHyperParameterTuningJob.sync returns DescribeHyperParameterTuningJob once Completed (moto)', async () => {
    const work = await startJob(tuning, {
      HyperParameterTuningJobName: 'search',
      HyperParameterTuningJobConfig: {
        Strategy: 'Bayesian',
        ResourceLimits: { MaxNumberOfTrainingJobs: 2, MaxParallelTrainingJobs: 1 },
      },
      TrainingJobDefinition: {
        RoleArn: roleArn,
        AlgorithmSpecification: { TrainingImage: 'busybox', TrainingInputMode: 'File' },
        OutputDataConfig: { S3OutputPath: 's3://models/' },
        ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 10 },
        StoppingCondition: { MaxRuntimeInSeconds: 60 },
      },
    });
    assert.deepEqual(work.handle, { HyperParameterTuningJobName: 'search' });
    const result = await pollToEnd(work);
    assert.ok('output' in result, JSON.stringify(result));
    const job = JSON.parse(result.output) as Record<string, JsonValue>;
    assert.equal(job.HyperParameterTuningJobStatus, 'Completed');
    assert.equal(job.HyperParameterTuningJobName, 'search');
  });

  it('createLabelingJob.sync polls DescribeLabelingJob to its end (a fake: moto has no labeling jobs)', async () => {
    const fake = await fakeService({
      CreateLabelingJob: { LabelingJobArn: 'arn:aws:sagemaker:us-east-1:1:labeling-job/cats' },
      DescribeLabelingJob: { LabelingJobName: 'cats', LabelingJobStatus: 'Initializing' },
    });
    try {
      const work = await startJob(labeling, { LabelingJobName: 'cats', RoleArn: roleArn }, fake.endpoint);
      assert.deepEqual(fake.calls[0], {
        operation: 'CreateLabelingJob',
        body: { LabelingJobName: 'cats', RoleArn: roleArn },
      });
      assert.deepEqual(work.handle, { LabelingJobName: 'cats' });
      const jobs = jobPerformer({ region, endpoint: fake.endpoint, credentials });
      assert.deepEqual(await jobs.poll(work), { running: true });
      assert.deepEqual(fake.calls.at(-1), { operation: 'DescribeLabelingJob', body: { LabelingJobName: 'cats' } });
      const completed = { LabelingJobName: 'cats', LabelingJobStatus: 'Completed', LabelCounters: { TotalLabeled: 3 } };
      fake.answers.DescribeLabelingJob = completed;
      const succeeded = await jobs.poll(work);
      assert.ok('output' in succeeded, JSON.stringify(succeeded));
      assert.deepEqual(JSON.parse(succeeded.output), completed);
      const failed = { LabelingJobName: 'cats', LabelingJobStatus: 'Failed', FailureReason: 'no workers' };
      fake.answers.DescribeLabelingJob = failed;
      const failure = await jobs.poll(work);
      assert.ok('error' in failure && failure.error === 'States.TaskFailed', JSON.stringify(failure));
      assert.deepEqual(JSON.parse(failure.cause ?? ''), failed);
      await jobs.stop(work);
      assert.deepEqual(fake.calls.at(-1), { operation: 'StopLabelingJob', body: { LabelingJobName: 'cats' } });
    } finally {
      await fake.close();
    }
  });

  it('a Stopped processing or tuning job fails the task; a stopped task stops each by name (a fake: moto stops neither)', async () => {
    const fake = await fakeService({
      DescribeProcessingJob: { ProcessingJobName: 'features', ProcessingJobStatus: 'Stopped' },
      DescribeHyperParameterTuningJob: {
        HyperParameterTuningJobName: 'search',
        HyperParameterTuningJobStatus: 'Failed',
      },
    });
    try {
      const jobs = jobPerformer({ region, endpoint: fake.endpoint, credentials });
      const processingWork: JobWork = {
        action: 'poll',
        resource: processing,
        taskId: 't',
        handle: { ProcessingJobName: 'features' },
        polls: 0,
      };
      const tuningWork: JobWork = {
        action: 'poll',
        resource: tuning,
        taskId: 't',
        handle: { HyperParameterTuningJobName: 'search' },
        polls: 0,
      };
      const stopped = await jobs.poll(processingWork);
      assert.ok('error' in stopped && stopped.error === 'States.TaskFailed', JSON.stringify(stopped));
      assert.equal((JSON.parse(stopped.cause ?? '{}') as Record<string, string>).ProcessingJobStatus, 'Stopped');
      const failed = await jobs.poll(tuningWork);
      assert.ok('error' in failed && failed.error === 'States.TaskFailed', JSON.stringify(failed));
      await jobs.stop(processingWork);
      assert.deepEqual(fake.calls.at(-1), { operation: 'StopProcessingJob', body: { ProcessingJobName: 'features' } });
      await jobs.stop(tuningWork);
      assert.deepEqual(fake.calls.at(-1), {
        operation: 'StopHyperParameterTuningJob',
        body: { HyperParameterTuningJobName: 'search' },
      });
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
