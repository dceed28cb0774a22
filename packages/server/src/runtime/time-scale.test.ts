// serve --time-scale: Waits and Retry back-offs shrink by the scale, task timeouts do not; checked on the
// timer ids the engine really uses, through the durable runtime on a manual clock.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { ManualClock } from './clock.ts';
import { Runtime } from './runtime.ts';
import { FakeTasks, fixedServices, fn, start, t0 } from './runtime-test-support.ts';
import { scaledDueTime } from './time-scale.ts';
import { runInVirtualTime } from './virtual-time.ts';

describe('scaledDueTime', () => {
  const cases: { timer: string; scale: number; due: number }[] = [
    { timer: '0:wait:3', scale: 0, due: 1000 },
    { timer: '0:wait:3', scale: 0.5, due: 1000 + 1800 },
    { timer: '0.1:retry:12', scale: 0.1, due: 1000 + 360 },
    { timer: '0:task:4:timeout', scale: 0, due: 1000 + 3600 },
    { timer: '0:heartbeat:5', scale: 0, due: 1000 + 3600 },
    { timer: 'execution-timeout', scale: 0, due: 1000 + 3600 },
    { timer: '0:wait:3', scale: 1, due: 1000 + 3600 },
  ];
  for (const { timer, scale, due } of cases) {
    it(`${timer} at scale ${String(scale)} is due at ${String(due)}`, () => {
      assert.equal(scaledDueTime(timer, 1000 + 3600, 1000, scale), due);
    });
  }

  it('leaves a Wait whose timestamp has passed due at once', () => {
    assert.equal(scaledDueTime('0:wait:1', 500, 1000, 0.5), 1000);
  });
});

describe('Runtime with a wait time scale', () => {
  const definition = {
    StartAt: 'Pause',
    States: {
      Pause: { Type: 'Wait', Seconds: 3600, Next: 'Call' },
      Call: {
        Type: 'Task',
        Resource: fn('work'),
        TimeoutSeconds: 600,
        Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 100, MaxAttempts: 2 }],
        End: true,
      },
    },
  };

  async function eventTimes(scale: number): Promise<Record<string, number[]>> {
    const tasks = new FakeTasks({ work: () => ({ output: '"done"' }) }).failFirst('work', 1);
    const store = openSqliteStore({ file: ':memory:' });
    const clock = new ManualClock(t0);
    const runtime = new Runtime({ store, clock, tasks, services: fixedServices(), waitTimeScale: scale });
    const s = start(definition, 'scaled');
    await runtime.startExecution(s);
    await runInVirtualTime(runtime, clock);
    assert.equal((await store.getExecution(s.arn))?.status, 'SUCCEEDED');
    const times: Record<string, number[]> = {};
    for (const event of (await store.getHistory(s.arn, { limit: 100 })).items) {
      times[event.type] = [...(times[event.type] ?? []), (event.timestamp - t0) / 1000];
    }
    await store.close();
    return times;
  }

  it('waits half as long at 0.5: the Wait and the back-off', async () => {
    const times = await eventTimes(0.5);
    assert.deepEqual(times.WaitStateExited, [1800]);
    assert.deepEqual(times.LambdaFunctionScheduled, [1800, 1850]);
  });

  it('waits not at all at 0', async () => {
    const times = await eventTimes(0);
    assert.deepEqual(times.WaitStateExited, [0]);
    assert.deepEqual(times.LambdaFunctionScheduled, [0, 0]);
  });
});
