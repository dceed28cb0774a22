// The job integrations' service calls. moto ends Glue runs and SageMaker jobs in success only, and cannot stop
// them: their failure and stop paths are checked against a local fake of the describe and stop calls. Batch's
// failure is moto's own (MOTO_SIMPLE_BATCH_FAIL_AFTER=0 fails every job).

import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { JsonValue } from '@stepwise/core';
import {
  BatchClient,
  CreateComputeEnvironmentCommand,
  CreateJobQueueCommand,
  RegisterJobDefinitionCommand,
} from '@aws-sdk/client-batch';
import type { JobWork } from '../../../store/store.ts';
import { startMotoServer, type MotoServer } from '../../../testing/moto-server.ts';
import { integrations } from '../integrations.ts';
import type { TaskOutcome } from '../executor.ts';
import { jobPerformer } from './job-tasks.ts';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'us-east-1';

/** Answers each call (by X-Amz-Target, or Batch's REST path) from `answers`, recording what it was sent. */
class FakeService {
  readonly calls: { operation: string; body: JsonValue }[] = [];
  answers = new Map<string, JsonValue>();
  private server: Server | undefined;
  endpoint = '';

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      void readBody(request).then((text) => {
        const target = request.headers['x-amz-target'];
        const operation = typeof target === 'string' ? (target.split('.')[1] ?? '') : (request.url ?? '');
        this.calls.push({ operation, body: JSON.parse(text === '' ? '{}' : text) as JsonValue });
        const answer = this.answers.get(operation);
        response.writeHead(answer === undefined ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(answer ?? { __type: 'UnknownOperationException', message: operation }));
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += (chunk as Buffer).toString();
  return text;
}

const fake = new FakeService();
let moto: MotoServer;

before(async () => {
  await fake.start();
  moto = await startMotoServer({ env: { ...process.env, MOTO_SIMPLE_BATCH_FAIL_AFTER: '0' } });
});

after(async () => {
  await fake.stop();
  await moto.stop();
});

async function startJob(endpoint: string, resource: string, input: JsonValue): Promise<TaskOutcome> {
  const { handlers } = integrations({ region, aws: { region, endpoint, credentials } });
  const handler = handlers.find((candidate) => candidate.handles(resource));
  assert.ok(handler, `no handler for ${resource}`);
  return handler.execute({ taskId: 't', resource, input, stateName: 'S' }, {});
}

function started(outcome: TaskOutcome): { submitted: JsonValue; handle: JsonValue } {
  assert.ok('jobStarted' in outcome, JSON.stringify(outcome));
  return { submitted: JSON.parse(outcome.jobStarted.submitted) as JsonValue, handle: outcome.jobStarted.handle };
}

const jobs = (endpoint: string) => jobPerformer({ region, endpoint, credentials });
const work = (resource: string, handle: JsonValue): JobWork => ({
  action: 'poll',
  resource,
  taskId: 't',
  handle,
  polls: 0,
});

describe('glue:startJobRun.sync', () => {
  const resource = 'arn:aws:states:::glue:startJobRun.sync';

  it('keeps the job name and run id, polls GetJobRun, and fails with the JobRun as the cause', async () => {
    fake.answers.set('StartJobRun', { JobRunId: 'jr_1' });
    const { handle } = started(await startJob(fake.endpoint, resource, { JobName: 'etl' }));
    assert.deepEqual(handle, { JobName: 'etl', JobRunId: 'jr_1' });
    fake.answers.set('GetJobRun', { JobRun: { Id: 'jr_1', JobName: 'etl', JobRunState: 'RUNNING' } });
    assert.deepEqual(await jobs(fake.endpoint).poll(work(resource, handle)), { running: true });
    const failedRun = { Id: 'jr_1', JobName: 'etl', JobRunState: 'FAILED', ErrorMessage: 'out of memory' };
    fake.answers.set('GetJobRun', { JobRun: failedRun });
    const failed = await jobs(fake.endpoint).poll(work(resource, handle));
    assert.ok('error' in failed, JSON.stringify(failed));
    assert.equal(failed.error, 'States.TaskFailed');
    assert.deepEqual(JSON.parse(failed.cause ?? ''), failedRun);
    assert.deepEqual(fake.calls.at(-1), { operation: 'GetJobRun', body: { JobName: 'etl', RunId: 'jr_1' } });
  });

  it('stops the run with BatchStopJobRun', async () => {
    fake.answers.set('BatchStopJobRun', { SuccessfulSubmissions: [{ JobName: 'etl', JobRunId: 'jr_1' }] });
    assert.equal(await jobs(fake.endpoint).stop(work(resource, { JobName: 'etl', JobRunId: 'jr_1' })), undefined);
    assert.deepEqual(fake.calls.at(-1), {
      operation: 'BatchStopJobRun',
      body: { JobName: 'etl', JobRunIds: ['jr_1'] },
    });
  });

  it('names a describe call the service refuses as Step Functions does', async () => {
    fake.answers.delete('GetJobRun');
    const failed = await jobs(fake.endpoint).poll(work(resource, { JobName: 'etl', JobRunId: 'jr_9' }));
    assert.ok('error' in failed, JSON.stringify(failed));
    assert.equal(failed.error, 'Glue.AWSGlueException');
    assert.match(failed.cause ?? '', /\(Service: AWSGlue; Status Code: 400; Error Code: UnknownOperationException;/);
  });
});

describe('sagemaker jobs', () => {
  const training = 'arn:aws:states:::sagemaker:createTrainingJob.sync';
  const transform = 'arn:aws:states:::sagemaker:createTransformJob.sync';

  it('createTrainingJob.sync: the name from the parameters, Completed is the output, Failed the cause', async () => {
    fake.answers.set('CreateTrainingJob', { TrainingJobArn: 'arn:aws:sagemaker:us-east-1:1:training-job/t1' });
    const { submitted, handle } = started(await startJob(fake.endpoint, training, { TrainingJobName: 't1' }));
    assert.equal(
      (submitted as { TrainingJobArn: string }).TrainingJobArn,
      'arn:aws:sagemaker:us-east-1:1:training-job/t1',
    );
    assert.deepEqual(handle, { TrainingJobName: 't1' });
    fake.answers.set('DescribeTrainingJob', { TrainingJobName: 't1', TrainingJobStatus: 'InProgress' });
    assert.deepEqual(await jobs(fake.endpoint).poll(work(training, handle)), { running: true });
    fake.answers.set('DescribeTrainingJob', { TrainingJobName: 't1', TrainingJobStatus: 'Completed' });
    assert.deepEqual(await jobs(fake.endpoint).poll(work(training, handle)), {
      output: JSON.stringify({ TrainingJobName: 't1', TrainingJobStatus: 'Completed' }),
    });
    const failedJob = { TrainingJobName: 't1', TrainingJobStatus: 'Failed', FailureReason: 'bad data' };
    fake.answers.set('DescribeTrainingJob', failedJob);
    const failed = await jobs(fake.endpoint).poll(work(training, handle));
    assert.ok('error' in failed);
    assert.deepEqual(JSON.parse(failed.cause ?? ''), failedJob);
  });

  it('a Stopped job fails the task; a stopped task stops the job by name', async () => {
    fake.answers.set('DescribeTransformJob', { TransformJobName: 'x1', TransformJobStatus: 'Stopped' });
    const failed = await jobs(fake.endpoint).poll(work(transform, { TransformJobName: 'x1' }));
    assert.ok('error' in failed && failed.error === 'States.TaskFailed', JSON.stringify(failed));
    fake.answers.set('StopTrainingJob', {});
    await jobs(fake.endpoint).stop(work(training, { TrainingJobName: 't1' }));
    assert.deepEqual(fake.calls.at(-1), { operation: 'StopTrainingJob', body: { TrainingJobName: 't1' } });
    fake.answers.set('StopTransformJob', {});
    await jobs(fake.endpoint).stop(work(transform, { TransformJobName: 'x1' }));
    assert.deepEqual(fake.calls.at(-1), { operation: 'StopTransformJob', body: { TransformJobName: 'x1' } });
  });
});

describe('batch:submitJob.sync', () => {
  const resource = 'arn:aws:states:::batch:submitJob.sync';

  it('takes the parameters in PascalCase and fails with the job, as DescribeJobs has it, as the cause (moto)', async () => {
    const batch = new BatchClient({ region, endpoint: moto.endpoint, credentials });
    await fetch(`${moto.endpoint}/moto-api/config`, { method: 'POST', body: '{"batch":{"use_docker":false}}' });
    await createRole(moto.endpoint, 'batch');
    const environment = await batch.send(
      new CreateComputeEnvironmentCommand({
        computeEnvironmentName: 'env-fail',
        type: 'UNMANAGED',
        state: 'ENABLED',
        serviceRole: 'arn:aws:iam::123456789012:role/batch',
      }),
    );
    const queue = await batch.send(
      new CreateJobQueueCommand({
        jobQueueName: 'queue-fail',
        state: 'ENABLED',
        priority: 1,
        computeEnvironmentOrder: [{ order: 1, computeEnvironment: environment.computeEnvironmentArn }],
      }),
    );
    const definition = await batch.send(
      new RegisterJobDefinitionCommand({
        jobDefinitionName: 'def-fail',
        type: 'container',
        containerProperties: { image: 'busybox', vcpus: 1, memory: 128, command: ['false'] },
      }),
    );
    batch.destroy();
    const input = {
      JobName: 'nightly',
      JobQueue: queue.jobQueueArn ?? '',
      JobDefinition: definition.jobDefinitionArn ?? '',
      Parameters: { inputKey: 's3://in' },
    };
    const { submitted, handle } = started(await startJob(moto.endpoint, resource, input));
    const jobId = (submitted as { JobId: string }).JobId;
    assert.deepEqual(handle, { JobId: jobId });
    const failed = await jobs(moto.endpoint).poll(work(resource, handle));
    assert.ok('error' in failed, JSON.stringify(failed));
    assert.equal(failed.error, 'States.TaskFailed');
    const job = JSON.parse(failed.cause ?? '') as Record<string, JsonValue>;
    assert.equal(job.Status, 'FAILED');
    assert.equal(job.JobId, jobId);
    assert.deepEqual(job.Parameters, { inputKey: 's3://in' }, "the user's keys are kept as written");
  });

  it("capitalises Batch's members at every depth and leaves the keys of maps (options, limits, tags) as written", async () => {
    const job = {
      jobId: 'j-2',
      status: 'SUCCEEDED',
      createdAt: 1764979200000,
      parameters: { inputKey: 's3://in' },
      tags: { team: 'ml' },
      container: {
        exitCode: 0,
        environment: [{ name: 'STAGE', value: 'prod' }],
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'jobs' } },
      },
      eksProperties: {
        podProperties: {
          metadata: { labels: { 'app.kubernetes.io/name': 'score' } },
          containers: [{ name: 'main', resources: { limits: { cpu: '1', 'nvidia.com/gpu': '1' } } }],
        },
      },
      attempts: [{ container: { exitCode: 0, logStreamName: 'score/1' }, startedAt: 1764979201000 }],
    };
    fake.answers.set('/v1/describejobs', { jobs: [job] });
    const done = await jobs(fake.endpoint).poll(work(resource, { JobId: 'j-2' }));
    assert.ok('output' in done, JSON.stringify(done));
    assert.deepEqual(JSON.parse(done.output), {
      JobId: 'j-2',
      Status: 'SUCCEEDED',
      CreatedAt: 1764979200000,
      Parameters: { inputKey: 's3://in' },
      Tags: { team: 'ml' },
      Container: {
        ExitCode: 0,
        Environment: [{ Name: 'STAGE', Value: 'prod' }],
        LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': 'jobs' } },
      },
      EksProperties: {
        PodProperties: {
          Metadata: { Labels: { 'app.kubernetes.io/name': 'score' } },
          Containers: [{ Name: 'main', Resources: { Limits: { cpu: '1', 'nvidia.com/gpu': '1' } } }],
        },
      },
      Attempts: [{ Container: { ExitCode: 0, LogStreamName: 'score/1' }, StartedAt: 1764979201000 }],
    });
  });

  it('terminates the job by id when the task is cancelled', async () => {
    fake.answers.set('/v1/terminatejob', {});
    await jobs(fake.endpoint).stop(work(resource, { JobId: 'j-1' }));
    assert.deepEqual(fake.calls.at(-1), {
      operation: '/v1/terminatejob',
      body: { jobId: 'j-1', reason: 'Terminated by Step Functions' },
    });
  });
});

/** IAM's CreateRole as a plain query request (moto reads the service from the credential scope). */
async function createRole(endpoint: string, name: string): Promise<void> {
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: name,
    AssumeRolePolicyDocument: '{}',
  });
  const scope = 'Credential=test/20261205/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0';
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `AWS4-HMAC-SHA256 ${scope}` },
    body,
  });
  assert.ok(response.ok, await response.text());
}
