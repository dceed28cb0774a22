// Two nodes on one PostgreSQL database racing to fire the same schedules and scheduled rules, on a virtual clock:
// each due time fires once.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { postgresPerFile } from '../../testing/postgres-per-file.ts';
import type { EventsDeps } from '../events/events-context.ts';
import { ScheduledRules } from './scheduled-rules.ts';
import { fireDueSchedules } from './scheduler.ts';
import { scheduleHandlers } from './schedules-service.ts';
import { openPostgresStore, type PostgresStore } from '../../store/postgres/postgres-store.ts';

const postgres = postgresPerFile('triggers');

const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:report';
const log = pino({ level: 'silent' });

function nodeDeps(store: PostgresStore, clock: { now: number }, node: string): EventsDeps {
  let ids = 0;
  return {
    triggers: store.triggers(),
    region: 'us-east-1',
    accountId: '123456789012',
    now: () => clock.now,
    uuid: () => `${node}-${String(++ids)}`,
    deliveriesAdded: () => undefined,
  };
}

describe('PostgreSQL triggers on two nodes', () => {
  it('fires each due time of a schedule and of a scheduled rule once, with both nodes firing at once', async () => {
    const url = await postgres.fresh();
    const nodes = [await openPostgresStore({ url }), await openPostgresStore({ url })];
    try {
      const clock = { now: Date.parse('2026-12-05T08:00:30Z') };
      const [a, b] = nodes.map((store, i) => nodeDeps(store, clock, `node${String(i)}`)) as [EventsDeps, EventsDeps];
      await scheduleHandlers(a).CreateSchedule?.({
        Name: 'every-minute',
        ScheduleExpression: 'rate(1 minute)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: machine, RoleArn: 'arn:aws:iam::123456789012:role/r', Input: '{}' },
      });
      const rule = { eventBusName: 'default', name: 'tick', arn: 'arn:aws:events:us-east-1:123456789012:rule/tick' };
      await a.triggers.putRule({
        ...rule,
        scheduleExpression: 'rate(1 minute)',
        state: 'ENABLED',
        createdAt: clock.now,
      });
      await a.triggers.putTargets('default', 'tick', [{ Id: 't', Arn: machine }]);
      const rules = [new ScheduledRules(a), new ScheduledRules(b)];
      let fired = 0;
      for (let minute = 1; minute <= 10; minute++) {
        clock.now += 60_000;
        const [scheduleA, scheduleB, ruleA, ruleB] = await Promise.all([
          fireDueSchedules({ deps: a, log }),
          fireDueSchedules({ deps: b, log }),
          ...rules.map((r) => r.fireDue()),
        ]);
        assert.equal(scheduleA + scheduleB, 1, `the schedule's fire at minute ${String(minute)}`);
        assert.equal((ruleA ?? 0) + (ruleB ?? 0), 1, `the rule's fire at minute ${String(minute)}`);
        fired += scheduleA + scheduleB + (ruleA ?? 0) + (ruleB ?? 0);
      }
      const claimed = await b.triggers.claimDeliveries({
        owner: 'w',
        now: clock.now,
        leaseUntil: clock.now + 1,
        limit: 100,
      });
      assert.equal(fired, 20);
      assert.equal(claimed.length, 20);
      assert.equal(new Set(claimed.map((d) => d.id)).size, 20);
    } finally {
      await Promise.all(nodes.map((store) => store.close()));
    }
  });
});
