// The crash-loop breaker through the runtime: a step that throws (here, a services bug) is retried each
// time its lease runs out, then its execution is stopped with States.Runtime and a cause saying why;
// other executions run on.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { EvaluationServices } from '@stepwise/core';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { systemClock } from './clock.ts';
import { maxWorkFailures } from './crash-breaker.ts';
import { Runtime } from './runtime.ts';
import { FakeTasks, fixedServices, start } from './runtime-test-support.ts';

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
