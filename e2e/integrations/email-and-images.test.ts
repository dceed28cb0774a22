// Black box: the seeds' image moderation and metadata services through `aws-sdk:sesv2` and `aws-sdk:rekognition`
// tasks of the real `stepwise serve --aws-endpoint` against moto_server, driven by the AWS SDK (CreateStateMachine,
// StartExecution). The clients are the server's own dependencies; moto models SES v2's SendEmail (an unverified
// sender is rejected) and Rekognition's DetectLabels and DetectText with canned answers.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { MotoServer } from 'stepwise/testing';
import type { ServerProcess } from '../api/server-process.ts';
import { Teardown } from '../api/teardown.ts';
import { serveOnMoto, sfnOf, startMoto } from './moto-clients.ts';
import { runMachine as run } from './run-machine.ts';

const owned = new Teardown();
let moto: MotoServer;
let server: ServerProcess;
let sfn: SFNClient;

before(async () => {
  moto = await startMoto(owned);
  server = await serveOnMoto(owned, moto.endpoint);
  sfn = sfnOf(owned, server.url);
});

after(() => owned.run());

/** The output of the first TaskSucceeded event of `resource`'s type, parsed. */
function taskOutput(events: HistoryEvent[], resource: string): Record<string, unknown> {
  const succeeded = events.find(
    (event) => event.type === 'TaskSucceeded' && event.taskSucceededEventDetails?.resource === resource,
  );
  assert.ok(succeeded, `no TaskSucceeded for ${resource}`);
  return JSON.parse(succeeded.taskSucceededEventDetails?.output ?? '{}') as Record<string, unknown>;
}

/** A SendEmail task from `sender` to `user@example.com`. */
function sendEmail(sender: string, next?: string): object {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::aws-sdk:sesv2:sendEmail',
    Parameters: {
      FromEmailAddress: sender,
      Destination: { ToAddresses: ['user@example.com'] },
      Content: { Simple: { Subject: { Data: 'Your image' }, Body: { Text: { Data: 'It was not published.' } } } },
    },
    ResultPath: '$.email',
    ...(next === undefined ? { End: true } : { Next: next }),
  };
}

it('sesv2 sendEmail sends from a verified identity and returns the MessageId', async () => {
  const definition = {
    StartAt: 'Verify',
    States: {
      Verify: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:sesv2:createEmailIdentity',
        Parameters: { EmailIdentity: 'moderation@example.com' },
        ResultPath: null,
        Next: 'Send',
      },
      Send: sendEmail('moderation@example.com'),
    },
  };
  const { described, events } = await run(sfn, 'email-verified', definition, {});
  assert.equal(described.status, 'SUCCEEDED', described.cause);
  const output = JSON.parse(described.output ?? '{}') as { email: { MessageId?: unknown } };
  assert.equal(typeof output.email.MessageId, 'string');
  assert.ok(taskOutput(events, 'sendEmail').MessageId, 'the task event carries the MessageId');
  const scheduled = events.find((event) => event.type === 'TaskScheduled' && event.taskScheduledEventDetails);
  assert.equal(scheduled?.taskScheduledEventDetails?.resourceType, 'aws-sdk:sesv2');
});

it("sesv2 sendEmail from an unverified sender fails with SES v2's exception, named as the Java SDK v2 names it", async () => {
  const definition = { StartAt: 'Send', States: { Send: sendEmail('nobody@example.org') } };
  const { described } = await run(sfn, 'email-unverified', definition, {});
  assert.equal(described.status, 'FAILED');
  assert.equal(described.error, 'SesV2.MessageRejectedException');
  assert.match(described.cause ?? '', /nobody@example\.org .*\(Service: SesV2, Status Code: 400, Request ID: \S+\)$/);
});

it('rekognition detectLabels and detectText analyse an S3 image and return the service response', async () => {
  const image = { S3Object: { Bucket: 'uploads', Name: 'cat.jpg' } };
  const definition = {
    StartAt: 'Labels',
    States: {
      Labels: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:rekognition:detectLabels',
        Parameters: { Image: image, MaxLabels: 10 },
        ResultSelector: { 'names.$': '$.Labels[*].Name' },
        ResultPath: '$.labels',
        Next: 'Text',
      },
      Text: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:rekognition:detectText',
        Parameters: { Image: image },
        ResultPath: '$.text',
        End: true,
      },
    },
  };
  const { described, events } = await run(sfn, 'image-analysis', definition, {});
  assert.equal(described.status, 'SUCCEEDED', described.cause);
  const output = JSON.parse(described.output ?? '{}') as {
    labels: { names: string[] };
    text: { TextDetections: { DetectedText: string }[] };
  };
  assert.ok(output.labels.names.length > 0, 'moto answers with labels');
  assert.ok(output.labels.names.every((name) => typeof name === 'string'));
  assert.ok(output.text.TextDetections.length > 0, 'moto answers with text detections');
  assert.equal(typeof taskOutput(events, 'detectText').TextModelVersion, 'string');
});

it('a Rekognition call the service refuses fails the task with a Rekognition error, caught like any other', async () => {
  const definition = {
    StartAt: 'Moderate',
    States: {
      Moderate: {
        Type: 'Task',
        // moto does not model DetectModerationLabels: it answers with an error, as a refusing service would.
        Resource: 'arn:aws:states:::aws-sdk:rekognition:detectModerationLabels',
        Parameters: { Image: { S3Object: { Bucket: 'uploads', Name: 'cat.jpg' } } },
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  };
  const { described } = await run(sfn, 'image-moderation', definition, {});
  assert.equal(described.status, 'SUCCEEDED', described.cause);
  const { failure } = JSON.parse(described.output ?? '{}') as { failure: { Error: string; Cause: string } };
  assert.match(failure.Error, /^Rekognition\./);
  assert.match(failure.Cause, /\(Service: Rekognition, Status Code: \d+, Request ID: /);
});
