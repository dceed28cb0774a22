// MachineDeletion on one SQLite store shared by two nodes: the node that did not take the DeleteStateMachine
// call learns of it at its next refresh, fails the next transition, not a heartbeat, and removes the machine
// once its last execution has ended.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { execution, machine, succeeded } from '../store/store-fixtures.ts';
import { deletedMachineCause, MachineDeletion } from './machine-deletion.ts';

it('fails the next transition of a deleted machine on every node and removes the machine after its last execution', async () => {
  const store = openSqliteStore({ file: ':memory:' });
  try {
    const m = machine('going');
    await store.createStateMachine(m);
    const running = execution('e1', m.arn);
    await store.createExecution(running, { events: [] });
    const [here, there] = [new MachineDeletion(store), new MachineDeletion(store)];
    await there.refresh(0);

    await here.begin(m.arn);
    assert.equal((await store.getStateMachine(m.arn))?.status, 'DELETING');
    const fired = { type: 'TimerFired', timerId: 't' } as const;
    assert.deepEqual(there.inputFor(running, fired), fired, 'the other node has not refreshed yet');
    await there.refresh(1_000);
    assert.deepEqual(there.inputFor(running, fired), fired, 'refreshed at most every 5 s');
    await there.refresh(5_000);
    const failed = { type: 'FailExecution', error: 'States.Runtime', cause: 'State machine going has been deleted.' };
    assert.deepEqual(there.inputFor(running, fired), failed);
    assert.equal(deletedMachineCause(m.arn), failed.cause);
    const heartbeat = { type: 'TaskHeartbeat', taskId: 'x' } as const;
    assert.deepEqual(there.inputFor(running, heartbeat), heartbeat);

    const state = succeeded(running.state, '{}', 3_000);
    assert.equal(
      await store.commitStep({ executionArn: running.arn, expectedVersion: 0, state, events: [] }),
      'committed',
    );
    await there.ended({ ...running, status: 'SUCCEEDED' });
    assert.equal(await store.getStateMachine(m.arn), undefined);
    assert.deepEqual(await store.listDeletingStateMachines(), []);
  } finally {
    await store.close();
  }
});

it('removes a machine with nothing running at once, and does nothing for one that does not exist', async () => {
  const store = openSqliteStore({ file: ':memory:' });
  try {
    const m = machine('idle');
    await store.createStateMachine(m);
    const deletion = new MachineDeletion(store);
    await deletion.begin(m.arn);
    assert.equal(await store.getStateMachine(m.arn), undefined);
    await deletion.begin(`${m.arn}-none`);
    assert.deepEqual(await store.listDeletingStateMachines(), []);
  } finally {
    await store.close();
  }
});
