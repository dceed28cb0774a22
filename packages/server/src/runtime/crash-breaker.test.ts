// The crash-loop breaker through the runtime: a step that throws (here, a services bug) is retried each
// time its lease runs out, then its execution is stopped with States.Runtime and a cause saying why;
// other executions run on. A step its storage refuses is not charged: it is tried again a second later.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { EvaluationServices } from '@stepwise/core';
import type { ClaimedWork } from '../store/records.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { StorageFault } from '../store/storage-fault.ts';
import { systemClock } from './clock.ts';
import { maxWorkCrashes, maxWorkFailures } from './crash-breaker.ts';
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

const waitOne = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, End: true } } };

/**
 * Nodes that claim the due work and die: each claim's lease runs out. A node marks only `guilty` (the
 * item it was performing when it died), and only from the second claim on, as the runtime does.
 */
async function dieWhilePerforming(
  h: ReturnType<typeof harness>,
  guilty: string | ((item: ClaimedWork) => boolean),
  deaths: number,
): Promise<void> {
  const isGuilty = typeof guilty === 'string' ? (item: ClaimedWork) => item.executionArn === guilty : guilty;
  for (let death = 0; death < deaths; death++) {
    const now = h.clock.now();
    const owner = `dead-${String(death)}`;
    const claimed = await h.store.claimWork({ owner, now, leaseUntil: now + 100, limit: 10 });
    const item = claimed.find(isGuilty);
    if (item !== undefined && item.attempts > 1) await h.store.markWork(owner, item.id, true);
    h.clock.set(now + 100);
  }
}

it('an execution whose work the process died in maxWorkCrashes times is stopped; the others run on', async () => {
  const h = harness(new FakeTasks({}));
  try {
    const guilty = start(waitOne, 'guilty');
    const innocent = start(waitOne, 'innocent');
    await h.runtime.startExecution(guilty);
    await h.runtime.startExecution(innocent);
    await h.runtime.runDue();
    h.clock.set(h.clock.now() + 1_000);
    // The first death is not charged (the first claim runs unmarked); the next maxWorkCrashes are.
    await dieWhilePerforming(h, guilty.arn, maxWorkCrashes + 1);
    await h.runtime.runDue();
    const stopped = await h.store.getExecution(guilty.arn);
    assert.equal(stopped?.status, 'ABORTED');
    assert.equal(stopped.state.error, 'States.Runtime');
    assert.match(stopped.state.cause ?? '', /server stopped abruptly 3 times while performing its timer work/);
    assert.deepEqual(await h.store.listWork(guilty.arn), []);
    assert.equal((await h.store.getExecution(innocent.arn))?.status, 'SUCCEEDED');
  } finally {
    await h.runtime.close();
    await h.store.close();
  }
});

it('work the process died in fewer times is performed', async () => {
  const h = harness(new FakeTasks({}));
  try {
    const survivor = start(waitOne, 'survivor');
    await h.runtime.startExecution(survivor);
    await h.runtime.runDue();
    h.clock.set(h.clock.now() + 1_000);
    await dieWhilePerforming(h, survivor.arn, maxWorkCrashes);
    await h.runtime.runDue();
    assert.equal((await h.store.getExecution(survivor.arn))?.status, 'SUCCEEDED');
  } finally {
    await h.runtime.close();
    await h.store.close();
  }
});

it(
  'a step its storage refuses (a full disk) is not charged to the execution and is tried again within seconds',
  { timeout: 30_000 },
  async () => {
    const store = openSqliteStore({ file: ':memory:' });
    let refusals = maxWorkFailures + 2;
    // The store refuses the step's commits as a full disk would, then has room again.
    const full = new Proxy(store, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (key === 'commitStep' && refusals > 0) {
          return () => {
            refusals--;
            return Promise.reject(new StorageFault('the disk is full', 'stepwise.db', 'SQLITE_FULL'));
          };
        }
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const failures: unknown[] = [];
    // The lease outlasts the test: only the runtime's own retry can bring the step back in time.
    const runtime = new Runtime({
      store: full,
      clock: systemClock,
      tasks: new FakeTasks({}),
      services: fixedServices(),
      leaseMillis: 600_000,
      onWorkError: (error) => failures.push(error),
    });
    try {
      const waits = start({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 0, End: true } } }, 'waits');
      const ended = runtime.whenEnded(waits.arn);
      await runtime.startExecution(waits);
      runtime.start();
      assert.equal((await ended).status, 'SUCCEEDED');
      assert.equal(failures.length, maxWorkFailures + 2);
      assert.ok(failures.every((error) => error instanceof StorageFault));
    } finally {
      await runtime.close();
      await store.close();
    }
  },
);
it("a map run's work item the process died in maxWorkCrashes times stops the run's parent and is consumed", async () => {
  const h = harness(new FakeTasks({}));
  try {
    const fan = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'P',
            States: { P: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    };
    const parent = start(fan, 'parent', [1, 2]);
    await h.runtime.startExecution(parent);
    // Its item names the map run, not an execution: stopping that stopped nothing, and it looped forever.
    await dieWhilePerforming(h, (item) => item.kind === 'mapRun', maxWorkCrashes + 1);
    await h.runtime.runDue();
    const stopped = await h.store.getExecution(parent.arn);
    assert.equal(stopped?.status, 'ABORTED');
    assert.match(stopped.state.cause ?? '', /server stopped abruptly 3 times while performing its mapRun work/);
    const claimable = await h.store.claimWork({ owner: 'n2', now: h.clock.now() + 60_000, leaseUntil: 0, limit: 10 });
    assert.deepEqual(
      claimable.filter((item) => item.kind === 'mapRun' && item.action.type === 'start'),
      [],
      'the broken item is consumed',
    );
  } finally {
    await h.runtime.close();
    await h.store.close();
  }
});
