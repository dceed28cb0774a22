// One TriggerStore, two accounts' views: each lists and reads only its own buses, rules, schedules, pipes and
// delivery log entries, under the same names; the owner of what the background workers read is known.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openSqliteStore, sqliteTriggerStore } from '../store/sqlite/sqlite-store.ts';
import type { ScheduleRecord } from '../store/trigger-store.ts';
import { accountTriggerStore, ownerOf } from './trigger-accounts.ts';

const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:m';

function schedule(name: string): ScheduleRecord {
  return {
    ...{ GroupName: 'default', Name: name, Arn: `arn:schedule/${name}`, ScheduleExpression: 'rate(1 day)' },
    ...{ State: 'ENABLED', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Id: 't', Arn: machine } },
    ...{ ActionAfterCompletion: 'NONE', CreationDate: 0, LastModificationDate: 0, nextFire: 5 },
  };
}

describe('accounts over one TriggerStore', () => {
  it('keeps each account’s triggers apart under the same names', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    try {
      const raw = sqliteTriggerStore(store);
      const [server, other] = [accountTriggerStore(raw, undefined), accountTriggerStore(raw, '444455556666')];
      for (const view of [server, other]) {
        await view.putRule({
          eventBusName: 'default',
          name: 'r',
          arn: 'arn',
          eventPattern: '{}',
          state: 'ENABLED',
          createdAt: 1,
        });
        await view.putTargets('default', 'r', [{ Id: 't', Arn: machine }]);
        assert.equal(await view.putSchedule(schedule('s'), false), true);
        await view.putPipe(
          {
            ...{ Name: 'p', Arn: 'a', Source: 's', Target: machine, RoleArn: 'r' },
            ...{ DesiredState: 'RUNNING', CreationTime: 0, LastModifiedTime: 0 },
          },
          false,
        );
        const entry = {
          deliveryId: 'd',
          targetId: 't',
          eventId: 'e',
          time: 1,
          attempts: 1,
          outcome: 'STARTED' as const,
        };
        await view.logDelivery({ ...entry, source: 'pipe/p' });
      }
      await other.deleteRule('default', 'r', true);
      assert.equal((await server.activeRules('default')).length, 1);
      assert.equal((await other.listRules('default', undefined, { limit: 10 })).items.length, 0);
      for (const view of [server, other]) {
        assert.deepEqual(
          (await view.listSchedules({}, { limit: 10 })).items.map((s) => s.GroupName),
          ['default'],
        );
        assert.deepEqual(
          (await view.listPipes(undefined, { limit: 10 })).items.map((p) => p.Name),
          ['p'],
        );
        assert.deepEqual(
          (await view.listDeliveryLog(undefined, { limit: 10 })).items.map((e) => e.source),
          ['pipe/p'],
        );
      }
      assert.equal(await other.deleteSchedule('default', 's'), true);
      assert.equal((await server.getSchedule('default', 's'))?.Name, 's');
      const due = await raw.dueSchedules(10, 10);
      assert.deepEqual(
        due.map((s) => ownerOf(s.GroupName)),
        [undefined],
      );
      const pipes = (await raw.listPipes(undefined, { limit: 10 })).items;
      assert.deepEqual(
        pipes.map((p) => ownerOf(p.Name)),
        [undefined, '444455556666'],
      );
      assert.equal(ownerOf('rule/444455556666#default/r'), '444455556666');
      // The server's view cannot name another account's stored group, nor another account's view a third's.
      for (const view of [server, other]) {
        await assert.rejects(view.getSchedule('444455556666#default', 's'), { type: 'ValidationException' });
      }
    } finally {
      await store.close();
    }
  });
});
