// The Store contract for task tokens (activity tasks handed to one worker, tokens closed with a reason)
// and for child executions (the parent task they remember, work a child's step adds for its parent).

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { execution, machineArn, succeeded, type WithStore } from './store-fixtures.ts';
import type { TaskTokenRecord } from './records.ts';

const sm = machineArn('m');
const activityArn = 'arn:aws:states:us-east-1:123456789012:activity:a';

function activityToken(executionArn: string, token: string, i: number): TaskTokenRecord {
  return {
    token,
    executionArn,
    taskId: `0:task:${String(i)}`,
    activityArn,
    input: `{"i":${String(i)}}`,
    createdDate: i,
  };
}

export function tokenContract(withStore: WithStore): void {
  void it('lists the open, unclaimed tasks of an activity oldest first; a step claims one for one worker', () =>
    withStore(async (store) => {
      const e = execution('e1', sm);
      const tokens = ['t1', 't2', 't3'].map((token, i) => activityToken(e.arn, token, i));
      await store.createExecution(e, { events: [], addTokens: tokens });
      assert.deepEqual(await store.listActivityTasks(activityArn, 10), tokens);
      assert.deepEqual(await store.listActivityTasks(activityArn, 1), [tokens[0]]);
      const step = { executionArn: e.arn, state: e.state, events: [] };
      const claim = { token: 't1', workerName: 'w1', claimedDate: 50 };
      assert.equal(await store.commitStep({ ...step, expectedVersion: 1, claimsToken: claim }), 'conflict');
      assert.equal((await store.getTaskToken('t1'))?.claimedDate, undefined, 'a refused step claims nothing');
      assert.equal(await store.commitStep({ ...step, expectedVersion: 0, claimsToken: claim }), 'committed');
      assert.deepEqual(await store.getTaskToken('t1'), { ...tokens[0], workerName: 'w1', claimedDate: 50 });
      const again = { ...step, expectedVersion: 1, claimsToken: { ...claim, workerName: 'w2' } };
      assert.equal(await store.commitStep(again), 'consumed');
      assert.equal((await store.getExecution(e.arn))?.version, 1, 'nothing written for a taken task');
      const closing = {
        ...step,
        expectedVersion: 1,
        closeTokens: [{ taskId: '0:task:1', reason: 'timed-out' as const }],
      };
      assert.equal(await store.commitStep(closing), 'committed');
      assert.deepEqual(await store.listActivityTasks(activityArn, 10), [tokens[2]]);
      const claimClosed = { ...step, expectedVersion: 2, claimsToken: { token: 't2', claimedDate: 60 } };
      assert.equal(await store.commitStep(claimClosed), 'consumed');
      assert.equal(
        await store.commitStep({ ...step, expectedVersion: 2, claimsToken: { token: 't3', claimedDate: 60 } }),
        'committed',
      );
      assert.equal((await store.getTaskToken('t3'))?.workerName, undefined, 'a worker may have no name');
    }));

  void it('closes tokens with the reason given first; the end of the execution closes the rest as timed out', () =>
    withStore(async (store) => {
      const e = execution('e1', sm);
      const tokens = ['t1', 't2', 't3'].map((token, i) => ({
        token,
        executionArn: e.arn,
        taskId: `0:task:${String(i)}`,
        createdDate: i,
      }));
      await store.createExecution(e, { events: [], addTokens: tokens });
      const step = { executionArn: e.arn, state: e.state, events: [] };
      await store.commitStep({
        ...step,
        expectedVersion: 0,
        closeTokens: [{ taskId: '0:task:0', reason: 'completed' }],
      });
      await store.commitStep({
        ...step,
        expectedVersion: 1,
        closeTokens: [{ taskId: '0:task:0', reason: 'timed-out' }],
      });
      assert.equal((await store.getTaskToken('t1'))?.closedReason, 'completed');
      const end = {
        ...step,
        expectedVersion: 2,
        state: succeeded(e.state, '{}', 9),
        closeTokens: [{ taskId: '0:task:1', reason: 'completed' as const }],
      };
      assert.equal(await store.commitStep(end), 'committed');
      assert.deepEqual(
        await Promise.all(['t1', 't2', 't3'].map(async (t) => (await store.getTaskToken(t))?.closedReason)),
        ['completed', 'completed', 'timed-out'],
      );
      assert.equal(await store.deleteExecution(e.arn), true);
      assert.equal(await store.getTaskToken('t1'), undefined);
    }));

  void it('keeps the parent task of a child execution, lists children by parent, and takes work for the parent', () =>
    withStore(async (store) => {
      const parent = execution('p', sm);
      await store.createExecution(parent, { events: [] });
      const link = {
        executionArn: parent.arn,
        taskId: '0:task:1',
        resource: 'arn:aws:states:::states:startExecution.sync',
      };
      const child = execution('c', machineArn('child'), { parent: link });
      const other = execution('o', machineArn('child'), { parent: { ...link, taskId: '0:task:9' } });
      await store.createExecution(child, { events: [] });
      await store.createExecution(other, { events: [] });
      assert.deepEqual((await store.getExecution(child.arn))?.parent, link);
      const children = await store.listExecutions(
        { parent: { executionArn: parent.arn, taskId: '0:task:1' } },
        { limit: 10 },
      );
      assert.deepEqual(
        children.items.map((x) => x.name),
        ['c'],
      );
      assert.equal(
        (await store.listExecutions({ parent: { executionArn: parent.arn } }, { limit: 10 })).items.length,
        2,
      );
      const input = { type: 'TaskSucceeded' as const, taskId: '0:task:1', output: '{}' };
      const report = {
        id: `${parent.arn}#0:task:1#child`,
        executionArn: parent.arn,
        kind: 'input' as const,
        dueTime: 5,
        input,
      };
      const end = {
        executionArn: child.arn,
        expectedVersion: 0,
        state: succeeded(child.state, '{}', 5),
        events: [],
        addWork: [report],
      };
      assert.equal(await store.commitStep(end), 'committed');
      assert.deepEqual(await store.listWork(parent.arn), [report]);
      assert.deepEqual(await store.listWork(child.arn), []);
    }));
}
