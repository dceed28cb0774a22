// Schedules on a virtual clock: created as AWS checks them, fired once per due time (also with two schedulers on
// one store), their executions started by the delivery worker, deleted after the last fire when asked, and
// fires missed while no server ran collapsed into one.

import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { pino } from 'pino';
import { sqliteTriggerStore } from '../../store/sqlite/sqlite-store.ts';
import type { TriggerStore } from '../../store/trigger-store.ts';
import { ApiError } from '../errors.ts';
import { DeliveryWorker } from '../events/delivery-worker.ts';
import type { EventsDeps } from '../events/events-context.ts';
import { createEventsService, startDelivery } from '../events/events-service.ts';
import { passDefinition, testRoleArn, testService, type TestService } from '../test-support.ts';
import { ScheduledRules } from './scheduled-rules.ts';
import { fireDueSchedules } from './scheduler.ts';
import { scheduleHandlers, type ScheduleHandler } from './schedules-service.ts';

const log = pino({ level: 'silent' });
let sfn: TestService;
let triggers: TriggerStore;
let handlers: Record<string, ScheduleHandler>;
let deps: EventsDeps;
let machine: string;
let now: number;

beforeEach(async () => {
  sfn = testService();
  triggers = sqliteTriggerStore(sfn.store);
  now = Date.parse('2026-12-05T07:58:00Z');
  let ids = 0;
  deps = {
    triggers,
    region: 'us-east-1',
    accountId: '123456789012',
    now: () => now,
    uuid: () => `f-${String(++ids)}`,
    deliveriesAdded: () => undefined,
  };
  handlers = scheduleHandlers(deps);
  machine = String(
    (await sfn.call('CreateStateMachine', { name: 'sm', definition: passDefinition, roleArn: testRoleArn }))
      .stateMachineArn,
  );
});

const target = () => ({ Arn: machine, RoleArn: testRoleArn, Input: '{"report":"daily"}' });

async function create(name: string, request: Record<string, unknown>): Promise<void> {
  await handlers.CreateSchedule?.({ Name: name, FlexibleTimeWindow: { Mode: 'OFF' }, Target: target(), ...request });
}

async function tick(): Promise<number> {
  const fired = await fireDueSchedules({ deps, log });
  await new DeliveryWorker({
    triggers,
    start: startDelivery(sfn.api, { requestId: 't' }),
    now: () => now,
    owner: 'w',
    log,
  }).drain();
  return fired;
}

async function executions(): Promise<number> {
  const list = await sfn.call('ListExecutions', { stateMachineArn: machine });
  return (list.executions as unknown[]).length;
}

describe('schedules', () => {
  it('a cron schedule at 8 am in its time zone fires once per day, with its input', async () => {
    await create('daily', { ScheduleExpression: 'cron(0 9 * * ? *)', ScheduleExpressionTimezone: 'Europe/Paris' });
    assert.equal(await tick(), 0);
    now = Date.parse('2026-12-05T08:00:00Z');
    assert.equal(await tick(), 1);
    assert.equal(await tick(), 0);
    assert.equal(await executions(), 1);
    const list = await sfn.call('ListExecutions', { stateMachineArn: machine });
    const arn = (list.executions as { executionArn: string }[])[0]?.executionArn ?? '';
    assert.equal((await sfn.call('DescribeExecution', { executionArn: arn })).input, '{"report":"daily"}');
    now = Date.parse('2026-12-06T08:00:30Z');
    assert.equal(await tick(), 1);
    assert.equal(await executions(), 2);
  });

  it('two schedulers on one store fire a due time once', async () => {
    await create('r', { ScheduleExpression: 'rate(1 minute)' });
    now += 60_000;
    const [a, b] = await Promise.all([fireDueSchedules({ deps, log }), fireDueSchedules({ deps, log })]);
    assert.equal(a + b, 1);
  });

  it('at() with ActionAfterCompletion DELETE fires once and is deleted', async () => {
    await create('once', { ScheduleExpression: 'at(2026-12-05T08:30:00)', ActionAfterCompletion: 'DELETE' });
    now = Date.parse('2026-12-05T08:30:00Z');
    assert.equal(await tick(), 1);
    await assert.rejects(handlers.GetSchedule?.({ Name: 'once' }) ?? Promise.resolve(), (error: unknown) => {
      return error instanceof ApiError && error.type === 'ResourceNotFoundException';
    });
    assert.equal(await executions(), 1);
  });

  it('fires missed while no server ran collapse into one, then the schedule goes on from the present', async () => {
    await create('r', { ScheduleExpression: 'rate(5 minutes)' });
    now += 60 * 60_000;
    assert.equal(await tick(), 1);
    assert.equal(await tick(), 0);
    now += 5 * 60_000;
    assert.equal(await tick(), 1);
  });

  it('a disabled schedule and one past its EndDate do not fire', async () => {
    await create('off', { ScheduleExpression: 'rate(1 minute)', State: 'DISABLED' });
    await create('ended', { ScheduleExpression: 'rate(1 minute)', EndDate: (now + 90_000) / 1000 });
    now += 10 * 60_000;
    assert.equal(await tick(), 1);
    assert.equal(await tick(), 0);
  });

  it('Get, List, Update and Delete answer in AWS shapes; bad requests are ValidationException', async () => {
    await create('r', { ScheduleExpression: 'rate(1 hour)', Description: 'hourly' });
    const got = (await handlers.GetSchedule?.({ Name: 'r' })) as Record<string, unknown>;
    assert.equal(got.Arn, 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/r');
    assert.equal(got.CreationDate, now / 1000);
    assert.deepEqual(got.Target, target());
    await handlers.UpdateSchedule?.({
      Name: 'r',
      ScheduleExpression: 'rate(2 hours)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: target(),
    });
    const listed = (await handlers.ListSchedules?.({})) as { Schedules: { Name: string }[] };
    assert.deepEqual(
      listed.Schedules.map((s) => s.Name),
      ['r'],
    );
    for (const bad of [
      { ScheduleExpression: 'rate(0 hours)' },
      { ScheduleExpression: 'rate(1 hour)', ScheduleExpressionTimezone: 'Mars/Base' },
      {
        ScheduleExpression: 'rate(1 hour)',
        Target: { Arn: 'arn:aws:sqs:us-east-1:123456789012:q', RoleArn: testRoleArn },
      },
    ]) {
      await assert.rejects(
        create('bad', bad),
        (error: unknown) => error instanceof ApiError && error.type === 'ValidationException',
      );
    }
    await assert.rejects(
      create('r', { ScheduleExpression: 'rate(1 hour)' }),
      (error: unknown) => error instanceof ApiError && error.type === 'ConflictException',
    );
    await handlers.DeleteSchedule?.({ Name: 'r' });
  });
});

describe('rules with a ScheduleExpression', () => {
  it('fire a Scheduled Event to their targets once per due time', async () => {
    const events = createEventsService(deps);
    await events.call('PutRule', { Name: 'every5', ScheduleExpression: 'rate(5 minutes)' });
    await events.call('PutTargets', { Rule: 'every5', Targets: [{ Id: 't', Arn: machine, RoleArn: testRoleArn }] });
    const first = new ScheduledRules(deps);
    const second = new ScheduledRules(deps);
    assert.equal(await first.fireDue(), 0);
    now += 5 * 60_000;
    assert.equal((await first.fireDue()) + (await second.fireDue()), 1);
    await tick();
    const list = await sfn.call('ListExecutions', { stateMachineArn: machine });
    const arn = (list.executions as { executionArn: string }[])[0]?.executionArn ?? '';
    const input = JSON.parse(String((await sfn.call('DescribeExecution', { executionArn: arn })).input)) as Record<
      string,
      unknown
    >;
    assert.equal(input['detail-type'], 'Scheduled Event');
    assert.equal(input.time, '2026-12-05T08:03:00Z');
    assert.deepEqual(input.resources, ['arn:aws:events:us-east-1:123456789012:rule/every5']);
  });
});
