// The Store contract for many nodes, part two: a step commit is fenced by the claim its work item was
// performed under (a node whose lease another node took over cannot commit), and the children a step stops
// are listed inside its commit.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { event, execution, machineArn, timer, type StoreFactory, type WithStore } from './store-fixtures.ts';

const sm = machineArn('m');

export function fencingContract(withStore: WithStore, factory: StoreFactory): void {
  void it('refuses the commit of a node whose claim another node took over, writing nothing', () =>
    withStore(async (store) => {
      const peer = factory.peer === undefined ? store : await factory.peer(store);
      try {
        const e = execution('e1', sm);
        const wait = timer(e.arn, '0:1', 1_000);
        await store.createExecution(e, { events: [event(1)], addWork: [wait] });
        const [first] = await store.claimWork({ owner: 'a', now: 1_000, leaseUntil: 2_000, limit: 1 });
        // Node a stalls past its lease; node b claims the item again and performs it.
        const [second] = await peer.claimWork({ owner: 'b', now: 2_000, leaseUntil: 3_000, limit: 1 });
        assert.deepEqual([first?.attempts, second?.attempts, second?.leaseOwner], [1, 2, 'b']);
        const step = { executionArn: e.arn, expectedVersion: 0, state: e.state, events: [event(2)], consumes: wait.id };
        assert.equal(await store.commitStep({ ...step, claim: { owner: 'a', attempts: 1 } }), 'fenced');
        assert.equal((await store.getExecution(e.arn))?.version, 0, 'a fenced commit writes nothing');
        assert.deepEqual(ids(await store.listWork(e.arn)), [wait.id], 'and keeps the item for its new owner');
        assert.equal(await peer.commitStep({ ...step, claim: { owner: 'b', attempts: 2 } }), 'committed');
        assert.equal(await store.commitStep({ ...step, claim: { owner: 'a', attempts: 1 } }), 'consumed');
        assert.deepEqual(ids((await store.getHistory(e.arn, { limit: 10 })).items), [1, 2], 'no event twice');
      } finally {
        if (peer !== store) await peer.close();
      }
    }));

  void it('lets a node commit under a lease that ran out when no other node claimed the item since', () =>
    withStore(async (store) => {
      const e = execution('e1', sm);
      const wait = timer(e.arn, '0:1', 1_000);
      await store.createExecution(e, { events: [event(1)], addWork: [wait] });
      const [claimed] = await store.claimWork({ owner: 'a', now: 1_000, leaseUntil: 2_000, limit: 1 });
      const claim = { owner: 'a', attempts: claimed?.attempts ?? 0 };
      const step = { executionArn: e.arn, expectedVersion: 0, state: e.state, events: [event(2)], consumes: wait.id };
      assert.equal(await store.commitStep({ ...step, claim }), 'committed');
      assert.deepEqual(await store.listWork(e.arn), []);
    }));

  void it('stops the running children of cancelled tasks, listed inside the commit', () =>
    withStore(async (store) => {
      const parent = execution('p', sm);
      await store.createExecution(parent, { events: [event(1)] });
      const link = {
        executionArn: parent.arn,
        taskId: '0:t1',
        resource: 'arn:aws:states:::states:startExecution.sync',
      };
      const running = execution('c1', machineArn('child'), { parent: link });
      const ended = execution('c2', machineArn('child'), { parent: link });
      ended.state = { ...ended.state, status: 'SUCCEEDED', stopTime: 3_000 };
      const otherTask = execution('c3', machineArn('child'), { parent: { ...link, taskId: '0:t2' } });
      for (const child of [running, ended, otherTask]) await store.createExecution(child, { events: [event(1)] });
      const stopChildren = { taskIds: ['0:t1'], dueTime: 7_000 };
      const step = { executionArn: parent.arn, expectedVersion: 0, state: parent.state, events: [event(2)] };
      assert.equal(await store.commitStep({ ...step, stopChildren }), 'committed');
      const stops = await store.listWork(running.arn);
      assert.deepEqual(
        stops.map((w) => [w.id, w.kind, w.dueTime, w.kind === 'input' ? w.input.type : '']),
        [[`${running.arn}#stopped-by-parent`, 'input', 7_000, 'StopExecution']],
      );
      assert.deepEqual(await store.listWork(ended.arn), []);
      assert.deepEqual(await store.listWork(otherTask.arn), []);
    }));
}

function ids(items: readonly { id: string | number }[]): (string | number)[] {
  return items.map((item) => item.id);
}
