// Express executions counted per minute and read back as the metrics page's data: two nodes' counters add
// up in one store, Standard executions are left to the stored executions, failures name the state they
// happened in, and duration quantiles are within the buckets' 19 %.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEvent } from '@stepwise/core';
import type { ExecutionRecord } from '../../store/records.ts';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { bucketUpperBound, durationBucket, ExpressMinutes } from './express-minutes.ts';
import { expressStats, histogramQuantiles } from './express-stats.ts';

const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:quick';
const now = Date.UTC(2026, 11, 6, 12, 0, 0);

function record(name: string, startDate: number, type: 'express' | 'execution' = 'express'): ExecutionRecord {
  return {
    arn: `arn:aws:states:us-east-1:123456789012:${type}:quick:${name}`,
    stateMachineArn: machine,
    startDate,
  } as ExecutionRecord;
}

/** The events an execution's steps commit: its start, a state entered, and its end `millis` later. */
function run(
  counter: ExpressMinutes,
  r: ExecutionRecord,
  millis: number,
  end: 'ExecutionSucceeded' | 'ExecutionFailed',
) {
  const at = (id: number, type: string, details: object, time: number) =>
    ({ id, previousEventId: id - 1, type, timestamp: time, ...details }) as HistoryEvent;
  counter.observe(r, [
    at(1, 'ExecutionStarted', { executionStartedEventDetails: { input: '{}' } }, r.startDate),
    at(2, 'TaskStateEntered', { stateEnteredEventDetails: { name: 'Charge' } }, r.startDate),
  ]);
  const details =
    end === 'ExecutionFailed'
      ? { executionFailedEventDetails: { error: 'CardDeclined' } }
      : { executionSucceededEventDetails: {} };
  counter.observe(r, [at(3, end, details, r.startDate + millis)]);
}

describe('Express executions per minute', () => {
  it("adds two nodes' counts and reads them back by status, duration and failing state", async () => {
    const store = openSqliteStore({ file: ':memory:' });
    const options = { store, now: () => now, onError: (e: unknown) => assert.fail(String(e)) };
    const [nodeA, nodeB] = [new ExpressMinutes(options), new ExpressMinutes(options)];
    try {
      for (let i = 0; i < 8; i++) run(nodeA, record(`a${String(i)}`, now - 30 * 60_000), 100 + i, 'ExecutionSucceeded');
      run(nodeB, record('b0', now - 10 * 60_000), 2000, 'ExecutionFailed');
      run(nodeB, record('b1', now - 10 * 60_000), 120, 'ExecutionSucceeded');
      // A Standard execution is not counted here: the metrics page reads stored executions for those.
      run(nodeB, record('s0', now - 10 * 60_000, 'execution'), 50, 'ExecutionFailed');
      await nodeA.close();
      await nodeB.close();
      const stats = await expressStats(store, machine, { now, hours: 1, buckets: 4 });
      assert.equal(stats.source, 'minute-counts');
      const totals = ['started', 'succeeded', 'failed', 'aborted', 'timedOut'].map((k) =>
        stats.buckets.reduce((n, b) => n + b[k as 'started'], 0),
      );
      assert.deepEqual(totals, [10, 9, 1, 0, 0]);
      assert.equal(stats.executionsRead, 10);
      assert.deepEqual(stats.failures, [{ state: 'Charge', error: 'CardDeclined', count: 1 }]);
      const [early, late] = [stats.buckets.at(2), stats.buckets.at(3)];
      assert.ok(early !== undefined && late !== undefined);
      assert.equal(early.succeeded, 8);
      assert.ok(early.p50 !== undefined && early.p50 >= 103 && early.p50 <= 103 * 1.19);
      assert.equal(late.failed, 1);
      assert.ok(late.p99 !== undefined && late.p99 >= 2000 && late.p99 <= 2000 * 1.19);
    } finally {
      await store.close();
    }
  });

  it('keeps the counts of a failed write from stopping the counter, and reports the failure', async () => {
    const errors: unknown[] = [];
    const store = openSqliteStore({ file: ':memory:' });
    await store.close();
    const counter = new ExpressMinutes({ store, now: () => now, onError: (e) => errors.push(e) });
    run(counter, record('x', now), 5, 'ExecutionSucceeded');
    await counter.close();
    assert.equal(errors.length, 1);
  });

  it('a duration bucket holds durations up to its upper bound, which is within 19 % of them', () => {
    for (const millis of [2, 3, 10, 99, 100, 1000, 12_345, 3_600_000]) {
      const bound = bucketUpperBound(durationBucket(millis));
      assert.ok(bound >= millis && bound <= millis * 1.19 + 1, `${String(millis)} → ${String(bound)}`);
    }
    assert.deepEqual(histogramQuantiles(new Map()), {});
    assert.deepEqual(histogramQuantiles(new Map([[durationBucket(100), 1]])), {
      p50: bucketUpperBound(durationBucket(100)),
      p90: bucketUpperBound(durationBucket(100)),
      p99: bucketUpperBound(durationBucket(100)),
    });
  });
});
