// An inline Map's results leave the runtime's state once stored (map-results.ts): after every commit the
// running Map holds none of them, its output and history are the in-memory runner's, and a Map that fails
// keeps them in its redrive snapshot, so that a redrive reruns only what did not succeed.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExecutionState, JsonValue } from '@stepwise/core';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { StepCommit, Store } from '../store/store.ts';
import { ManualClock } from './clock.ts';
import { Runtime } from './runtime.ts';
import { FakeTasks, fixedServices, fn, oracle, start, t0 } from './runtime-test-support.ts';
import { runInVirtualTime } from './virtual-time.ts';

const definition = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      MaxConcurrency: 5,
      ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: fn('work'), End: true } } },
      End: true,
    },
  },
};

const items = Array.from({ length: 120 }, (_, index) => index);
const output = (item: JsonValue): string => JSON.stringify({ item, pad: 'x'.repeat(100) });

/** The results a running inline Map holds in the state. */
function heldResults(state: ExecutionState): number {
  let held = 0;
  for (const thread of Object.values(state.threads)) {
    const pending = thread.pending;
    if (pending?.kind === 'map') held += pending.results.filter((result) => result !== null).length;
  }
  return held;
}

/** A store recording, after each committed step, the Map results its state still holds. */
function watchingStore(store: Store, held: number[]): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key !== 'commitStep') return Reflect.get(target, key, receiver) as unknown;
      return async (commit: StepCommit) => {
        const outcome = await target.commitStep(commit);
        if (outcome === 'committed') held.push(heldResults(commit.state));
        return outcome;
      };
    },
  });
}

describe("an inline Map's stored results", () => {
  it('leave the state once stored, and come back whole in the output', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    const held: number[] = [];
    const clock = new ManualClock(t0);
    const tasks = (): FakeTasks => new FakeTasks({ work: (input) => ({ output: output(input) }) });
    const runtime = new Runtime({
      store: watchingStore(store, held),
      clock,
      tasks: tasks(),
      services: fixedServices(),
    });
    const s = start(definition, 'm', items);
    await runtime.startExecution(s);
    await runInVirtualTime(runtime, clock);
    const record = await store.getExecution(s.arn);
    const history = (await store.getHistory(s.arn, { limit: 10_000 })).items;
    await runtime.close();
    await store.close();
    assert.equal(record?.status, 'SUCCEEDED', record?.state.cause);
    assert.equal(record.state.output, `[${items.map(output).join(',')}]`);
    assert.deepEqual(history, (await oracle(s, tasks())).events);
    assert.ok(held.length >= items.length, `${held.length} commits`);
    assert.deepEqual(new Set(held), new Set([0]), 'no commit left a stored result in the state');
  });

  it('stay in the snapshot of a Map that failed, and a redrive reruns only the failed iteration', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    const clock = new ManualClock(t0);
    let fail = true;
    const rerun: number[] = [];
    const tasks = new FakeTasks({
      work: (input) => {
        if (!fail) rerun.push(input as number);
        return input === 100 && fail ? { error: 'Bad', cause: 'item 100' } : { output: output(input) };
      },
    });
    const runtime = new Runtime({ store, clock, tasks, services: fixedServices() });
    const s = start(definition, 'm', items);
    await runtime.startExecution(s);
    await runInVirtualTime(runtime, clock);
    assert.equal((await store.getExecution(s.arn))?.status, 'FAILED');
    fail = false;
    await runtime.redriveExecution(s.arn);
    await runInVirtualTime(runtime, clock);
    const record = await store.getExecution(s.arn);
    await runtime.close();
    await store.close();
    assert.equal(record?.status, 'SUCCEEDED', record?.state.cause);
    assert.equal(record.state.output, `[${items.map(output).join(',')}]`);
    // Item 100, those still running when it failed (MaxConcurrency 5) and those not started run again.
    assert.ok(Math.min(...rerun) > 95, `${rerun.join(', ')} ran again`);
    for (let item = 100; item < items.length; item++) assert.ok(rerun.includes(item), `${item} ran again`);
  });
});
