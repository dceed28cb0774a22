// The crash-loop breaker through the runtime: a step that throws (here, a services bug) is retried each
// time its lease runs out, then its execution is stopped with States.Runtime and a cause saying why;
// other executions run on.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { EvaluationServices } from '@stepwise/core';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { systemClock } from './clock.ts';
import { maxWorkAttempts, maxWorkFailures } from './crash-breaker.ts';
import { Runtime } from './runtime.ts';
import { FakeTasks, fixedServices, harness, start } from './runtime-test-support.ts';

const brokenUuid: EvaluationServices = {
  ...fixedServices(),
  uuid: () => {
    throw new Error('uuid source broken');
  },
};

it(
  'an execution whose step keeps throwing is stopped with States.Runtime after the breaker trips',
  { timeout: 20_000 },
  async () => {
    const store = openSqliteStore({ file: ':memory:' });
    const failures: string[] = [];
    const runtime = new Runtime({
      store,
      clock: systemClock,
      tasks: new FakeTasks({}),
      services: brokenUuid,
      leaseMillis: 60,
      onWorkError: (error) => failures.push(String(error)),
    });
    try {
      const broken = start(
        {
          StartAt: 'W',
          States: {
            W: { Type: 'Wait', Seconds: 0, Next: 'Id' },
            Id: { Type: 'Pass', Parameters: { 'id.$': 'States.UUID()' }, End: true },
          },
        },
        'broken',
      );
      const healthy = start({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, 'healthy');
      const brokenEnd = runtime.whenEnded(broken.arn);
      await runtime.startExecution(broken);
      runtime.start();
      const stopped = await brokenEnd;
      assert.equal(stopped.status, 'ABORTED');
      assert.equal(stopped.state.error, 'States.Runtime');
      assert.match(stopped.state.cause ?? '', /its work failed 3 times in a row \(Error: uuid source broken\)/);
      assert.equal(failures.length, maxWorkFailures);
      const healthyEnd = runtime.whenEnded(healthy.arn);
      await runtime.startExecution(healthy);
      assert.equal((await healthyEnd).status, 'SUCCEEDED');
    } finally {
      await runtime.close();
      await store.close();
    }
  },
);

it('work claimed more than maxWorkAttempts times (the process died during each) stops its execution', async () => {
  const { store, clock, runtime } = harness(new FakeTasks({}));
  try {
    const crashing = start({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, End: true } } }, 'crashing');
    await runtime.startExecution(crashing);
    await runtime.runDue();
    clock.set(clock.now() + 1_000);
    // Nodes that claimed the timer and died: each lease runs out and the claim counts.
    for (let i = 0; i < maxWorkAttempts; i++) {
      const now = clock.now();
      const claimed = await store.claimWork({ owner: `dead-${String(i)}`, now, leaseUntil: now + 100, limit: 10 });
      assert.equal(claimed.length, 1);
      clock.set(now + 100);
    }
    await runtime.runDue();
    const stopped = await store.getExecution(crashing.arn);
    assert.equal(stopped?.status, 'ABORTED');
    assert.equal(stopped.state.error, 'States.Runtime');
    assert.match(stopped.state.cause ?? '', /its timer work was started 3 times and never finished/);
    assert.deepEqual(await store.listWork(crashing.arn), []);
  } finally {
    await runtime.close();
    await store.close();
  }
});

it('work claimed maxWorkAttempts times is still performed', async () => {
  const { store, clock, runtime } = harness(new FakeTasks({}));
  try {
    const survivor = start({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, End: true } } }, 'survivor');
    await runtime.startExecution(survivor);
    await runtime.runDue();
    clock.set(clock.now() + 1_000);
    for (let i = 0; i < maxWorkAttempts - 1; i++) {
      const now = clock.now();
      await store.claimWork({ owner: `dead-${String(i)}`, now, leaseUntil: now + 100, limit: 10 });
      clock.set(now + 100);
    }
    await runtime.runDue();
    assert.equal((await store.getExecution(survivor.arn))?.status, 'SUCCEEDED');
  } finally {
    await runtime.close();
    await store.close();
  }
});
