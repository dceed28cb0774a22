// The contract every Store implementation passes: register it with a factory (SQLite today, PostgreSQL
// later). `peer` gives several nodes on one database, so work claiming is tested across nodes too.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  event,
  execution,
  machineArn,
  must,
  succeeded,
  task,
  timer,
  type StoreFactory,
  type WithStore,
} from './store-fixtures.ts';
import { catalogContract } from './store-contract-catalog.ts';
import { tokenContract } from './store-contract-tokens.ts';
import { mapRunContract } from './store-contract-map-runs.ts';
import { gaugesContract } from './store-contract-gauges.ts';
import { keepsMapRuns } from './map-run-store.ts';
import { fencingContract } from './store-contract-fencing.ts';
import { concurrentStartsContract } from './store-contract-concurrent-starts.ts';
import { concurrentStepsContract } from './store-contract-concurrent-steps.ts';

export type { StoreFactory };

export function storeContract(name: string, factory: StoreFactory): void {
  const withStore: WithStore = async (fn) => {
    const store = await factory.open();
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  };
  void describe(`Store contract: ${name}`, () => {
    catalogContract(withStore);
    executionContract(withStore);
    workContract(withStore, factory);
    fencingContract(withStore, factory);
    concurrentStepsContract(withStore);
    concurrentStartsContract(withStore);
    tokenContract(withStore);
    mapRunContract(withStore);
    gaugesContract(withStore);
  });
}

const sm = machineArn('m');

function executionContract(withStore: WithStore): void {
  void it('creates an execution once; a second create returns the existing one and writes nothing', () =>
    withStore(async (store) => {
      const e = execution('e1', sm);
      assert.deepEqual(await store.createExecution(e, { events: [event(1)] }), { created: true });
      const again = await store.createExecution({ ...e, input: '{"other":true}' }, { events: [event(1), event(2)] });
      assert.equal(again.created, false);
      assert.equal(again.existing.input, '{"x":1}');
      assert.equal((await store.getHistory(e.arn, { limit: 10 })).items.length, 1);
      assert.deepEqual(await store.getExecution(e.arn), e);
    }));

  void it('commits a step atomically and refuses a stale version or a consumed work item', () =>
    withStore(async (store) => {
      const e = execution('e1', sm);
      const wait = timer(e.arn, '0:1', 5_000);
      await store.createExecution(e, { events: [event(1)], addWork: [wait] });
      const state = { ...e.state, nextEventId: 3 };
      const commit = { executionArn: e.arn, expectedVersion: 0, state, events: [event(2)], consumes: wait.id };
      assert.equal(await store.commitStep(commit), 'committed');
      assert.equal(await store.commitStep({ ...commit, consumes: undefined, events: [event(3)] }), 'conflict');
      assert.equal(await store.commitStep({ ...commit, expectedVersion: 1, events: [event(3)] }), 'consumed');
      const stored = await store.getExecution(e.arn);
      assert.equal(stored?.version, 1);
      assert.equal(stored.state.nextEventId, 3);
      assert.deepEqual(
        (await store.getHistory(e.arn, { limit: 10 })).items.map((x) => x.id),
        [1, 2],
      );
      assert.deepEqual(await store.listWork(e.arn), []);
    }));

  void it('never writes a history event twice: a duplicate id fails the whole commit', () =>
    withStore(async (store) => {
      const e = execution('e1', sm);
      await store.createExecution(e, { events: [event(1)] });
      const commit = { executionArn: e.arn, expectedVersion: 0, state: e.state, events: [event(2), event(1)] };
      await assert.rejects(store.commitStep(commit));
      assert.equal((await store.getExecution(e.arn))?.version, 0);
      assert.equal((await store.getHistory(e.arn, { limit: 10 })).items.length, 1);
    }));

  void it('copies status, output and dates from the state, drops work and closes tokens when it ends', () =>
    withStore(async (store) => {
      const e = execution('e1', sm);
      const token = { token: 't1', executionArn: e.arn, taskId: '0:2', createdDate: 1 };
      await store.createExecution(e, { events: [], addWork: [task(e.arn, '0:2')], addTokens: [token] });
      const state = succeeded(e.state, '{"done":true}', 9_000);
      const result = await store.commitStep({
        executionArn: e.arn,
        expectedVersion: 0,
        state,
        events: [],
        redriveDate: 7,
      });
      assert.equal(result, 'committed');
      const stored = await store.getExecution(e.arn);
      assert.equal(stored?.status, 'SUCCEEDED');
      assert.equal(stored.output, '{"done":true}');
      assert.equal(stored.stopDate, 9_000);
      assert.equal(stored.redriveDate, 7);
      assert.deepEqual(await store.listWork(e.arn), []);
      assert.equal((await store.getTaskToken('t1'))?.closedReason, 'timed-out');
      assert.equal(await store.nextWakeTime(), undefined);
    }));

  void it("keeps a job's stop call, committed with the step that ends the execution, until it is performed", () =>
    withStore(async (store) => {
      const e = execution('e1', sm);
      await store.createExecution(e, { events: [], addWork: [task(e.arn, '0:2')] });
      const job = {
        action: 'stop' as const,
        resource: 'arn:aws:states:::glue:startJobRun.sync',
        taskId: '0:2',
        handle: { JobRunId: 'jr_1' },
        polls: 3,
      };
      const stop = { id: `${e.arn}#0:2#job-stop`, executionArn: e.arn, kind: 'job' as const, dueTime: 9_000, job };
      const ended = { executionArn: e.arn, expectedVersion: 0, state: succeeded(e.state, '{}', 9_000), events: [] };
      assert.equal(await store.commitStep({ ...ended, addWork: [stop] }), 'committed');
      assert.deepEqual(await store.listWork(e.arn), [stop]);
      const state = (await store.getExecution(e.arn))?.state ?? e.state;
      const performed = { executionArn: e.arn, expectedVersion: 1, state, events: [], consumes: stop.id };
      assert.equal(await store.commitStep(performed), 'committed');
      assert.deepEqual(await store.listWork(e.arn), []);
    }));

  void it('lists executions newest first, filtered and paginated', () =>
    withStore(async (store) => {
      const other = machineArn('other');
      for (let i = 1; i <= 5; i++) {
        await store.createExecution(execution(`e${i}`, sm, { startDate: 1_000 * i }), { events: [] });
      }
      await store.createExecution(execution('x', other), { events: [] });
      const done = must(await store.getExecution(execution('e2', sm).arn));
      const state = succeeded(done.state, '{}', 10);
      await store.commitStep({ executionArn: done.arn, expectedVersion: 0, state, events: [] });
      const first = await store.listExecutions({ stateMachineArn: sm }, { limit: 2 });
      assert.deepEqual(
        first.items.map((x) => x.name),
        ['e5', 'e4'],
      );
      const second = await store.listExecutions({ stateMachineArn: sm }, { limit: 2, after: first.nextToken });
      const third = await store.listExecutions({ stateMachineArn: sm }, { limit: 2, after: second.nextToken });
      assert.deepEqual(
        [...second.items, ...third.items].map((x) => x.name),
        ['e3', 'e2', 'e1'],
      );
      assert.equal(third.nextToken, undefined);
      const succeededOnly = await store.listExecutions({ status: 'SUCCEEDED' }, { limit: 10 });
      assert.deepEqual(
        succeededOnly.items.map((x) => x.name),
        ['e2'],
      );
      assert.equal((await store.listExecutions({}, { limit: 100 })).items.length, 6);
      assert.equal((await store.listExecutions({ redriven: true }, { limit: 100 })).items.length, 0);
    }));

  void it('deletes an execution with its history and work', () =>
    withStore(async (store) => {
      const e = execution('e1', sm);
      const input = { type: 'StopExecution' as const, error: 'E' };
      const delivery = { id: `${e.arn}#0:1#result`, executionArn: e.arn, kind: 'input' as const, dueTime: 5, input };
      await store.createExecution(e, { events: [event(1)], addWork: [delivery] });
      assert.deepEqual(await store.listWork(e.arn), [delivery]);
      assert.equal(await store.deleteExecution(e.arn), true);
      assert.equal(await store.getExecution(e.arn), undefined);
      assert.deepEqual((await store.getHistory(e.arn, { limit: 10 })).items, []);
      assert.equal(await store.nextWakeTime(), undefined);
      assert.equal(await store.deleteExecution(e.arn), false);
    }));

  void it('expires executions closed before a time, oldest first, in batches, never a running one', () =>
    withStore(async (store) => {
      const closed = (name: string, stopDate: number) => {
        const e = execution(name, sm, { status: 'SUCCEEDED', stopDate });
        return { ...e, state: succeeded(e.state, '{}', stopDate) };
      };
      const [old1, old2, recent] = [closed('old1', 5_000), closed('old2', 4_000), closed('recent', 9_000)];
      const running = execution('running', sm, { startDate: 1_000 });
      const child = closed('child', 3_000);
      child.mapRunArn = `${sm.replace(':stateMachine:', ':mapRun:')}/m:1`;
      for (const e of [old1, old2, recent, running, child]) {
        await store.createExecution(e, { events: [event(1), event(2)], addWork: [timer(e.arn, 't', 99)] });
      }
      assert.deepEqual(await store.expireExecutions(6_000, 2), [child.arn, old2.arn]);
      assert.deepEqual(await store.expireExecutions(6_000, 2), [old1.arn]);
      assert.deepEqual(await store.expireExecutions(6_000, 2), []);
      for (const gone of [old1, old2, child]) {
        assert.equal(await store.getExecution(gone.arn), undefined);
        assert.deepEqual((await store.getHistory(gone.arn, { limit: 10 })).items, []);
        assert.deepEqual(await store.listWork(gone.arn), []);
      }
      assert.equal((await store.getHistory(recent.arn, { limit: 10 })).items.length, 2);
      assert.ok((await store.getExecution(running.arn)) !== undefined);
      assert.deepEqual((await store.expireExecutions(Number.MAX_SAFE_INTEGER, 10)).sort(), [recent.arn]);
    }));

  void it('expires an execution with its Map Runs', () =>
    withStore(async (store) => {
      assert.ok(keepsMapRuns(store), 'the store keeps map runs');
      const parent = execution('parent', sm, { status: 'SUCCEEDED', stopDate: 5_000 });
      await store.createExecution({ ...parent, state: succeeded(parent.state, '{}', 5_000) }, { events: [event(1)] });
      const runArn = `${sm.replace(':stateMachine:', ':mapRun:')}/Items:1`;
      const run = {
        arn: runArn,
        executionArn: parent.arn,
        stateMachineArn: `${sm}/Items`,
        status: 'SUCCEEDED' as const,
        definition: '{}',
        executionType: 'STANDARD' as const,
        roleArn: 'r',
        maxConcurrency: 1,
        startDate: 1_000,
        redriveCount: 0,
      };
      assert.equal(await store.createMapRun(run, [{ n: 1 }]), true);
      assert.deepEqual(await store.expireExecutions(6_000, 10), [parent.arn]);
      assert.equal(await store.getMapRun(runArn), undefined);
    }));

  void it('pages history forwards and in reverse', () =>
    withStore(async (store) => {
      const e = execution('e1', sm);
      await store.createExecution(e, { events: [1, 2, 3, 4, 5].map((id) => event(id)) });
      const page1 = await store.getHistory(e.arn, { limit: 2 });
      const page2 = await store.getHistory(e.arn, { limit: 2, after: page1.nextToken });
      assert.deepEqual(
        [...page1.items, ...page2.items].map((x) => x.id),
        [1, 2, 3, 4],
      );
      const reversed = await store.getHistory(e.arn, { limit: 3, reverse: true });
      const rest = await store.getHistory(e.arn, { limit: 3, reverse: true, after: reversed.nextToken });
      assert.deepEqual(
        [...reversed.items, ...rest.items].map((x) => x.id),
        [5, 4, 3, 2, 1],
      );
      assert.equal(rest.nextToken, undefined);
      assert.deepEqual(page1.items[0], event(1));
    }));
}

function workContract(withStore: WithStore, factory: StoreFactory): void {
  void it('claims due work earliest first, holds it for the lease, then lets it go', () =>
    withStore(async (store) => {
      const e = execution('e1', sm);
      const late = timer(e.arn, '0:1', 5_000);
      const early = timer(e.arn, '0:2', 1_000);
      await store.createExecution(e, { events: [], addWork: [late, early, task(e.arn, '0:3', 1_000)] });
      assert.equal(await store.nextWakeTime(), 1_000);
      assert.deepEqual(await store.claimWork({ owner: 'a', now: 500, leaseUntil: 9_000, limit: 10 }), []);
      const claimed = await store.claimWork({ owner: 'a', now: 1_000, leaseUntil: 2_000, limit: 10 });
      assert.deepEqual(
        claimed.map((w) => [w.id, w.attempts, w.leaseOwner]),
        [
          [early.id, 1, 'a'],
          [`${e.arn}#0:3`, 1, 'a'],
        ],
      );
      assert.deepEqual(await store.claimWork({ owner: 'b', now: 1_500, leaseUntil: 3_000, limit: 10 }), []);
      assert.deepEqual(await store.renewLeases('b', [early.id], 4_000), []);
      assert.deepEqual(await store.renewLeases('a', [early.id], 4_000), [early.id]);
      assert.equal(await store.nextWakeTime(), 2_000);
      const expired = await store.claimWork({ owner: 'b', now: 2_000, leaseUntil: 3_000, limit: 10 });
      assert.deepEqual(
        expired.map((w) => [w.id, w.attempts]),
        [[`${e.arn}#0:3`, 2]],
      );
      await store.releaseWork('a', [early.id]);
      const released = await store.claimWork({ owner: 'b', now: 2_000, leaseUntil: 3_000, limit: 1 });
      assert.deepEqual(
        released.map((w) => w.id),
        [early.id],
      );
    }));

  void it('charges a crash to an item claimed again with its start mark still set, and only to it', () =>
    withStore(async (store) => {
      const e = execution('e1', sm);
      const marked = timer(e.arn, '0:1', 1_000);
      const other = timer(e.arn, '0:2', 1_000);
      const released = timer(e.arn, '0:3', 1_000);
      await store.createExecution(e, { events: [], addWork: [marked, other, released] });
      await store.claimWork({ owner: 'a', now: 1_000, leaseUntil: 2_000, limit: 10 });
      assert.equal(await store.markWork('b', marked.id, true), false, 'only the holder marks');
      assert.equal(await store.markWork('a', marked.id, true), true);
      assert.equal(await store.markWork('a', released.id, true), true);
      await store.releaseWork('a', [released.id]);
      // 'a' died: its leases run out.
      const again = await store.claimWork({ owner: 'b', now: 2_000, leaseUntil: 3_000, limit: 10 });
      assert.deepEqual(
        again.map((w) => [w.id, w.attempts, w.crashes]),
        [
          [marked.id, 2, 1],
          [other.id, 2, 0],
          [released.id, 2, 0],
        ],
      );
      // The charge clears the mark; a mark cleared after a step that threw is not charged.
      await store.markWork('b', other.id, true);
      await store.markWork('b', other.id, false);
      const third = await store.claimWork({ owner: 'c', now: 3_000, leaseUntil: 4_000, limit: 10 });
      assert.deepEqual(
        third.map((w) => [w.id, w.crashes]),
        [
          [marked.id, 1],
          [other.id, 0],
          [released.id, 0],
        ],
      );
    }));

  void it('never hands one work item to two concurrent claimers', () =>
    withStore(async (store) => {
      const e = execution('e1', sm);
      const items = Array.from({ length: 40 }, (_, i) => timer(e.arn, `0:${i}`, i));
      await store.createExecution(e, { events: [], addWork: items });
      const nodes = [
        store,
        ...(factory.peer === undefined ? [store, store] : [await factory.peer(store), await factory.peer(store)]),
      ];
      try {
        const claims = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            must(nodes[i % nodes.length]).claimWork({ owner: `n${i}`, now: 100, leaseUntil: 1_000, limit: 5 }),
          ),
        );
        const ids = claims.flat().map((w) => w.id);
        assert.equal(ids.length, 40);
        assert.equal(new Set(ids).size, 40);
      } finally {
        for (const node of nodes) if (node !== store) await node.close();
      }
    }));

  void it('keeps work ids idempotent: adding an existing id changes nothing', () =>
    withStore(async (store) => {
      const e = execution('e1', sm);
      const wait = timer(e.arn, '0:1', 5_000);
      await store.createExecution(e, { events: [], addWork: [wait] });
      const commit = { executionArn: e.arn, expectedVersion: 0, state: e.state, events: [] };
      await store.commitStep({ ...commit, addWork: [{ ...wait, dueTime: 9_999 }] });
      assert.deepEqual(await store.listWork(e.arn), [wait]);
    }));
}
