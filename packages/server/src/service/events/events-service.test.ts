// The EventBridge service over a real in-memory store and the Step Functions service: rules and targets as
// AWS answers them, PutEvents committing deliveries, the worker starting executions with the target's input,
// retries, drops and the crash between a start and the delivery's removal.

import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { pino } from 'pino';
import { sqliteTriggerStore } from '../../store/sqlite/sqlite-store.ts';
import type { DeliveryRecord, TriggerStore } from '../../store/trigger-store.ts';
import { ApiError } from '../errors.ts';
import { passDefinition, testRoleArn, testService, type TestService } from '../test-support.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import { createEventsService, startDelivery, type EventsApi } from './events-service.ts';

const log = pino({ level: 'silent' });
let sfn: TestService;
let triggers: TriggerStore;
let events: EventsApi;
let machine: string;
let now: number;
let ids: number;

function worker(start = startDelivery(sfn.api, { requestId: 't' })): DeliveryWorker {
  return new DeliveryWorker({ triggers, start, now: () => now, owner: 'w1', log });
}

beforeEach(async () => {
  sfn = testService();
  triggers = sqliteTriggerStore(sfn.store);
  now = 1_700_000_000_000;
  ids = 0;
  events = createEventsService({
    triggers,
    region: 'us-east-1',
    accountId: '123456789012',
    now: () => now,
    uuid: () => `e-${String(++ids)}`,
    deliveriesAdded: () => undefined,
  });
  machine = String(
    (await sfn.call('CreateStateMachine', { name: 'sm', definition: passDefinition, roleArn: testRoleArn }))
      .stateMachineArn,
  );
});

async function rejects(promise: Promise<unknown>, type: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.type, type, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

async function rule(name: string, pattern: object, target: Record<string, unknown> = {}): Promise<void> {
  await events.call('PutRule', { Name: name, EventPattern: JSON.stringify(pattern) });
  const put = await events.call('PutTargets', {
    Rule: name,
    Targets: [{ Id: 't1', Arn: machine, RoleArn: testRoleArn, ...target }],
  });
  assert.deepEqual(put, { FailedEntryCount: 0, FailedEntries: [] });
}

function putEvent(detail: object, source = 'app.orders', type = 'Order Placed') {
  return events.call('PutEvents', {
    Entries: [{ Source: source, DetailType: type, Detail: JSON.stringify(detail) }],
  }) as Promise<{ FailedEntryCount: number; Entries: { EventId?: string }[] }>;
}

async function inputs(): Promise<unknown[]> {
  const list = await sfn.call('ListExecutions', { stateMachineArn: machine });
  const arns = (list.executions as { executionArn: string }[]).map((e) => e.executionArn);
  const described = await Promise.all(arns.map((arn) => sfn.call('DescribeExecution', { executionArn: arn })));
  return described.map((d) => JSON.parse(String(d.input)) as unknown);
}

describe('EventBridge rules and targets', () => {
  it('PutRule, DescribeRule, ListRules, Disable/Enable and DeleteRule', async () => {
    const { RuleArn } = (await events.call('PutRule', {
      Name: 'r1',
      EventPattern: '{"source":["a"]}',
      Description: 'd',
    })) as { RuleArn: string };
    assert.equal(RuleArn, 'arn:aws:events:us-east-1:123456789012:rule/r1');
    await events.call('DisableRule', { Name: 'r1' });
    assert.deepEqual(await events.call('DescribeRule', { Name: 'r1' }), {
      Name: 'r1',
      Arn: RuleArn,
      EventBusName: 'default',
      State: 'DISABLED',
      EventPattern: '{"source":["a"]}',
      Description: 'd',
    });
    await events.call('EnableRule', { Name: 'r1' });
    const listed = (await events.call('ListRules', { NamePrefix: 'r' })) as { Rules: { State: string }[] };
    assert.deepEqual(
      listed.Rules.map((r) => r.State),
      ['ENABLED'],
    );
    await events.call('PutTargets', { Rule: 'r1', Targets: [{ Id: 'x', Arn: machine, RoleArn: testRoleArn }] });
    await rejects(events.call('DeleteRule', { Name: 'r1' }), 'ValidationException', /has targets/);
    await events.call('DeleteRule', { Name: 'r1', Force: true });
    await rejects(
      events.call('DescribeRule', { Name: 'r1' }),
      'ResourceNotFoundException',
      /^Rule r1 does not exist on EventBus default\.$/,
    );
  });

  it('ListTargetsByRule pages with Limit and NextToken', async () => {
    await events.call('PutRule', { Name: 'fan', EventPattern: '{"source":["a"]}' });
    const targets = ['t1', 't2', 't3'].map((Id) => ({ Id, Arn: machine, RoleArn: testRoleArn }));
    await events.call('PutTargets', { Rule: 'fan', Targets: targets });
    type Listed = { Targets: { Id: string }[]; NextToken?: string };
    const first = (await events.call('ListTargetsByRule', { Rule: 'fan', Limit: 2 })) as Listed;
    assert.deepEqual(
      first.Targets.map((t) => t.Id),
      ['t1', 't2'],
    );
    assert.equal(typeof first.NextToken, 'string');
    const rest = { Rule: 'fan', Limit: 2, NextToken: first.NextToken };
    const second = (await events.call('ListTargetsByRule', rest)) as Listed;
    assert.deepEqual(
      second.Targets.map((t) => t.Id),
      ['t3'],
    );
    assert.equal(second.NextToken, undefined);
    const all = (await events.call('ListTargetsByRule', { Rule: 'fan' })) as Listed;
    assert.equal(all.Targets.length, 3);
    await rejects(events.call('ListTargetsByRule', { Rule: 'fan', Limit: 0 }), 'ValidationException');
    await rejects(events.call('ListTargetsByRule', { Rule: 'fan', NextToken: 'x' }), 'ValidationException');
  });

  it('refuses bad patterns, missing members and unknown buses as AWS does', async () => {
    await rejects(
      events.call('PutRule', { Name: 'r', EventPattern: '{"source":"a"}' }),
      'InvalidEventPatternException',
      /^Event pattern is not valid\. Reason: "source" must be an object or an array$/,
    );
    await rejects(events.call('PutRule', { Name: 'r' }), 'ValidationException', /EventPattern or ScheduleExpression/);
    await rejects(events.call('PutRule', { EventPattern: '{}' }), 'ValidationException', /'name'.*must not be null/);
    await rejects(
      events.call('PutRule', { Name: 'r', EventPattern: '{"a":[1]}', EventBusName: 'nope' }),
      'ResourceNotFoundException',
    );
    await rejects(events.call('PutTargets', { Rule: 'missing', Targets: [] }), 'ResourceNotFoundException');
    await rejects(events.call('PutEvents', { Entries: [] }), 'ValidationException', /greater than or equal to 1$/);
    // 256 KiB in all, counted as AWS does: Source, DetailType, Detail and Resources in UTF-8, Time as 14 bytes.
    const detail = (bytes: number) => `{"a":"${'é'.repeat((bytes - 8) / 2)}"}`;
    const entry = { Source: 'ab', DetailType: 'cd', Resources: ['ef'], Time: 1_700_000_000 };
    const fits = [
      { ...entry, Detail: detail(128 * 1024 - 20) },
      { ...entry, Detail: detail(128 * 1024 - 20) },
    ];
    assert.equal(
      ((await events.call('PutEvents', { Entries: fits })) as { FailedEntryCount: number }).FailedEntryCount,
      0,
    );
    const over = [fits[0], { ...entry, Detail: detail(128 * 1024 - 18) }];
    await rejects(
      events.call('PutEvents', { Entries: over }),
      'ValidationException',
      /^Total size of the entries in the request is over the limit\.$/,
    );
    for (const [Limit, reason] of [
      [0, /greater than or equal to 1$/],
      [101, /less than or equal to 100$/],
      [2.5, /must be an integer$/],
      ['10', /must be an integer$/],
    ] as const) {
      await rejects(events.call('ListRules', { Limit }), 'ValidationException', reason);
    }
  });

  it('custom buses: create, describe, list, rules on them, delete', async () => {
    const created = await events.call('CreateEventBus', { Name: 'orders' });
    assert.deepEqual(created, { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/orders' });
    await rejects(events.call('CreateEventBus', { Name: 'orders' }), 'ResourceAlreadyExistsException');
    const listed = (await events.call('ListEventBuses', {})) as { EventBuses: { Name: string }[] };
    assert.deepEqual(
      listed.EventBuses.map((b) => b.Name),
      ['default', 'orders'],
    );
    const { RuleArn } = (await events.call('PutRule', {
      Name: 'r',
      EventBusName: 'orders',
      EventPattern: '{"source":["a"]}',
    })) as { RuleArn: string };
    assert.equal(RuleArn, 'arn:aws:events:us-east-1:123456789012:rule/orders/r');
    await events.call('DeleteEventBus', { Name: 'orders' });
    await rejects(events.call('DescribeEventBus', { Name: 'orders' }), 'ResourceNotFoundException');
  });

  it('a target that is not a state machine, or has no role, is a failed entry', async () => {
    await events.call('PutRule', { Name: 'r', EventPattern: '{"source":["a"]}' });
    const put = (await events.call('PutTargets', {
      Rule: 'r',
      Targets: [
        { Id: 'q', Arn: 'arn:aws:sqs:us-east-1:123456789012:q' },
        { Id: 'norole', Arn: machine },
      ],
    })) as { FailedEntryCount: number; FailedEntries: { TargetId: string }[] };
    assert.equal(put.FailedEntryCount, 2);
    assert.deepEqual(
      put.FailedEntries.map((e) => e.TargetId),
      ['q', 'norole'],
    );
    await rejects(
      events.call('PutTargets', { Rule: 'r', Targets: [{ Id: 'i', Arn: machine, Input: '{nope' }] }),
      'ValidationException',
      /not valid JSON/,
    );
  });

  it('TestEventPattern', async () => {
    const event = { id: '1', account: '1', source: 'a', time: 't', region: 'r', 'detail-type': 'x', detail: { n: 5 } };
    const test = (pattern: object) =>
      events.call('TestEventPattern', { EventPattern: JSON.stringify(pattern), Event: JSON.stringify(event) });
    assert.deepEqual(await test({ detail: { n: [{ numeric: ['>', 1] }] } }), { Result: true });
    assert.deepEqual(await test({ source: ['b'] }), { Result: false });
    await rejects(
      events.call('TestEventPattern', { EventPattern: '{"a":[1]}', Event: '{"a":1}' }),
      'ValidationException',
    );
  });
});

describe('PutEvents and delivery', () => {
  it('starts one execution per matching target, with the whole event as input', async () => {
    await rule('placed', { source: ['app.orders'], detail: { total: [{ numeric: ['>=', 100] }] } });
    const put = await putEvent({ total: 120 });
    assert.deepEqual(put, { FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    await putEvent({ total: 5 });
    await worker().drain();
    assert.deepEqual(await inputs(), [
      {
        version: '0',
        id: 'e-1',
        'detail-type': 'Order Placed',
        source: 'app.orders',
        account: '123456789012',
        time: '2023-11-14T22:13:20Z',
        region: 'us-east-1',
        resources: [],
        detail: { total: 120 },
      },
    ]);
    const log = await triggers.listDeliveryLog(undefined, { limit: 10 });
    assert.equal(log.items.length, 1);
    assert.equal(log.items[0]?.outcome, 'STARTED');
    assert.match(String(log.items.at(0)?.executionArn), /:execution:sm:e-2$/);
  });

  it('Input, InputPath and InputTransformer with AWS quoting', async () => {
    await rule('constant', { source: ['app.orders'] }, { Input: '{"fixed":true}' });
    await events.call('PutRule', { Name: 'path', EventPattern: '{"source":["app.orders"]}' });
    await events.call('PutTargets', {
      Rule: 'path',
      Targets: [
        { Id: 'p', Arn: machine, RoleArn: testRoleArn, InputPath: '$.detail.order' },
        {
          Id: 't',
          Arn: machine,
          RoleArn: testRoleArn,
          InputTransformer: {
            InputPathsMap: { id: '$.detail.order.id', items: '$.detail.order.items', none: '$.detail.missing' },
            InputTemplate:
              '{"text": "order <id> by <aws.events.rule-name>", "id": <id>, "items": <items>, "none": <none>}',
          },
        },
      ],
    });
    await putEvent({ order: { id: 'o-1', items: [1, 2] } });
    await worker().drain();
    const got = await inputs();
    assert.equal(got.length, 3);
    assert.deepEqual(
      new Set(got.map((g) => JSON.stringify(g))),
      new Set([
        '{"fixed":true}',
        '{"id":"o-1","items":[1,2]}',
        '{"text":"order o-1 by path","id":"o-1","items":[1,2],"none":null}',
      ]),
    );
  });

  it('PutEvents answers failed entries for bad entries and keeps the good ones', async () => {
    await rule('any', { source: ['app.orders'] });
    const put = await events.call('PutEvents', {
      Entries: [
        { Source: 'app.orders', DetailType: 'x', Detail: '{"a":1}' },
        { Source: 'app.orders', DetailType: 'x', Detail: 'not json' },
        { DetailType: 'x', Detail: '{}' },
        { Source: 'app.orders', DetailType: 'x', Detail: '{}', EventBusName: 'nope' },
      ],
    });
    assert.deepEqual(put, {
      FailedEntryCount: 3,
      Entries: [
        { EventId: 'e-1' },
        { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
        {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
        },
        { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus nope does not exist.' },
      ],
    });
  });

  it('a disabled rule does not match', async () => {
    await rule('r', { source: ['app.orders'] });
    await events.call('DisableRule', { Name: 'r' });
    await putEvent({});
    await worker().drain();
    assert.deepEqual(await inputs(), []);
  });

  it('a start that failed for a passing reason is retried with backoff, then succeeds', async () => {
    await rule('r', { source: ['app.orders'] });
    await putEvent({});
    let calls = 0;
    const real = startDelivery(sfn.api, { requestId: 't' });
    const flaky = (delivery: DeliveryRecord) =>
      ++calls === 1 ? Promise.reject(new Error('store busy')) : real(delivery);
    await worker(flaky).drain();
    assert.deepEqual(await inputs(), []);
    assert.equal(await triggers.nextDeliveryTime(), now + 1000);
    now += 1000;
    await worker(flaky).drain();
    assert.equal((await inputs()).length, 1);
    assert.equal((await triggers.listDeliveryLog(undefined, { limit: 1 })).items[0]?.attempts, 2);
  });

  it('retries wait from 1 s, doubling, at most 5 minutes', async () => {
    await rule('r', { source: ['app.orders'] });
    await putEvent({});
    const failing = () => Promise.reject(new Error('store busy'));
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 11; attempt++) {
      await worker(failing).drain();
      const next = (await triggers.nextDeliveryTime()) ?? Number.NaN;
      waits.push((next - now) / 1000);
      now = next;
    }
    assert.deepEqual(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
  });

  it('a start AWS refuses is not retried: dropped and logged with the reason', async () => {
    await rule('r', { source: ['app.orders'] });
    await sfn.call('DeleteStateMachine', { stateMachineArn: machine });
    await putEvent({});
    await worker().drain();
    const entry = (await triggers.listDeliveryLog(undefined, { limit: 1 })).items.at(0);
    assert.equal(entry?.outcome, 'DROPPED');
    assert.match(entry.error ?? 'none', /^StateMachineDoesNotExist/);
    assert.equal(await triggers.nextDeliveryTime(), undefined);
  });

  it('a crash after the start and before the delivery was removed starts nothing twice', async () => {
    await rule('r', { source: ['app.orders'] });
    await putEvent({});
    const real = startDelivery(sfn.api, { requestId: 't' });
    // The first worker starts the execution, then "dies" before finishing the delivery.
    const dying = async (delivery: DeliveryRecord) => {
      await real(delivery);
      throw new Error('killed');
    };
    await new DeliveryWorker({ triggers, start: dying, now: () => now, owner: 'dead', log, leaseMillis: 5000 }).drain();
    assert.equal((await inputs()).length, 1);
    now += 5000;
    await worker().drain();
    assert.equal((await inputs()).length, 1);
    const entry = (await triggers.listDeliveryLog(undefined, { limit: 1 })).items[0];
    assert.equal(entry?.outcome, 'STARTED');
  });
});
