// The history reader on histories shaped as the engine records them (ids, previousEventId links, details).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { historyEventDetailsKeys, type HistoryEventType } from '@stepwise/core';
import type { ExecutionStatus, HistoryEvent } from '../api/types.ts';
import { inIteration, stateSummaries } from './statuses.ts';
import { readTrace } from './trace.ts';

function ev(id: number, previousEventId: number, name: string, details?: Record<string, unknown>): HistoryEvent {
  if (!(name in historyEventDetailsKeys)) throw new Error(`${name} is not a history event type`);
  const type = name as HistoryEventType;
  const key = historyEventDetailsKeys[type];
  const event: HistoryEvent = { id, previousEventId, timestamp: 1_700_000_000 + id / 10, type };
  return details === undefined || key === null ? event : { ...event, [key]: details };
}

const entered = (id: number, prev: number, type: string, name: string) =>
  ev(id, prev, `${type}StateEntered`, { name, input: '{}' });
const exited = (id: number, prev: number, type: string, name: string) =>
  ev(id, prev, `${type}StateExited`, { name, output: '{}' });

function statuses(events: HistoryEvent[], status: ExecutionStatus, iteration?: string) {
  const summaries = stateSummaries(readTrace(events, status), iteration);
  return Object.fromEntries([...summaries].map(([name, s]) => [name, s.status]));
}

// A Parallel whose second branch fails, is retried once, fails again and is caught (as the engine records it).
const parallelCaught = [
  ev(1, 0, 'ExecutionStarted', { input: '{}' }),
  entered(2, 1, 'Parallel', 'Par'),
  ev(3, 2, 'ParallelStateStarted'),
  entered(4, 3, 'Pass', 'B1'),
  exited(5, 4, 'Pass', 'B1'),
  entered(6, 3, 'Fail', 'B2'),
  ev(7, 6, 'ParallelStateStarted'),
  entered(8, 7, 'Pass', 'B1'),
  exited(9, 8, 'Pass', 'B1'),
  entered(10, 7, 'Fail', 'B2'),
  ev(11, 10, 'ParallelStateFailed'),
  exited(12, 11, 'Parallel', 'Par'),
  entered(13, 12, 'Pass', 'Handle'),
  exited(14, 13, 'Pass', 'Handle'),
  entered(15, 14, 'Succeed', 'Done'),
  exited(16, 15, 'Succeed', 'Done'),
  ev(17, 16, 'ExecutionSucceeded', { output: '{}' }),
];

// A Lambda task retried once, failing both times, which fails the execution.
const taskFailed = [
  ev(1, 0, 'ExecutionStarted', { input: '{}' }),
  entered(2, 1, 'Task', 'Call'),
  ev(3, 2, 'LambdaFunctionScheduled', { resource: 'f' }),
  ev(4, 3, 'LambdaFunctionStarted'),
  ev(5, 4, 'LambdaFunctionFailed', { error: 'Flaky', cause: 'first' }),
  ev(6, 5, 'LambdaFunctionScheduled', { resource: 'f' }),
  ev(7, 6, 'LambdaFunctionStarted'),
  ev(8, 7, 'LambdaFunctionFailed', { error: 'Flaky', cause: 'second' }),
  ev(9, 8, 'ExecutionFailed', { error: 'Flaky', cause: 'second' }),
];

// A Map of two iterations, the second failing, which fails the Map and the execution.
const mapFailed = [
  ev(1, 0, 'ExecutionStarted', { input: '[1,2]' }),
  entered(2, 1, 'Map', 'Fan'),
  ev(3, 2, 'MapStateStarted', { length: 2 }),
  ev(4, 3, 'MapIterationStarted', { index: 0, name: 'Fan' }),
  ev(5, 4, 'MapIterationStarted', { index: 1, name: 'Fan' }),
  entered(6, 4, 'Pass', 'Work'),
  exited(7, 6, 'Pass', 'Work'),
  ev(8, 7, 'MapIterationSucceeded', { index: 0, name: 'Fan' }),
  entered(9, 5, 'Fail', 'Work'),
  ev(10, 9, 'MapIterationFailed', { index: 1, name: 'Fan' }),
  ev(11, 10, 'MapStateFailed'),
  ev(12, 11, 'ExecutionFailed', { error: 'States.ExceedToleratedFailureThreshold' }),
];

describe('readTrace', () => {
  it('follows Parallel attempts: the failing branch failed, its Parallel caught it after a retry', () => {
    const trace = readTrace(parallelCaught, 'SUCCEEDED');
    assert.deepEqual(statuses(parallelCaught, 'SUCCEEDED'), {
      Par: 'caught',
      B1: 'succeeded',
      B2: 'failed',
      Handle: 'succeeded',
      Done: 'succeeded',
    });
    const par = trace.visits.find((v) => v.name === 'Par');
    assert.equal(par?.attempts, 2);
    assert.deepEqual(par.events, [2, 3, 7, 11, 12]);
    assert.equal(trace.visitOf.get(8)?.scope.owner, par);
  });

  it('counts a task’s attempts and keeps the error and cause that failed the execution', () => {
    const call = readTrace(taskFailed, 'FAILED').visits[0];
    assert.equal(call?.status, 'failed');
    assert.equal(call.attempts, 2);
    assert.deepEqual(
      call.failures.map((f) => f.cause),
      ['first', 'second'],
    );
  });

  it('shows a running task as running while the execution runs, and aborted once it was stopped', () => {
    const running = taskFailed.slice(0, 4);
    assert.equal(statuses(running, 'RUNNING').Call, 'running');
    assert.equal(statuses(running, 'ABORTED').Call, 'aborted');
  });

  it('marks where a failure came from even without a failure event of the state', () => {
    const events = [
      ev(1, 0, 'ExecutionStarted', { input: '{}' }),
      entered(2, 1, 'Map', 'Fan'),
      ev(3, 2, 'ExecutionFailed', { error: 'States.Runtime', cause: 'Invalid path' }),
    ];
    const fan = readTrace(events, 'FAILED').visits[0];
    assert.equal(fan?.status, 'failed');
    assert.equal(fan.failures[0]?.cause, 'Invalid path');
  });

  it('reads Map iterations: each its own scope, with status and the worst one shown for the state', () => {
    const trace = readTrace(mapFailed, 'FAILED');
    const fan = trace.visits.find((v) => v.name === 'Fan');
    assert.deepEqual(
      [...(fan?.iterations.values() ?? [])].map((s) => [s.index, s.status, s.path]),
      [
        [0, 'succeeded', '/Fan[0]'],
        [1, 'failed', '/Fan[1]'],
      ],
    );
    assert.equal(fan?.itemCount, 2);
    assert.equal(fan.status, 'failed');
    assert.equal(statuses(mapFailed, 'FAILED').Work, 'failed');
    assert.equal(statuses(mapFailed, 'FAILED', '/Fan[0]').Work, 'succeeded');
    const summary = stateSummaries(trace).get('Work');
    assert.deepEqual(summary?.counts, { succeeded: 1, failed: 1 });
  });
});

describe('a Distributed Map', () => {
  const mapRunArn = 'arn:aws:states:us-east-1:123456789012:mapRun:orders/Fan:5e2b7d0c-0000-4000-8000-000000000001';
  const distributed = [
    ev(1, 0, 'ExecutionStarted', { input: '{}' }),
    entered(2, 1, 'Map', 'Fan'),
    ev(3, 2, 'MapStateStarted', { length: 3000 }),
    ev(4, 3, 'MapRunStarted', { mapRunArn }),
    ev(5, 4, 'MapRunSucceeded'),
    ev(6, 5, 'MapStateSucceeded'),
    exited(7, 6, 'Map', 'Fan'),
    ev(8, 7, 'ExecutionSucceeded', { output: '{}' }),
  ];

  it("keeps its run's ARN on the Map's visit, with no iterations of its own", () => {
    const fan = readTrace(distributed, 'SUCCEEDED').visits.find((v) => v.name === 'Fan');
    assert.equal(fan?.mapRunArn, mapRunArn);
    assert.equal(fan.itemCount, 3000);
    assert.equal(fan.iterations.size, 0);
    assert.equal(fan.status, 'succeeded');
  });

  it('an inline Map has none', () => {
    const fan = readTrace(distributed.slice(0, 3), 'RUNNING').visits.find((v) => v.name === 'Fan');
    assert.equal(fan?.mapRunArn, undefined);
  });
});

describe('inIteration', () => {
  const cases: [string, string, boolean][] = [
    ['', '/Fan[3]', true],
    ['/Fan[3]', '/Fan[3]', true],
    ['/Fan[3]/Inner[0]', '/Fan[3]', true],
    ['/Fan[30]', '/Fan[3]', false],
    ['/Fan[2]', '/Fan[3]', false],
    ['/Other[2]', '/Fan[3]', true],
    ['/Fan[4]/Inner[2]', '/Fan[3]/Inner[2]', false],
    ['/Fan[3]/Inner[1]', '/Fan[3]/Inner[2]', false],
  ];
  for (const [path, iteration, expected] of cases) {
    it(`${path || '(top)'} within ${iteration}: ${String(expected)}`, () => {
      assert.equal(inIteration(path, iteration), expected);
    });
  }
});
