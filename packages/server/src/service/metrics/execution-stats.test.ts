import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StepFunctionsApi } from '../api.ts';
import { bucketize, executionStats, quantiles, statsLimits } from './execution-stats.ts';

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

  it('reads at most 20,000 executions, newest first, explains the 200 latest failures and says it cut the window', async () => {
    const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:busy';
    const total = statsLimits.executions + 500;
    // Newest first, one a second, every one FAILED one second after it started.
    const listed = Array.from({ length: total }, (_, i) => ({
      executionArn: `${machine.replace('stateMachine', 'execution')}:e${i}`,
      status: 'FAILED',
      startDate: at(100_000_000 - i * 1_000),
      stopDate: at(100_000_000 - i * 1_000 + 1_000),
    }));
    const explained: string[] = [];
    const api: StepFunctionsApi = {
      call: (operation, body) => {
        const request = body as { nextToken?: string; executionArn?: string };
        if (operation === 'ListExecutions') {
          const start = Number(request.nextToken ?? 0);
          const executions = listed.slice(start, start + 1_000);
          const next = start + 1_000 < total ? { nextToken: String(start + 1_000) } : {};
          return Promise.resolve({ executions, ...next });
        }
        assert.equal(operation, 'GetExecutionHistory');
        explained.push(request.executionArn ?? '');
        const events = [
          { type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Boom' } },
          { type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Charge' } },
        ];
        return Promise.resolve({ events });
      },
    };
    const stats = await executionStats(
      api,
      { requestId: 't' },
      { stateMachineArn: machine, now: 100_001_000, hours: 24, buckets: 4 },
    );
    assert.equal(stats.executionsRead, statsLimits.executions);
    assert.equal(stats.truncated, true);
    assert.equal(stats.failuresRead, statsLimits.failures);
    assert.deepEqual(
      explained,
      listed.slice(0, statsLimits.failures).map((e) => e.executionArn),
    );
    assert.deepEqual(stats.failures, [{ state: 'Charge', error: 'Boom', count: statsLimits.failures }]);
    assert.deepEqual(statsLimits, { executions: 20_000, failures: 200 });
  });
});
