// The contract every TriggerStore implementation passes (SQLite today; the PostgreSQL one is to register the
// same suite): rules and targets, the delivery outbox with leases, schedules fired once per due time, pipes,
// console routes and the delivery log.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeliveryRecord, RuleRecord, ScheduleRecord, TriggerStore } from './trigger-store.ts';

export interface TriggerStoreFactory {
  /** A fresh, empty database. */
  open(): Promise<{ triggers: TriggerStore; close(): Promise<void> }>;
}

const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:m';

function rule(name: string, overrides: Partial<RuleRecord> = {}): RuleRecord {
  return {
    eventBusName: 'default',
    name,
    arn: `arn:aws:events:us-east-1:123456789012:rule/${name}`,
    eventPattern: '{"source":["shop"]}',
    state: 'ENABLED',
    createdAt: 1,
    ...overrides,
  };
}

function delivery(id: string, dueAt = 100): DeliveryRecord {
  const base = { id, source: 'rule/default/r', targetId: 't', stateMachineArn: machine, input: '{}', eventId: id };
  return { ...base, attempts: 0, dueAt, createdAt: dueAt, maximumRetryAttempts: 3, maximumEventAgeSeconds: 60 };
}

function schedule(name: string, nextFire: number | undefined): ScheduleRecord {
  return {
    GroupName: 'default',
    Name: name,
    Arn: `arn:aws:scheduler:us-east-1:123456789012:schedule/default/${name}`,
    ScheduleExpression: 'rate(1 minute)',
    State: 'ENABLED',
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: { Id: 'schedule', Arn: machine },
    ActionAfterCompletion: 'NONE',
    CreationDate: 0,
    LastModificationDate: 0,
    ...(nextFire === undefined ? {} : { nextFire }),
  };
}

export function triggerStoreContract(name: string, factory: TriggerStoreFactory): void {
  const withStore = async (fn: (triggers: TriggerStore) => Promise<void>): Promise<void> => {
    const opened = await factory.open();
    try {
      await fn(opened.triggers);
    } finally {
      await opened.close();
    }
  };
  void describe(`TriggerStore contract: ${name}`, () => {
    void it('keeps rules and targets; matches only enabled pattern rules with targets; guards deletes', () =>
      withStore(async (triggers) => {
        await triggers.putRule(rule('a'));
        await triggers.putRule(rule('b', { state: 'DISABLED' }));
        await triggers.putRule(rule('c', { eventPattern: undefined, scheduleExpression: 'rate(1 hour)' }));
        for (const name of ['a', 'b', 'c']) await triggers.putTargets('default', name, [{ Id: 't', Arn: machine }]);
        const active = await triggers.activeRules('default');
        assert.deepEqual(
          active.map((r) => [r.rule.name, r.targets.length]),
          [['a', 1]],
        );
        assert.deepEqual(
          (await triggers.scheduledRules()).map((r) => r.rule.name),
          ['c'],
        );
        assert.equal(await triggers.deleteRule('default', 'a', false), 'has-targets');
        await triggers.removeTargets('default', 'a', ['t']);
        assert.equal(await triggers.deleteRule('default', 'a', false), 'deleted');
        assert.equal(await triggers.deleteRule('default', 'a', false), 'missing');
        assert.equal(await triggers.setRuleState('default', 'b', 'ENABLED'), true);
        assert.equal((await triggers.activeRules('default')).length, 1);
      }));

    void it('leases deliveries to one owner at a time, finishes them once, and logs how', () =>
      withStore(async (triggers) => {
        await triggers.addDeliveries([delivery('d1'), delivery('d2', 500)]);
        assert.equal(await triggers.nextDeliveryTime(), 100);
        const claim = { now: 200, leaseUntil: 1000, limit: 10 };
        assert.deepEqual(
          (await triggers.claimDeliveries({ ...claim, owner: 'A' })).map((d) => d.id),
          ['d1'],
        );
        assert.deepEqual(await triggers.claimDeliveries({ ...claim, owner: 'B' }), []);
        const entry = { deliveryId: 'd1', source: 'rule/default/r', targetId: 't', eventId: 'd1', time: 300 };
        assert.equal(await triggers.finishDelivery('B', { ...entry, attempts: 1, outcome: 'STARTED' }), false);
        assert.equal(await triggers.finishDelivery('A', { ...entry, attempts: 1, outcome: 'STARTED' }), true);
        assert.equal(await triggers.finishDelivery('A', { ...entry, attempts: 1, outcome: 'STARTED' }), false);
        const late = await triggers.claimDeliveries({ owner: 'B', now: 600, leaseUntil: 700, limit: 10 });
        assert.deepEqual(
          late.map((d) => d.id),
          ['d2'],
        );
        await triggers.retryDelivery('B', 'd2', 1, 5000, 'Boom');
        assert.equal(await triggers.nextDeliveryTime(), 5000);
        const retried = await triggers.claimDeliveries({ owner: 'A', now: 5000, leaseUntil: 6000, limit: 10 });
        assert.equal(retried[0]?.attempts, 1);
        const log = await triggers.listDeliveryLog(undefined, { limit: 10 });
        assert.deepEqual(
          log.items.map((e) => [e.deliveryId, e.outcome]),
          [['d1', 'STARTED']],
        );
      }));

    void it('writes a fire key once: a repeated fire adds nothing', () =>
      withStore(async (triggers) => {
        assert.equal(await triggers.addDeliveries([delivery('f1')], 'rule/x/1'), true);
        assert.equal(await triggers.addDeliveries([delivery('f2')], 'rule/x/1'), false);
        const claimed = await triggers.claimDeliveries({ owner: 'A', now: 200, leaseUntil: 300, limit: 10 });
        assert.deepEqual(
          claimed.map((d) => d.id),
          ['f1'],
        );
      }));

    void it('fires a schedule once per due time, moving it to its next one or deleting it', () =>
      withStore(async (triggers) => {
        assert.equal(await triggers.putSchedule(schedule('s', 1000), false), true);
        assert.equal(await triggers.putSchedule(schedule('s', 1000), false), false);
        await triggers.putSchedule(schedule('later', 9000), false);
        assert.deepEqual(
          (await triggers.dueSchedules(1500, 10)).map((s) => s.Name),
          ['s'],
        );
        const fire = { group: 'default', name: 's', due: 1000, next: 2000, deleteSchedule: false };
        assert.equal(await triggers.fireSchedule({ ...fire, deliveries: [delivery('s1')] }), true);
        assert.equal(await triggers.fireSchedule({ ...fire, deliveries: [delivery('s2')] }), false);
        assert.equal((await triggers.getSchedule('default', 's'))?.nextFire, 2000);
        assert.equal(await triggers.nextScheduleTime(), 2000);
        const last = { group: 'default', name: 's', due: 2000, next: undefined, deleteSchedule: true };
        assert.equal(await triggers.fireSchedule({ ...last, deliveries: [] }), true);
        assert.equal(await triggers.getSchedule('default', 's'), undefined);
        assert.deepEqual(
          (await triggers.listSchedules({ prefix: 'la' }, { limit: 10 })).items.map((s) => s.Name),
          ['later'],
        );
      }));

    void it('keeps pipes, console routes and log entries of their own', () =>
      withStore(async (triggers) => {
        const pipe = {
          Name: 'p',
          Arn: 'arn:aws:pipes:us-east-1:123456789012:pipe/p',
          Source: 'arn:aws:sqs:us-east-1:123456789012:q',
          Target: machine,
          RoleArn: 'arn:aws:iam::123456789012:role/r',
          DesiredState: 'RUNNING' as const,
          CreationTime: 1,
          LastModifiedTime: 1,
        };
        assert.equal(await triggers.putPipe(pipe, true), false);
        assert.equal(await triggers.putPipe(pipe, false), true);
        assert.equal(await triggers.putPipe(pipe, false), false);
        assert.equal(await triggers.putPipe({ ...pipe, DesiredState: 'STOPPED' }, true), true);
        assert.equal((await triggers.getPipe('p'))?.DesiredState, 'STOPPED');
        assert.deepEqual(
          (await triggers.listPipes('p', { limit: 10 })).items.map((p) => p.Name),
          ['p'],
        );
        assert.equal(await triggers.deletePipe('p'), true);
        assert.equal(await triggers.deletePipe('p'), false);
        const route = {
          method: 'POST',
          path: '/a/{id}',
          stateMachineArn: machine,
          sync: false,
          authorization: 'NONE' as const,
          origin: 'console' as const,
        };
        assert.equal(await triggers.putRoute('POST /a/{}', route), true);
        assert.equal(await triggers.putRoute('POST /a/{}', route), false);
        assert.deepEqual(await triggers.listRoutes(), [route]);
        assert.equal(await triggers.deleteRoute('POST /a/{}'), true);
        const entry = { deliveryId: 'b', targetId: machine, eventId: 'm1', time: 1, attempts: 1 };
        await triggers.logDelivery({ ...entry, source: 'pipe/p', outcome: 'FAILED', error: 'x' });
        await triggers.logDelivery({ ...entry, source: 'pipe/q', outcome: 'STARTED' });
        const log = await triggers.listDeliveryLog('pipe/p', { limit: 10 });
        assert.deepEqual(
          log.items.map((e) => [e.source, e.outcome]),
          [['pipe/p', 'FAILED']],
        );
      }));
  });
}
