// The Store contract's part for /metrics' gauges: open executions and the work queue as the store counts them.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { execution, machineArn, succeeded, task, timer, type WithStore } from './store-fixtures.ts';
import { hasGauges } from './store-gauges.ts';

const sm = machineArn('m');

export function gaugesContract(withStore: WithStore): void {
  void it('counts open executions, due unclaimed work (the queue) and all work', () =>
    withStore(async (store) => {
      assert.ok(hasGauges(store), 'the store answers the gauges');
      assert.deepEqual(await store.gauges(0), { openExecutions: 0, dueWork: 0, scheduledWork: 0 });
      const e = execution('e1', sm);
      await store.createExecution(e, { events: [], addWork: [timer(e.arn, '0:1', 5_000), task(e.arn, '0:2', 1_000)] });
      await store.createExecution(execution('e2', sm), { events: [] });
      assert.deepEqual(await store.gauges(500), { openExecutions: 2, dueWork: 0, scheduledWork: 2 });
      assert.deepEqual(await store.gauges(1_000), { openExecutions: 2, dueWork: 1, scheduledWork: 2 });
      await store.claimWork({ owner: 'a', now: 1_000, leaseUntil: 2_000, limit: 10 });
      assert.equal((await store.gauges(1_500)).dueWork, 0, 'claimed under a live lease');
      assert.equal((await store.gauges(2_500)).dueWork, 1, 'the lease ran out: due again');
      assert.equal((await store.gauges(6_000)).dueWork, 2);
      const e2 = execution('e2', sm);
      const ended = { executionArn: e2.arn, expectedVersion: 0, state: succeeded(e2.state, '{}', 10), events: [] };
      assert.equal(await store.commitStep(ended), 'committed');
      assert.equal((await store.gauges(0)).openExecutions, 1);
    }));
}
