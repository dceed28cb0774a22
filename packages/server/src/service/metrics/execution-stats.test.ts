import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketize, quantiles } from './execution-stats.ts';

const at = (ms: number): Date => new Date(ms);

describe('execution stats', () => {
  it('nearest-rank quantiles are durations that some execution took', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.deepEqual(quantiles(values), { p50: 50, p90: 90, p99: 99 });
    assert.deepEqual(quantiles([7]), { p50: 7, p90: 7, p99: 7 });
    assert.deepEqual(quantiles([]), {});
  });

  it('counts a start where it started and an end (with its duration) where it ended', () => {
    const buckets = bucketize(
      [
        { executionArn: 'a', status: 'SUCCEEDED', startDate: at(1_000), stopDate: at(1_500) },
        { executionArn: 'b', status: 'FAILED', startDate: at(1_900), stopDate: at(2_300) },
        { executionArn: 'c', status: 'RUNNING', startDate: at(2_500) },
        { executionArn: 'd', status: 'TIMED_OUT', startDate: at(2_000), stopDate: at(2_999) },
        { executionArn: 'e', status: 'ABORTED', startDate: at(2_100), stopDate: at(5_000) },
      ],
      1_000,
      1_000,
      2,
    );
    assert.deepEqual(buckets, [
      { start: 1_000, started: 2, succeeded: 1, failed: 0, aborted: 0, timedOut: 0, p50: 500, p90: 500, p99: 500 },
      // An end after the window's last bucket (a clock ahead of `now`) is counted in the last one.
      { start: 2_000, started: 3, succeeded: 0, failed: 1, aborted: 1, timedOut: 1, p50: 999, p90: 2_900, p99: 2_900 },
    ]);
  });
});
