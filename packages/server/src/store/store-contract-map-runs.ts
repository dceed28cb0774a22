// The Map Run part of the Store contract: a run created once with one item per input, children taken
// within MaxConcurrency (and taken again until known started), each end counted once, and a run ended once.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { keepsMapRuns, type MapRunRecord, type MapRunStore } from './map-run-store.ts';
import type { WorkItem } from './records.ts';
import type { Store } from './store.ts';
import { event, execution, machineArn, must, type WithStore } from './store-fixtures.ts';

const runArn = 'arn:aws:states:us-east-1:123456789012:mapRun:m/Items:00000000-0000-4000-8000-000000000001';
const parentArn = 'arn:aws:states:us-east-1:123456789012:execution:m:parent';
const childArn = (index: number): string =>
  `arn:aws:states:us-east-1:123456789012:execution:m/Items:child-${String(index)}`;

function run(maxConcurrency: number): Omit<MapRunRecord, 'counts'> {
  return {
    arn: runArn,
    executionArn: parentArn,
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m/Items',
    status: 'RUNNING',
    definition: '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}',
    executionType: 'STANDARD',
    roleArn: 'r',
    maxConcurrency,
    toleratedFailureCount: 1,
    startDate: 1_000,
    redriveCount: 0,
  };
}

function mapRuns(store: Store): Store & MapRunStore {
  assert.ok(keepsMapRuns(store), 'the store keeps map runs');
  return store;
}

const work = (id: string): WorkItem => ({
  id,
  executionArn: runArn,
  kind: 'mapRun',
  dueTime: 0,
  action: { type: 'stop', mapRunArn: runArn },
});

export function mapRunContract(withStore: WithStore): void {
  void it('creates a map run once, one pending item per input, and lists it by its execution', () =>
    withStore(async (store) => {
      const runs = mapRuns(store);
      assert.equal(await runs.createMapRun(run(2), [{ n: 1 }, { n: 2 }, { n: 3 }]), true);
      assert.equal(await runs.createMapRun(run(9), [{ n: 1 }]), false);
      const created = await runs.getMapRun(runArn);
      assert.equal(created?.maxConcurrency, 2);
      assert.deepEqual(created.counts, {
        pending: 3,
        running: 0,
        succeeded: 0,
        failed: 0,
        timedOut: 0,
        aborted: 0,
        total: 3,
      });
      assert.equal(created.toleratedFailureCount, 1);
      assert.deepEqual(
        (await runs.listMapRuns(parentArn, { limit: 10 })).items.map((r) => r.arn),
        [runArn],
      );
      assert.equal(await runs.getMapRun(`${runArn}x`), undefined);
    }));

  void it('takes children within MaxConcurrency, again until they are marked started, and consumes the work', () =>
    withStore(async (store) => {
      const runs = mapRuns(store);
      await runs.createMapRun(run(2), [{ n: 1 }, { n: 2 }, { n: 3 }]);
      const first = await runs.takeChildren(runArn, 10, childArn);
      assert.deepEqual(
        first.map((child) => [child.index, child.input, child.executionArn]),
        [
          [0, '{"n":1}', childArn(0)],
          [1, '{"n":2}', childArn(1)],
        ],
      );
      // Not marked started: a crash before the start would leave them; they are given again.
      assert.deepEqual(
        (await runs.takeChildren(runArn, 10, childArn)).map((child) => child.index),
        [0, 1],
      );
      await runs.childrenStarted(runArn, [0, 1]);
      assert.deepEqual(await runs.takeChildren(runArn, 10, childArn), [], 'no room at MaxConcurrency 2');
      await runs.updateMapRun(runArn, { maxConcurrency: 3 });
      assert.deepEqual(
        (await runs.takeChildren(runArn, 10, childArn)).map((child) => child.index),
        [2],
      );
      assert.deepEqual((await runs.getMapRun(runArn))?.counts.running, 3);
      assert.deepEqual((await runs.runningChildren(runArn)).sort(), [childArn(0), childArn(1), childArn(2)]);
    }));

  void it('keeps whether the results stay, and pages the children with their results in item order', () =>
    withStore(async (store) => {
      const runs = mapRuns(store);
      await runs.createMapRun({ ...run(0), resultsStay: true }, [{ n: 1 }, { n: 2 }, { n: 3 }]);
      assert.equal((await runs.getMapRun(runArn))?.resultsStay, true);
      await runs.takeChildren(runArn, 2, childArn);
      await runs.childrenStarted(runArn, [0, 1]);
      await runs.childEnded(runArn, { executionArn: childArn(0), status: 'SUCCEEDED', output: '{"a":1}' });
      await runs.childEnded(runArn, { executionArn: childArn(1), status: 'FAILED', error: 'E', cause: 'C' });
      assert.deepEqual(await runs.mapRunItems(runArn, -1, 2), [
        { index: 0, input: '{"n":1}', status: 'SUCCEEDED', executionArn: childArn(0), output: '{"a":1}' },
        { index: 1, input: '{"n":2}', status: 'FAILED', executionArn: childArn(1), error: 'E', cause: 'C' },
      ]);
      assert.deepEqual(await runs.mapRunItems(runArn, 1, 2), [{ index: 2, input: '{"n":3}', status: 'PENDING' }]);
      assert.deepEqual(await runs.mapRunItems(runArn, 2, 2), []);
    }));

  void it('counts each end once, gives the results in item order, and ends the run once', () =>
    withStore(async (store) => {
      const runs = mapRuns(store);
      await runs.createMapRun(run(0), [{ n: 1 }, { n: 2 }]);
      await runs.takeChildren(runArn, 10, childArn);
      await runs.childrenStarted(runArn, [0, 1]);
      await runs.childEnded(runArn, { executionArn: childArn(1), status: 'FAILED', error: 'E', cause: 'C' });
      const twice = await runs.childEnded(runArn, { executionArn: childArn(1), status: 'SUCCEEDED', output: '1' });
      assert.deepEqual([twice?.counts.failed, twice?.counts.succeeded, twice?.counts.running], [1, 0, 1]);
      await runs.childEnded(runArn, { executionArn: childArn(0), status: 'SUCCEEDED', output: '{"a":1}' });
      assert.deepEqual(await runs.mapRunResults(runArn), {
        outputs: ['{"a":1}', null],
        failures: { 1: { error: 'E', cause: 'C' } },
      });
      const ended = work('ended');
      assert.equal(await runs.endMapRun(runArn, 'SUCCEEDED', 5_000, { addWork: [ended] }), true);
      assert.equal(await runs.endMapRun(runArn, 'FAILED', 6_000, { addWork: [work('again')] }), false);
      assert.deepEqual(
        (await store.listWork(runArn)).map((item) => item.id),
        ['ended'],
      );
      await runs.childrenStarted(runArn, [], 'ended');
      assert.deepEqual(await store.listWork(runArn), [], 'consumed');
      const final = await runs.getMapRun(runArn);
      assert.deepEqual([final?.status, final?.stopDate], ['SUCCEEDED', 5_000]);
      assert.deepEqual(await runs.takeChildren(runArn, 10, childArn), [], 'an ended run starts nothing');
    }));

  void it('records many ends in one call, and puts unfinished children back to pending for the next attempt', () =>
    withStore(async (store) => {
      const runs = mapRuns(store);
      await runs.createMapRun(run(0), [{ n: 1 }, { n: 2 }, { n: 3 }]);
      await runs.takeChildren(runArn, 10, childArn);
      await runs.childrenStarted(runArn, [0, 1, 2]);
      const after = await runs.childrenEnded(runArn, [
        { executionArn: childArn(0), status: 'SUCCEEDED', output: '"a"' },
        { executionArn: childArn(2), status: 'FAILED', error: 'E' },
        { executionArn: childArn(2), status: 'SUCCEEDED', output: '"again"' },
      ]);
      assert.deepEqual(
        [after?.counts.pending, after?.counts.running, after?.counts.succeeded, after?.counts.failed],
        [0, 1, 1, 1],
      );
      // Child 1 was left running by a crash: it is pending again, without an execution, and taken anew.
      await runs.requeueChildren(runArn);
      const requeued = await runs.getMapRun(runArn);
      assert.deepEqual([requeued?.counts.pending, requeued?.counts.running], [1, 0]);
      assert.deepEqual(await runs.runningChildren(runArn), []);
      const again = await runs.takeChildren(runArn, 10, (index) => `${childArn(index)}-again`);
      assert.deepEqual(
        again.map((child) => [child.index, child.executionArn]),
        [[1, `${childArn(1)}-again`]],
      );
      await runs.childrenEnded(runArn, [{ executionArn: `${childArn(1)}-again`, status: 'SUCCEEDED', output: '"b"' }]);
      assert.deepEqual((await runs.mapRunResults(runArn)).outputs, ['"a"', '"b"', null]);
    }));

  void it('consumes several work items when it marks children started', () =>
    withStore(async (store) => {
      const runs = mapRuns(store);
      await runs.createMapRun(run(0), [{ n: 1 }]);
      await runs.endMapRun(runArn, 'ABORTED', 2_000, { addWork: [work('one'), { ...work('two'), id: 'two' }] });
      assert.equal((await store.listWork(runArn)).length, 2);
      await runs.childrenStarted(runArn, [], ['one', 'two', 'absent']);
      assert.deepEqual(await store.listWork(runArn), []);
      await runs.requeueChildren(runArn);
      assert.equal((await runs.getMapRun(runArn))?.status, 'ABORTED', 'an ended run is left as it is');
    }));

  void it('redrives an ended run once per count: its failed children pending again, STANDARD ones keeping their execution', () =>
    withStore(async (store) => {
      const runs = mapRuns(store);
      await runs.createMapRun(run(0), [{ n: 1 }, { n: 2 }, { n: 3 }]);
      await runs.takeChildren(runArn, 2, childArn);
      await runs.childrenStarted(runArn, [0, 1]);
      await runs.childEnded(runArn, { executionArn: childArn(0), status: 'SUCCEEDED', output: '1' });
      await runs.childEnded(runArn, { executionArn: childArn(1), status: 'FAILED', error: 'E' });
      assert.equal(await runs.redriveMapRun(runArn, 1, 9_000), false, 'a running run is not redriven');
      await runs.endMapRun(runArn, 'FAILED', 5_000, { addWork: [] });
      assert.equal(await runs.redriveMapRun(runArn, 1, 9_000), true);
      assert.equal(await runs.redriveMapRun(runArn, 1, 9_500), false, 'a repeat changes nothing');
      const redriven = await runs.getMapRun(runArn);
      assert.deepEqual(
        [redriven?.status, redriven?.redriveCount, redriven?.redriveDate, redriven?.stopDate],
        ['RUNNING', 1, 9_000, undefined],
      );
      assert.deepEqual([redriven?.counts.pending, redriven?.counts.succeeded, redriven?.counts.failed], [2, 1, 0]);
      const taken = await runs.takeChildren(runArn, 10, (index) => `${childArn(index)}-new`);
      assert.deepEqual(
        taken.map((child) => [child.index, child.executionArn, child.redrive === true]),
        [
          [1, childArn(1), true],
          [2, `${childArn(2)}-new`, false],
        ],
      );
    }));

  void it('refuses the writes of a node whose claim on a consumed item another node took over', () =>
    withStore(async (store) => {
      const runs = mapRuns(store);
      await runs.createMapRun(run(2), [{ n: 1 }]);
      await store.createExecution(execution('parent', machineArn('m')), {
        events: [event(1)],
        addWork: [work('drive')],
      });
      // Node a stalls past its lease on the run's work item; node b claims it again.
      const [first] = await store.claimWork({ owner: 'a', now: 1_000, leaseUntil: 2_000, limit: 1 });
      const [second] = await store.claimWork({ owner: 'b', now: 2_000, leaseUntil: 3_000, limit: 1 });
      const stale = { id: 'drive', claim: { owner: 'a', attempts: must(first).attempts } };
      const current = { id: 'drive', claim: { owner: 'b', attempts: must(second).attempts } };
      await runs.takeChildren(runArn, 10, childArn);
      assert.equal(await runs.childrenStarted(runArn, [0], stale), false);
      const again = await runs.takeChildren(runArn, 10, childArn);
      assert.deepEqual(
        again.map((child) => child.index),
        [0],
        'a fenced write marks no child started',
      );
      const end = { addWork: [work('stopped')], consumes: [stale] };
      assert.equal(await runs.endMapRun(runArn, 'ABORTED', 4_000, end), false);
      assert.equal((await runs.getMapRun(runArn))?.status, 'RUNNING', 'a fenced end writes nothing');
      assert.deepEqual(
        (await store.listWork(runArn)).map((item) => item.id),
        ['drive'],
        'and keeps the item for its new owner',
      );
      assert.equal(await runs.childrenStarted(runArn, [0], current), true);
      assert.deepEqual(await store.listWork(runArn), [], 'the new owner consumes it');
    }));
}
