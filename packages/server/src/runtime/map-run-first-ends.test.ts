// A STANDARD map run counts the ends of children that end in their first step (a Pass or Fail child) with
// the batch that started them: no end report per child, the run decided by those counts, and a crash
// between the children's start and their count leaves them to be found and counted after the restart.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MapRunStore } from '../store/map-run-store.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Store, WorkItem } from '../store/store.ts';
import { ManualClock } from './clock.ts';
import { Runtime } from './runtime.ts';
import { FakeTasks, fixedServices, start, t0 } from './runtime-test-support.ts';
import { runInVirtualTime } from './virtual-time.ts';

/** Items 0..n-1 through STANDARD children that pass their item on, or fail it when it is in `failing`. */
function definition(n: number, failing: number[], tolerated: number): object {
  const child = {
    StartAt: 'Which',
    States: {
      Which: {
        Type: 'Choice',
        Choices: failing.map((item) => ({ Variable: '$', NumericEquals: item, Next: 'Bad' })),
        Default: 'Keep',
      },
      Keep: { Type: 'Pass', End: true },
      Bad: { Type: 'Fail', Error: 'Bad', Cause: 'a failing item' },
    },
  };
  return {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 100,
        ToleratedFailureCount: tolerated,
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, ...child },
        End: true,
      },
    },
  };
}

/** What the store was asked to do: end reports written with a child's first step, and ends counted one by one. */
interface Seen {
  reports: number;
  singleEnds: number;
}

type MapRunsStore = Store & MapRunStore;

/** The store, counting what `Seen` holds; `crashOnce` makes the first count of ends throw (a crash there). */
function watched(store: MapRunsStore, seen: Seen, crashOnce: { armed: boolean }): MapRunsStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'createExecution')
        return (record: Parameters<Store['createExecution']>[0], first: Parameters<Store['createExecution']>[1]) => {
          seen.reports += (first.addWork ?? []).filter(
            (item: WorkItem) => item.kind === 'mapRun' && item.action.type === 'childEnded',
          ).length;
          return target.createExecution(record, first);
        };
      if (key === 'childEnded') seen.singleEnds += 1;
      if (key === 'childrenEnded' && crashOnce.armed) {
        crashOnce.armed = false;
        return () => Promise.reject(new Error('crash before the ends are counted'));
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

async function runMap(n: number, failing: number[], tolerated: number, crash = false) {
  const store = openSqliteStore({ file: ':memory:' });
  const seen: Seen = { reports: 0, singleEnds: 0 };
  const watchedStore = watched(store, seen, { armed: crash });
  const clock = new ManualClock(t0);
  // One source of ids for both processes: a second one would name new children as the first did.
  const services = fixedServices();
  const runtime = (): Runtime => new Runtime({ store: watchedStore, clock, tasks: new FakeTasks({}), services });
  const items = Array.from({ length: n }, (_, index) => index);
  const s = start(definition(n, failing, tolerated), 'fan', { items });
  let first = runtime();
  await first.startExecution(s);
  if (crash) {
    await assert.rejects(runInVirtualTime(first, clock), /crash before the ends are counted/);
    await first.close();
    // The process that crashed is gone; a new one takes the run's work item over once its lease runs out.
    first = runtime();
  }
  await runInVirtualTime(first, clock);
  const record = await store.getExecution(s.arn);
  const runs = await store.listMapRuns(s.arn, { limit: 10 });
  await first.close();
  await store.close();
  const run = runs.items.at(0);
  return { record, run, seen };
}

describe('a STANDARD map run whose children end in their first step', () => {
  it('counts their ends with the batch that started them: no end report per child', async () => {
    const { record, run, seen } = await runMap(250, [3], 1);
    assert.equal(record?.status, 'SUCCEEDED', record?.state.cause);
    assert.equal(run?.status, 'SUCCEEDED');
    assert.deepEqual([run.counts.succeeded, run.counts.failed, run.counts.total], [249, 1, 250]);
    assert.deepEqual(seen, { reports: 0, singleEnds: 0 });
  });

  it('is decided by those counts: past its tolerance the run fails, and its parent with it', async () => {
    const { record, run } = await runMap(250, [3, 7], 1);
    assert.equal(record?.status, 'FAILED');
    assert.equal(record.error, 'States.ExceedToleratedFailureThreshold');
    assert.equal(run?.status, 'FAILED');
  });

  it('after a crash between their start and their count, the next attempt finds and counts them', async () => {
    const { record, run } = await runMap(250, [3], 1, true);
    assert.equal(record?.status, 'SUCCEEDED', record?.state.cause);
    assert.deepEqual([run?.counts.succeeded, run?.counts.failed, run?.counts.running], [249, 1, 0]);
  });
});
