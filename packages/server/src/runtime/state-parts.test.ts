// The state in parts, through the durable runtime: after every commit the store's assembled state is the
// runtime's own (the parts describe the state exactly), the history is the in-memory runner's, a new
// runtime on the store (a restart) carries on, and a step of a Map writes as many rows whatever its size.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExecutionState, JsonValue } from '@stepwise/core';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { StepCommit, Store } from '../store/store.ts';
import { ManualClock } from './clock.ts';
import { Runtime } from './runtime.ts';
import { FakeTasks, fixedServices, fn, oracle, start, t0 } from './runtime-test-support.ts';
import { runInVirtualTime } from './virtual-time.ts';

/** Iterations of a Parallel of a Task and a Pass; item 3 fails, tolerated; a Wait between some steps. */
function mapDefinition(maxConcurrency: number): object {
  const iteration = {
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'T', States: { T: { Type: 'Task', Resource: fn('work'), End: true } } },
          { StartAt: 'P', States: { P: { Type: 'Pass', Result: 'side', End: true } } },
        ],
        Next: 'Pause',
      },
      Pause: { Type: 'Wait', Seconds: 1, End: true },
    },
  };
  return {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: maxConcurrency,
        ToleratedFailureCount: 1,
        ItemProcessor: iteration,
        Next: 'Count',
      },
      Count: { Type: 'Pass', Parameters: { 'n.$': 'States.ArrayLength($)' }, End: true },
    },
  };
}

const tasks = (): FakeTasks =>
  new FakeTasks({
    work: (input) =>
      input === 3
        ? { error: 'Bad', cause: 'item 3' }
        : { output: JSON.stringify({ item: input, pad: 'x'.repeat(40) }) },
  });

/** A store that, after each committed step, reads the execution back and compares it with the step's state. */
function checkingStore(store: Store, rowsPerCommit: number[], released: number[] = []): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key !== 'commitStep') return Reflect.get(target, key, receiver) as unknown;
      return async (commit: StepCommit) => {
        const outcome = await target.commitStep(commit);
        if (outcome !== 'committed') return outcome;
        rowsPerCommit.push((commit.parts?.put.length ?? 0) + (commit.parts?.remove.length ?? 0));
        const stored = await target.getExecution(commit.executionArn);
        assert.ok(stored !== undefined);
        released.push(assertSameState(stored.state, commit.state));
        return outcome;
      };
    },
  });
}

/**
 * The live state is the stored one, except for the inline Map results the runtime left in the store only
 * (holes: see map-results.ts), which the store must hold. Returns how many results were left there.
 */
function assertSameState(stored: ExecutionState, live: ExecutionState): number {
  assert.deepEqual(Object.keys(stored.threads), Object.keys(live.threads), 'the threads, in order');
  let released = 0;
  for (const [id, thread] of Object.entries(live.threads)) {
    const pending = thread.pending;
    const storedPending = stored.threads[id]?.pending;
    if (pending?.kind !== 'map' || storedPending?.kind !== 'map') continue;
    for (let index = 0; index < pending.results.length; index++) {
      if (pending.results[index] !== undefined) continue;
      assert.notEqual(storedPending.results[index], null, `result ${index} of ${id} is in the store`);
      storedPending.results[index] = null;
      released += 1;
    }
  }
  assert.deepStrictEqual(JSON.parse(JSON.stringify(stored)), JSON.parse(JSON.stringify(live)));
  return released;
}

async function runMap(items: number, maxConcurrency: number, restartAt?: number) {
  const store = openSqliteStore({ file: ':memory:' });
  const rowsPerCommit: number[] = [];
  const released: number[] = [];
  const checked = checkingStore(store, rowsPerCommit, released);
  const clock = new ManualClock(t0);
  const runtime = (): Runtime => new Runtime({ store: checked, clock, tasks: tasks(), services: fixedServices() });
  const input: JsonValue = { items: Array.from({ length: items }, (_, index) => index) };
  const s = start(mapDefinition(maxConcurrency), 'm', input);
  let first = runtime();
  await first.startExecution(s);
  if (restartAt !== undefined) {
    // A restart: a new runtime, whose cache is empty, carries on from the store.
    await runInVirtualTime(first, clock, { horizon: t0 + restartAt * 1000 });
    await first.close();
    first = runtime();
  }
  await runInVirtualTime(first, clock);
  const record = await store.getExecution(s.arn);
  const history = await store.getHistory(s.arn, { limit: 100_000 });
  await first.close();
  await store.close();
  return { s, record, events: history.items, rowsPerCommit, released };
}

describe('the execution state in parts', () => {
  for (const [items, maxConcurrency] of [
    [12, 3],
    [8, 0],
  ] as const) {
    it(`stores exactly the runtime's state after every step: ${items} items, MaxConcurrency ${maxConcurrency}`, async () => {
      const run = await runMap(items, maxConcurrency);
      assert.ok(run.record !== undefined);
      assert.equal(run.record.status, 'SUCCEEDED', run.record.state.cause);
      assert.equal(run.record.state.output, `{"n":${items}}`);
      const expected = await oracle(run.s, tasks());
      assert.deepEqual(run.events, expected.events);
    });
  }

  it('stores what an ItemReader, a map run and a ResultWriter put in the Map (its items, then its results)', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    const clock = new ManualClock(t0);
    const s3 = new FakeTasks({
      getObject: () => ({ output: JSON.stringify(JSON.stringify([1, 2, 3, 4, 5])) }),
      putObject: () => ({ output: '{}' }),
    });
    const runtime = new Runtime({ store: checkingStore(store, []), clock, tasks: s3, services: fixedServices() });
    const definition = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k.json' } },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Keep',
            States: { Keep: { Type: 'Pass', End: true } },
          },
          ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'r', Prefix: 'out/' } },
          End: true,
        },
      },
    };
    const s = start(definition, 'reader', {});
    await runtime.startExecution(s);
    await runInVirtualTime(runtime, clock);
    const record = await store.getExecution(s.arn);
    await runtime.close();
    await store.close();
    assert.equal(record?.status, 'SUCCEEDED', record?.state.cause);
    assert.deepEqual(
      s3.calls.map((call) => call.slice(0, call.indexOf(':'))),
      ['getObject', 'putObject'],
    );
  });

  it('carries on after a restart with the same history', async () => {
    const run = await runMap(12, 3, 2);
    assert.ok(run.record !== undefined);
    assert.equal(run.record.status, 'SUCCEEDED', run.record.state.cause);
    assert.deepEqual(run.events, (await oracle(run.s, tasks())).events);
  });

  it("writes as many rows per step of a Map of 200 items as of one of 20: the step's, not the Map's", async () => {
    const small = await runMap(20, 4);
    const large = await runMap(200, 4);
    // The first steps aside (the Map starting its first iterations).
    const most = (rows: number[]): number => Math.max(...rows.slice(2));
    assert.ok(most(large.rowsPerCommit) <= most(small.rowsPerCommit), `${most(large.rowsPerCommit)} rows`);
    assert.ok(most(large.rowsPerCommit) < 20, `${most(large.rowsPerCommit)} rows`);
  });
});
