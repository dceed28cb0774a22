// Black box: job `.sync` tasks of the real `stepwise serve --aws-endpoint` against moto_server, driven through
// the AWS SDK. The seeds' ML pipeline (Glue job → SageMaker training → model → endpoint, a Batch job beside
// them) runs to success; stopped while its Glue run is going, Stepwise sends Glue's stop call (read back from
// moto's request recording: moto does not model stopping a run), and the redriven execution succeeds.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import {
  CreateComputeEnvironmentCommand,
  BatchClient,
  CreateJobQueueCommand,
  RegisterJobDefinitionCommand,
} from '@aws-sdk/client-batch';
import { CreateJobCommand, GetJobRunCommand, GlueClient } from '@aws-sdk/client-glue';
import { DescribeEndpointCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import type { MotoServer } from 'stepwise/testing';
import type { ServerProcess } from '../api/server-process.ts';
import { Teardown } from '../api/teardown.ts';
import { owned as destroyed, motoConfig, serveOnMoto, sfnOf, startMoto } from './moto-clients.ts';
import { lowerKeys } from './member-case.ts';

const roleArn = 'arn:aws:iam::123456789012:role/e2e';

const owned = new Teardown();
let moto: MotoServer;
let server: ServerProcess;
let sfn: SFNClient;
let glue: GlueClient;
let sagemaker: SageMakerClient;
let jobQueue: string;
let jobDefinition: string;

before(async () => {
  const recordingDir = owned.add(mkdtempSync(join(tmpdir(), 'stepwise-moto-')), (dir) => {
    rmSync(dir, { recursive: true, force: true });
  });
  moto = await startMoto(owned, {
    env: { ...process.env, MOTO_ENABLE_RECORDING: 'true', MOTO_RECORDER_FILEPATH: join(recordingDir, 'requests') },
  });
  // Batch jobs without Docker: moto marks them SUCCEEDED when submitted.
  await motoApi('config', { batch: { use_docker: false } });
  const aws = motoConfig(moto);
  glue = destroyed(owned, new GlueClient(aws));
  sagemaker = destroyed(owned, new SageMakerClient(aws));
  const batch = destroyed(owned, new BatchClient(aws));
  await glue.send(
    new CreateJobCommand({
      Name: 'prepare',
      Role: roleArn,
      Command: { Name: 'glueetl', ScriptLocation: 's3://b/p.py' },
      // moto cannot stop a run: the stopped test's run goes on beside the redriven one.
      ExecutionProperty: { MaxConcurrentRuns: 2 },
    }),
  );
  await createRole('e2e');
  const environment = await batch.send(
    new CreateComputeEnvironmentCommand({
      computeEnvironmentName: 'scoring-env',
      type: 'UNMANAGED',
      state: 'ENABLED',
      serviceRole: roleArn,
    }),
  );
  const queue = await batch.send(
    new CreateJobQueueCommand({
      jobQueueName: 'scoring',
      state: 'ENABLED',
      priority: 1,
      computeEnvironmentOrder: [{ order: 1, computeEnvironment: environment.computeEnvironmentArn }],
    }),
  );
  jobQueue = queue.jobQueueArn ?? '';
  const definition = await batch.send(
    new RegisterJobDefinitionCommand({
      jobDefinitionName: 'score',
      type: 'container',
      containerProperties: { image: 'busybox', vcpus: 1, memory: 128, command: ['true'] },
    }),
  );
  jobDefinition = definition.jobDefinitionArn ?? '';
  // Job polls back off from 1 s; at a hundredth of that the test does not wait for them.
  server = await serveOnMoto(owned, moto.endpoint, ['--time-scale', '0.01']);
  sfn = sfnOf(owned, server.url);
});

after(() => owned.run());

async function motoApi(path: string, body: object): Promise<void> {
  const response = await fetch(`${moto.endpoint}/moto-api/${path}`, { method: 'POST', body: JSON.stringify(body) });
  assert.ok(response.ok, `moto-api/${path}: ${response.status}`);
}

/** IAM's CreateRole as a plain query request (moto reads the service from the credential scope, not the signature). */
async function createRole(name: string): Promise<void> {
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: name,
    AssumeRolePolicyDocument: '{}',
  });
  const scope = 'Credential=e2e/20261205/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0';
  const response = await fetch(moto.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `AWS4-HMAC-SHA256 ${scope}` },
    body,
  });
  assert.ok(response.ok, `CreateRole: ${response.status} ${await response.text()}`);
}

/** A Glue run answers GetJobRun `times` times in each state before moving on (moto's state manager). */
function glueRunsAdvanceAfter(times: number): Promise<void> {
  return motoApi('state-manager/set-transition', {
    model_name: 'glue::job_run',
    transition: { progression: 'manual', times },
  });
}

/** Seeds 001/004: prepare the data, train, register the model, deploy it; score a batch beside them. `$.name`
 * names the training job, model, endpoint configuration and endpoint. */
const pipeline = (): object => ({
  StartAt: 'Pipeline',
  States: {
    Pipeline: {
      Type: 'Parallel',
      End: true,
      Branches: [
        {
          StartAt: 'Prepare',
          States: {
            Prepare: {
              Type: 'Task',
              Resource: 'arn:aws:states:::glue:startJobRun.sync',
              Parameters: { JobName: 'prepare', 'Arguments.$': '$.arguments' },
              ResultSelector: { 'RunId.$': '$.Id', 'State.$': '$.JobRunState' },
              ResultPath: '$.prepared',
              Next: 'Train',
            },
            Train: {
              Type: 'Task',
              Resource: 'arn:aws:states:::sagemaker:createTrainingJob.sync',
              Parameters: {
                'TrainingJobName.$': '$.name',
                AlgorithmSpecification: { TrainingImage: 'xgboost', TrainingInputMode: 'File' },
                RoleArn: roleArn,
                OutputDataConfig: { S3OutputPath: 's3://models/out' },
                ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 10 },
                StoppingCondition: { MaxRuntimeInSeconds: 3600 },
              },
              ResultSelector: { 'Status.$': '$.TrainingJobStatus', 'Artifacts.$': '$.ModelArtifacts.S3ModelArtifacts' },
              ResultPath: '$.trained',
              Next: 'Model',
            },
            Model: {
              Type: 'Task',
              Resource: 'arn:aws:states:::sagemaker:createModel',
              Parameters: {
                'ModelName.$': '$.name',
                ExecutionRoleArn: roleArn,
                PrimaryContainer: { Image: 'xgboost', 'ModelDataUrl.$': '$.trained.Artifacts' },
              },
              ResultPath: '$.model',
              Next: 'Configure',
            },
            Configure: {
              Type: 'Task',
              Resource: 'arn:aws:states:::sagemaker:createEndpointConfig',
              Parameters: {
                'EndpointConfigName.$': '$.name',
                ProductionVariants: [
                  {
                    VariantName: 'main',
                    'ModelName.$': '$.name',
                    InstanceType: 'ml.m5.large',
                    InitialInstanceCount: 1,
                  },
                ],
              },
              ResultPath: '$.configured',
              Next: 'Deploy',
            },
            Deploy: {
              Type: 'Task',
              Resource: 'arn:aws:states:::sagemaker:createEndpoint',
              Parameters: { 'EndpointName.$': '$.name', 'EndpointConfigName.$': '$.name' },
              ResultSelector: { 'EndpointArn.$': '$.EndpointArn' },
              End: true,
            },
          },
        },
        {
          StartAt: 'Score',
          States: {
            Score: {
              Type: 'Task',
              Resource: 'arn:aws:states:::batch:submitJob.sync',
              Parameters: {
                JobName: 'score',
                JobQueue: jobQueue,
                JobDefinition: jobDefinition,
                Parameters: { inputKey: 's3://in' },
                Tags: { team: 'ml' },
              },
              ResultSelector: { 'Status.$': '$.Status', 'JobId.$': '$.JobId' },
              End: true,
            },
          },
        },
      ],
    },
  },
});

async function startPipeline(name: string, input: object): Promise<string> {
  const machine = await sfn.send(
    new CreateStateMachineCommand({ name, roleArn, definition: JSON.stringify(pipeline()) }),
  );
  const started = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: JSON.stringify(input) }),
  );
  return started.executionArn ?? '';
}

/** Polls DescribeExecution until `done` holds, for at most a minute. */
async function described(
  executionArn: string,
  done: (execution: DescribeExecutionCommandOutput, events: HistoryEvent[]) => boolean,
): Promise<{ execution: DescribeExecutionCommandOutput; events: HistoryEvent[] }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    const events = history.events ?? [];
    if (done(execution, events)) return { execution, events };
    assert.ok(Date.now() < deadline, `${executionArn} is still ${execution.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('runs the ML pipeline: each job task waits for its job and returns its final description', async () => {
  await glueRunsAdvanceAfter(2);
  const input = { arguments: { '--day': '2026-12-05' }, name: 'churn-1' };
  const arn = await startPipeline('ml-pipeline', input);
  const { execution, events } = await described(arn, (e) => e.status !== 'RUNNING');
  assert.equal(execution.status, 'SUCCEEDED', JSON.stringify(events.filter((e) => e.type?.endsWith('Failed'))));
  const [deployed, scored] = JSON.parse(execution.output ?? '') as [
    { EndpointArn: string },
    { Status: string; JobId: string },
  ];
  assert.match(deployed.EndpointArn, /:endpoint\/churn-1$/);
  assert.equal(scored.Status, 'SUCCEEDED');
  const endpoint = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'churn-1' }));
  assert.equal(endpoint.EndpointConfigName, 'churn-1');
  // Each job task: submitted (the start call's response), then succeeded with the job's description.
  const succeeded = events.filter((event) => event.type === 'TaskSucceeded');
  const glueRun = succeeded.find((event) => event.taskSucceededEventDetails?.resource === 'startJobRun.sync');
  const run = JSON.parse(glueRun?.taskSucceededEventDetails?.output ?? '{}') as { JobRunState: string; Id: string };
  assert.equal(run.JobRunState, 'SUCCEEDED');
  const got = await glue.send(new GetJobRunCommand({ JobName: 'prepare', RunId: run.Id }));
  assert.equal(got.JobRun?.JobRunState, 'SUCCEEDED');
  const submitted = events.filter((event) => event.type === 'TaskSubmitted').map(submittedResource);
  assert.deepEqual(submitted.sort(), ['createTrainingJob.sync', 'startJobRun.sync', 'submitJob.sync']);
  assertBatchShapes(events);
});

/** Batch's SubmitJob response and DescribeJobs job in PascalCase, as Step Functions shows them, the user's maps as written. */
function assertBatchShapes(events: HistoryEvent[]): void {
  const submittedJob = events.find((event) => submittedResource(event) === 'submitJob.sync');
  const response = JSON.parse(submittedJob?.taskSubmittedEventDetails?.output ?? '{}') as {
    JobId: string;
    JobName: string;
    SdkHttpMetadata: { HttpHeaders: Record<string, string> };
  };
  assert.equal(response.JobName, 'score');
  assert.equal(response.SdkHttpMetadata.HttpHeaders['Content-Type'], 'application/json');
  const finished = events.find(
    (event) => event.type === 'TaskSucceeded' && event.taskSucceededEventDetails?.resource === 'submitJob.sync',
  );
  const job = JSON.parse(finished?.taskSucceededEventDetails?.output ?? '{}') as Record<string, unknown>;
  assert.equal(job.JobId, response.JobId);
  assert.equal(job.Status, 'SUCCEEDED');
  assert.deepEqual(job.Parameters, { inputKey: 's3://in' });
  assert.deepEqual(job.Tags, { team: 'ml' });
  assert.deepEqual(lowerKeys(job, new Set(['Parameters', 'Tags'])), [], 'every Batch member is capitalised');
}

function submittedResource(event: HistoryEvent): string {
  return event.taskSubmittedEventDetails?.resource ?? '';
}

it('stops the running Glue run when the execution is stopped, and the redriven execution succeeds', async () => {
  // The run stays STARTING until it has been described 100,000 times: it is running when the execution stops.
  await glueRunsAdvanceAfter(100_000);
  await motoApi('recorder/start-recording', {});
  const input = { arguments: {}, name: 'churn-2' };
  const arn = await startPipeline('ml-pipeline-stopped', input);
  const { events } = await described(arn, (_, history) =>
    history.some((event) => submittedResource(event) === 'startJobRun.sync'),
  );
  const submitted = events.find((event) => submittedResource(event) === 'startJobRun.sync');
  const output = JSON.parse(submitted?.taskSubmittedEventDetails?.output ?? '{}') as { JobRunId?: string };
  const runId = output.JobRunId ?? '';
  assert.match(runId, /^jr_/, 'the run id is in TaskSubmitted');
  await sfn.send(new StopExecutionCommand({ executionArn: arn, cause: 'retrain later' }));
  const stopped = await described(arn, (e) => e.status !== 'RUNNING');
  assert.equal(stopped.execution.status, 'ABORTED');
  const stopCall = await recordedRequest('AWSGlue.BatchStopJobRun', 10_000);
  assert.deepEqual(JSON.parse(stopCall), { JobName: 'prepare', JobRunIds: [runId] });
  const running = await glue.send(new GetJobRunCommand({ JobName: 'prepare', RunId: runId }));
  assert.equal(running.JobRun?.JobRunState, 'STARTING', 'moto has no BatchStopJobRun: the run is left as it was');

  await glueRunsAdvanceAfter(2);
  await sfn.send(new RedriveExecutionCommand({ executionArn: arn }));
  const redriven = await described(arn, (e) => e.status !== 'RUNNING');
  assert.equal(redriven.execution.status, 'SUCCEEDED', redriven.execution.cause);
  assert.equal(redriven.execution.redriveCount, 1);
});

/** The body of the first request moto recorded for `target` (an X-Amz-Target), waiting up to `timeoutMs`. */
async function recordedRequest(target: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const recording = await (await fetch(`${moto.endpoint}/moto-api/recorder/download-recording`)).text();
    for (const line of recording.split('\n').filter((text) => text.trim() !== '')) {
      const request = JSON.parse(line) as { headers: Record<string, string>; body: string; body_encoded?: boolean };
      const header = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'x-amz-target');
      if (header?.[1] !== target) continue;
      return request.body_encoded === true ? Buffer.from(request.body, 'base64').toString('utf8') : request.body;
    }
    assert.ok(Date.now() < deadline, `moto received no ${target}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it("refuses .sync:2 on a job integration at CreateStateMachine with AWS's message for an unknown resource", async () => {
  const definition = {
    StartAt: 'Prepare',
    States: {
      Prepare: {
        Type: 'Task',
        Resource: 'arn:aws:states:::glue:startJobRun.sync:2',
        Parameters: { JobName: 'prepare' },
        End: true,
      },
    },
  };
  const create = new CreateStateMachineCommand({ name: 'sync-2', roleArn, definition: JSON.stringify(definition) });
  await assert.rejects(sfn.send(create), (error: Error) => {
    assert.equal(error.name, 'InvalidDefinition');
    assert.match(
      error.message,
      /The resource provided arn:aws:states:::glue:startJobRun\.sync:2 is not recognized\. .* at \/States\/Prepare\/Resource/,
    );
    return true;
  });
});
