// Black box: what ECS and CodeBuild `.sync` tasks of the real `stepwise serve --aws-endpoint` record, against
// AWS's recording of `ecs:runTask.sync` (LocalStack's AWS-validated snapshot, February 2024): the scheduled
// parameters gain `StartedBy: "AWS Step Functions"`; TaskSubmitted is RunTask's response in PascalCase with
// the SDK metadata (JSON 1.1, four headers); TaskSucceeded is the task as DescribeTasks describes it, in
// PascalCase, without metadata. ECS runs on moto; CodeBuild on a local fake (moto answers StartBuild with
// what the JavaScript SDK cannot parse), reached through `--aws-endpoint MOTO,codebuild=FAKE`.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { CreateClusterCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { MotoServer } from 'stepwise/testing';
import type { ServerProcess } from '../api/server-process.ts';
import { Teardown } from '../api/teardown.ts';
import { owned as destroyed, motoConfig, serveOnMoto, sfnOf, startMoto } from './moto-clients.ts';
import { lowerKeys } from './member-case.ts';
import { runMachine as run } from './run-machine.ts';

const owned = new Teardown();
let moto: MotoServer;
let server: ServerProcess;
let sfn: SFNClient;
/** What the fake CodeBuild answers, by operation (the X-Amz-Target's action). */
const codebuildAnswers: Record<string, object> = {};

before(async () => {
  moto = await startMoto(owned);
  const codebuild = owned.add(await fakeCodeBuild(), (fake) => new Promise((resolve) => fake.close(resolve)));
  const ecs = destroyed(owned, new ECSClient(motoConfig(moto)));
  await ecs.send(new CreateClusterCommand({ clusterName: 'shapes' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'report',
      containerDefinitions: [{ name: 'main', image: 'busybox', memory: 128, essential: true }],
    }),
  );
  const codebuildUrl = `http://127.0.0.1:${(codebuild.address() as AddressInfo).port}`;
  // Job polls back off from 1 s; at a hundredth of that the test does not wait for them.
  server = await serveOnMoto(owned, `${moto.endpoint},codebuild=${codebuildUrl}`, ['--time-scale', '0.01']);
  sfn = sfnOf(owned, server.url);
});

after(() => owned.run());

async function fakeCodeBuild(): Promise<Server> {
  const fake = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(codebuildAnswers[target.split('.')[1] ?? ''] ?? {}));
    });
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  return fake;
}

function detailsOf(events: HistoryEvent[], type: 'TaskScheduled' | 'TaskSubmitted' | 'TaskSucceeded'): string {
  const event = events.find((candidate) => candidate.type === type);
  const details =
    type === 'TaskScheduled'
      ? event?.taskScheduledEventDetails?.parameters
      : type === 'TaskSubmitted'
        ? event?.taskSubmittedEventDetails?.output
        : event?.taskSucceededEventDetails?.output;
  assert.ok(details !== undefined, `no ${type}`);
  return details;
}

interface Metadata {
  SdkHttpMetadata: { AllHttpHeaders: Record<string, string[]>; HttpHeaders: Record<string, string> };
  SdkResponseMetadata: { RequestId: string };
}

it("ecs:runTask.sync records AWS's recorded shapes: StartedBy added, RunTask submitted, the task returned", async () => {
  const definition = {
    StartAt: 'Report',
    States: {
      Report: {
        Type: 'Task',
        Resource: 'arn:aws:states:::ecs:runTask.sync',
        Parameters: {
          Cluster: 'shapes',
          TaskDefinition: 'report',
          LaunchType: 'FARGATE',
          NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-1'] } },
        },
        End: true,
      },
    },
  };
  const { described, events } = await run(sfn, 'ecs-shapes', definition, {});
  assert.equal(described.status, 'SUCCEEDED', described.cause);
  const scheduled = JSON.parse(detailsOf(events, 'TaskScheduled')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(scheduled), [
    'Cluster',
    'TaskDefinition',
    'LaunchType',
    'NetworkConfiguration',
    'StartedBy',
  ]);
  assert.equal(scheduled.StartedBy, 'AWS Step Functions');

  const submitted = JSON.parse(detailsOf(events, 'TaskSubmitted')) as Metadata & {
    Tasks: { TaskArn: string; StartedBy: string }[];
    Failures: unknown[];
  };
  assert.deepEqual(submitted.Failures, []);
  const [started] = submitted.Tasks;
  assert.ok(started, 'RunTask started a task');
  assert.equal(started.StartedBy, 'AWS Step Functions');
  const headers = submitted.SdkHttpMetadata.AllHttpHeaders;
  assert.deepEqual(Object.keys(headers), ['x-amzn-RequestId', 'Content-Length', 'Date', 'Content-Type']);
  assert.equal(submitted.SdkHttpMetadata.HttpHeaders['Content-Type'], 'application/x-amz-json-1.1');
  assert.equal(submitted.SdkResponseMetadata.RequestId, headers['x-amzn-RequestId']?.[0]);

  const task = JSON.parse(detailsOf(events, 'TaskSucceeded')) as Record<string, unknown>;
  assert.equal(task.TaskArn, started.TaskArn);
  assert.equal(task.LastStatus, 'STOPPED');
  assert.equal(task.StartedBy, 'AWS Step Functions');
  assert.equal(task.SdkHttpMetadata, undefined, 'the described task carries no SDK metadata');
  assert.deepEqual(lowerKeys(task), [], 'every member is capitalised');
  assert.deepEqual(JSON.parse(described.output ?? ''), task);
});

it('codebuild:startBuild.sync records StartBuild as {"Build": …} with metadata, and returns {"Build": …} as described', async () => {
  const build = {
    id: 'site:7',
    arn: 'arn:aws:codebuild:us-east-1:123456789012:build/site:7',
    projectName: 'site',
    // JSON 1.1 sends epoch seconds; Stepwise shows a timestamp as ISO-8601 text (docs/choices.md).
    startTime: 1764979200.5,
    environment: {
      type: 'LINUX_CONTAINER',
      environmentVariables: [{ name: 'STAGE', value: 'prod', type: 'PLAINTEXT' }],
    },
  };
  codebuildAnswers.StartBuild = { build: { ...build, buildStatus: 'IN_PROGRESS' } };
  codebuildAnswers.BatchGetBuilds = {
    builds: [{ ...build, buildStatus: 'SUCCEEDED', phases: [{ phaseType: 'BUILD', phaseStatus: 'SUCCEEDED' }] }],
  };
  const definition = {
    StartAt: 'Build',
    States: {
      Build: {
        Type: 'Task',
        Resource: 'arn:aws:states:::codebuild:startBuild.sync',
        Parameters: { ProjectName: 'site' },
        End: true,
      },
    },
  };
  const { described, events } = await run(sfn, 'codebuild-shapes', definition, {});
  assert.equal(described.status, 'SUCCEEDED', described.cause);
  const submitted = JSON.parse(detailsOf(events, 'TaskSubmitted')) as Metadata & { Build: { Id: string } };
  assert.equal(submitted.Build.Id, 'site:7');
  assert.equal(submitted.SdkHttpMetadata.HttpHeaders['Content-Type'], 'application/x-amz-json-1.1');
  const output = JSON.parse(detailsOf(events, 'TaskSucceeded')) as Record<string, unknown>;
  assert.deepEqual(output, {
    Build: {
      Id: 'site:7',
      Arn: build.arn,
      ProjectName: 'site',
      StartTime: '2025-12-06T00:00:00.500Z',
      BuildStatus: 'SUCCEEDED',
      Environment: {
        Type: 'LINUX_CONTAINER',
        EnvironmentVariables: [{ Name: 'STAGE', Value: 'prod', Type: 'PLAINTEXT' }],
      },
      Phases: [{ PhaseType: 'BUILD', PhaseStatus: 'SUCCEEDED' }],
    },
  });
});
