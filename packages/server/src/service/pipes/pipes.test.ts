// Pipes over a real in-memory store and the Step Functions service: the API's answers and refusals, the SQS
// record, filters and input templates, and one poll against moto_server: the matching messages start one
// execution with the batch as an array and are deleted; a refused batch stays on the queue.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startMotoServer, type MotoServer } from '../../testing/moto-server.ts';
import { sqliteTriggerStore } from '../../store/sqlite/sqlite-store.ts';
import type { PipeRecord, TriggerStore } from '../../store/trigger-store.ts';
import { ApiError } from '../errors.ts';
import { passDefinition, testRoleArn, testService, type TestService } from '../test-support.ts';
import { compileFilters, passesFilters, recordInput, sqsRecord } from './pipe-input.ts';
import { pollPipe } from './pipe-poller.ts';
import { pipeStarter } from './pipe-target.ts';
import { pipeHandlers } from './pipes-service.ts';

const queueArn = 'arn:aws:sqs:us-east-1:123456789012:orders';
let sfn: TestService;
let triggers: TriggerStore;
let handlers: ReturnType<typeof pipeHandlers>;
let machine: string;
let express: string;
let now: number;
let changes: number;

beforeEach(async () => {
  sfn = testService();
  triggers = sqliteTriggerStore(sfn.store);
  now = 1_700_000_000_000;
  changes = 0;
  const deps = { triggers, region: 'us-east-1', accountId: '123456789012', now: () => now, uuid: () => 'u' };
  handlers = pipeHandlers({
    ...deps,
    deliveriesAdded: () => undefined,
    pipesChanged: () => {
      changes++;
    },
  });
  const create = async (name: string, type?: string) =>
    String(
      (
        await sfn.call('CreateStateMachine', {
          name,
          definition: passDefinition,
          roleArn: testRoleArn,
          ...(type === undefined ? {} : { type }),
        })
      ).stateMachineArn,
    );
  machine = await create('orders');
  express = await create('orders-express', 'EXPRESS');
});

async function rejects(promise: Promise<unknown>, type: string, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.type, type, error.message);
    assert.match(error.message, message);
    return true;
  });
}

const basePipe = () => ({ Name: 'orders', Source: queueArn, Target: machine, RoleArn: testRoleArn });

describe('the Pipes API', () => {
  it('creates, describes, lists, updates, stops, starts and deletes a pipe', async () => {
    const created = (await handlers.CreatePipe?.(basePipe())) as Record<string, unknown>;
    assert.deepEqual(created, {
      Arn: 'arn:aws:pipes:us-east-1:123456789012:pipe/orders',
      Name: 'orders',
      DesiredState: 'RUNNING',
      CurrentState: 'CREATING',
      CreationTime: now / 1000,
      LastModifiedTime: now / 1000,
    });
    const described = (await handlers.DescribePipe?.({ Name: 'orders' })) as Record<string, unknown>;
    assert.equal(described.CurrentState, 'RUNNING');
    assert.equal(described.Source, queueArn);
    const filter = { Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }] };
    now += 5000;
    const updated = (await handlers.UpdatePipe?.({
      Name: 'orders',
      RoleArn: testRoleArn,
      SourceParameters: { FilterCriteria: filter, SqsQueueParameters: { BatchSize: 5 } },
    })) as Record<string, unknown>;
    assert.equal(updated.CurrentState, 'UPDATING');
    const after = (await triggers.getPipe('orders')) as PipeRecord;
    assert.deepEqual(after.SourceParameters, { FilterCriteria: filter, SqsQueueParameters: { BatchSize: 5 } });
    assert.equal(
      ((await handlers.StopPipe?.({ Name: 'orders' })) as { CurrentState: string }).CurrentState,
      'STOPPING',
    );
    const listed = (await handlers.ListPipes?.({ DesiredState: 'STOPPED' })) as { Pipes: { Name: string }[] };
    assert.deepEqual(
      listed.Pipes.map((p) => p.Name),
      ['orders'],
    );
    assert.equal(
      ((await handlers.StartPipe?.({ Name: 'orders' })) as { DesiredState: string }).DesiredState,
      'RUNNING',
    );
    assert.equal(
      ((await handlers.DeletePipe?.({ Name: 'orders' })) as { CurrentState: string }).CurrentState,
      'DELETING',
    );
    await rejects(handlers.DescribePipe?.({ Name: 'orders' }) ?? Promise.resolve(), 'NotFoundException', /orders/);
    assert.equal(changes, 5);
  });

  it('refuses what it cannot run, naming the member', async () => {
    await handlers.CreatePipe?.(basePipe());
    await rejects(handlers.CreatePipe?.(basePipe()) ?? Promise.resolve(), 'ConflictException', /already exists/);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ Source: 'arn:aws:kinesis:us-east-1:123456789012:stream/s' }, /Source .* SQS/],
      [{ Target: 'arn:aws:lambda:us-east-1:123456789012:function:f' }, /Target .* state machines/],
      [{ RoleArn: 'role' }, /roleArn/],
      [{ SourceParameters: { FilterCriteria: { Filters: [{ Pattern: '{"a":1}' }] } } }, /Filters\[0\]/],
      [{ SourceParameters: { SqsQueueParameters: { BatchSize: 0 } } }, /BatchSize must be an integer between 1/],
      [{ TargetParameters: { InputTemplate: '{"a": <$..b>}' } }, /InputTemplate has an invalid JSON path/],
      [{ TargetParameters: { StepFunctionStateMachineParameters: { InvocationType: 'SYNC' } } }, /InvocationType/],
      [{ Enrichment: 'arn:aws:lambda:us-east-1:123456789012:function:f' }, /Enrichment/],
    ];
    for (const [change, message] of cases) {
      await rejects(
        handlers.CreatePipe?.({ ...basePipe(), Name: 'other', ...change }) ?? Promise.resolve(),
        'ValidationException',
        message,
      );
    }
  });
});

describe('records, filters and templates', () => {
  const message = { MessageId: 'm1', ReceiptHandle: 'r1', Body: '{"kind":"order","id":7}', MD5OfBody: 'x' };
  const record = sqsRecord({ ...message, Attributes: { ApproximateReceiveCount: '1' } }, queueArn, 'us-east-1');
  const context = { pipeArn: 'arn:p', pipeName: 'p', sourceArn: queueArn, targetArn: 'arn:t' };

  it('matches filters against the parsed body, and fills templates from it', () => {
    assert.equal(record.eventSource, 'aws:sqs');
    assert.equal(record.eventSourceARN, queueArn);
    assert.ok(passesFilters(compileFilters({ Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }] }), record));
    assert.ok(!passesFilters(compileFilters({ Filters: [{ Pattern: '{"body":{"kind":["refund"]}}' }] }), record));
    assert.ok(passesFilters([], record));
    const template = '{"id": <$.body.id>, "from": "<aws.pipes.pipe-name>", "msg": "<$.messageId>"}';
    assert.deepEqual(recordInput(template, record, context, 't'), { id: 7, from: 'p', msg: 'm1' });
    assert.equal(recordInput('Order <$.body.id>', record, context, 't'), 'Order 7');
    assert.deepEqual(recordInput(undefined, record, context, 't'), record);
  });
});

describe('polling a queue (moto_server)', () => {
  let moto: MotoServer;
  let sqs: SQSClient;
  let queueUrl: string;

  before(async () => {
    moto = await startMotoServer();
    sqs = new SQSClient({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
    });
  });
  after(async () => {
    sqs.destroy();
    await moto.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'orders' }))).QueueUrl ?? '';
    for (const body of ['{"kind":"order","id":1}', '{"kind":"refund","id":2}', '{"kind":"order","id":3}']) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    }
  });

  async function counts(): Promise<[number, number]> {
    const got = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const a = got.Attributes ?? {};
    return [Number(a.ApproximateNumberOfMessages), Number(a.ApproximateNumberOfMessagesNotVisible)];
  }

  async function poll(
    target: string,
    targetParameters: Record<string, unknown>,
    sqsParameters?: Record<string, unknown>,
  ): Promise<number> {
    await handlers.CreatePipe?.({
      ...basePipe(),
      Target: target,
      SourceParameters: {
        FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }] },
        ...(sqsParameters === undefined ? {} : { SqsQueueParameters: sqsParameters }),
      },
      TargetParameters: targetParameters,
    });
    const pipe = (await triggers.getPipe('orders')) as PipeRecord;
    const filters = compileFilters(pipe.SourceParameters?.FilterCriteria);
    const start = pipeStarter(sfn.api, { requestId: 't' });
    return pollPipe({ client: sqs, queueUrl, pipe, filters, start, triggers, now: () => now, waitSeconds: 0 });
  }

  it('starts one execution with the matching messages as an array, then deletes all three', async () => {
    const received = await poll(machine, {
      InputTemplate: '{"order": <$.body.id>}',
      StepFunctionStateMachineParameters: { InvocationType: 'FIRE_AND_FORGET' },
    });
    assert.equal(received, 3);
    const executions = (await sfn.call('ListExecutions', { stateMachineArn: machine })) as {
      executions: { executionArn: string }[];
    };
    assert.equal(executions.executions.length, 1);
    const arn = executions.executions[0]?.executionArn ?? '';
    const described = await sfn.call('DescribeExecution', { executionArn: arn });
    assert.deepEqual(JSON.parse(String(described.input)), [{ order: 1 }, { order: 3 }]);
    assert.deepEqual(await counts(), [0, 0]);
    const logged = await triggers.listDeliveryLog('pipe/orders', { limit: 10 });
    assert.equal(logged.items[0]?.outcome, 'STARTED');
    assert.equal(logged.items[0].executionArn, arn);
  });

  it('runs an Express machine synchronously (REQUEST_RESPONSE, the default)', async () => {
    await poll(express, {});
    assert.deepEqual(await counts(), [0, 0]);
    const logged = await triggers.listDeliveryLog('pipe/orders', { limit: 10 });
    assert.match(logged.items[0]?.executionArn ?? '', /:express:orders-express:pipe-/);
  });

  it('keeps the batch on the queue when the sync execution fails or the machine is Standard', async () => {
    sfn.runtime.syncOutcome = { status: 'FAILED', error: 'Boom', cause: 'no', startDate: 0, stopDate: 1 };
    await poll(express, {});
    assert.deepEqual(await counts(), [0, 2]);
    const logged = await triggers.listDeliveryLog('pipe/orders', { limit: 10 });
    assert.equal(logged.items[0]?.outcome, 'FAILED');
    assert.match(logged.items[0].error ?? '', /ended FAILED \(Boom: no\)/);
    await handlers.DeletePipe?.({ Name: 'orders' });
    await moto.reset();
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'orders' }))).QueueUrl ?? '';
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"kind":"order"}' }));
    await poll(machine, {});
    assert.deepEqual(await counts(), [0, 1]);
    const standard = await triggers.listDeliveryLog('pipe/orders', { limit: 1 });
    assert.match(standard.items[0]?.error ?? '', /StateMachineTypeNotSupported/);
  });

  async function startedInputs(): Promise<unknown[]> {
    const list = (await sfn.call('ListExecutions', { stateMachineArn: machine })) as {
      executions: { executionArn: string }[];
    };
    const described = list.executions.map((e) => sfn.call('DescribeExecution', { executionArn: e.executionArn }));
    return (await Promise.all(described)).map((d) => JSON.parse(String(d.input)) as unknown);
  }

  const fireAndForget = {
    InputTemplate: '<$.body.id>',
    StepFunctionStateMachineParameters: { InvocationType: 'FIRE_AND_FORGET' },
  };

  it('gathers messages sent during the batching window into one batch', { timeout: 60_000 }, async () => {
    const later = new Promise((resolve) => setTimeout(resolve, 700)).then(async () => {
      for (const id of [4, 5]) {
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `{"kind":"order","id":${id}}` }));
      }
    });
    const received = await poll(machine, fireAndForget, { BatchSize: 5, MaximumBatchingWindowInSeconds: 3 });
    await later;
    assert.equal(received, 5);
    assert.deepEqual(await startedInputs(), [[1, 3, 4, 5]]);
    assert.deepEqual(await counts(), [0, 0]);
  });

  it('starts a full batch without waiting out the window; without a window, what the queue holds', async () => {
    assert.equal(await poll(machine, fireAndForget, { BatchSize: 3, MaximumBatchingWindowInSeconds: 300 }), 3);
    await handlers.DeletePipe?.({ Name: 'orders' });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"kind":"order","id":6}' }));
    assert.equal(await poll(machine, fireAndForget, { BatchSize: 5 }), 1);
    assert.deepEqual(await startedInputs(), [[6], [1, 3]]);
  });
});
