// The durable runtime against core's in-memory runner (same events), plus what only it has: idempotent
// start, stop, restart after a crash, Express, and the scheduler on a manual clock.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { JsonValue } from '@stepwise/core';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { ManualClock, systemClock } from './clock.ts';
import { RuntimeError } from './errors.ts';
import { ExecutionRuntime } from './execution-runtime.ts';
import { Runtime } from './runtime.ts';
import {
  definitions,
  doubling,
  FakeTasks,
  fixedServices,
  fn,
  harness,
  oracle,
  start,
  t0,
} from './runtime-test-support.ts';
import type { TaskPerformer } from './task-runner.ts';
import { runInVirtualTime } from './virtual-time.ts';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-runtime-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('Runtime', () => {
  const cases: { name: string; definition: object; input: JsonValue; flaky?: number }[] = [
    { name: 'a Wait, then a Task retried with back-off', definition: definitions.waitThenTask, input: 21, flaky: 2 },
    {
      name: 'Parallel with a Wait and a Map of Tasks',
      definition: definitions.parallelAndMap,
      input: { items: [1, 2, 3] },
    },
    { name: 'a Task failure caught into a Fail state', definition: definitions.caught, input: {} },
  ];
  for (const c of cases) {
    it(`records the same history as the in-memory runner: ${c.name}`, async () => {
      const s = start(c.definition, 'e1', c.input);
      const expected = await oracle(s, doubling().failFirst('double', c.flaky ?? 0));
      const { runtime, clock, store } = harness(doubling().failFirst('double', c.flaky ?? 0));
      assert.equal((await runtime.startExecution(s)).created, true);
      await runInVirtualTime(runtime, clock);
      const record = await store.getExecution(s.arn);
      assert.equal(record?.status, expected.status);
      const history = await store.getHistory(s.arn, { limit: 1000 });
      assert.deepEqual(history.items, expected.events);
      assert.deepEqual(await store.listWork(s.arn), []);
      await store.close();
    });
  }

  it('returns an existing execution instead of starting it twice', async () => {
    const { runtime, store } = harness(doubling());
    const s = start(definitions.waitThenTask, 'e1', 1);
    const first = await runtime.startExecution(s);
    const events = (await store.getHistory(s.arn, { limit: 100 })).items;
    const second = await runtime.startExecution({ ...s, input: '{"other":1}' });
    assert.equal(second.created, false);
    assert.deepEqual(second.execution, first.execution);
    assert.deepEqual((await store.getHistory(s.arn, { limit: 100 })).items, events);
    assert.equal(events[0]?.type, 'ExecutionStarted');
    await store.close();
  });

  it('stops a running execution: ExecutionAborted, its timers gone; stopping again changes nothing', async () => {
    const { runtime, store } = harness(doubling());
    const s = start(definitions.waitThenTask, 'e1', 1);
    await runtime.startExecution(s);
    const stopped = await runtime.stopExecution(s.arn, { error: 'Why', cause: 'because' });
    assert.equal(stopped.status, 'ABORTED');
    assert.deepEqual(await store.getExecution(s.arn), stopped);
    const history = (await store.getHistory(s.arn, { limit: 100 })).items;
    assert.deepEqual(history.at(-1)?.executionAbortedEventDetails, { error: 'Why', cause: 'because' });
    assert.deepEqual(await store.listWork(s.arn), []);
    assert.deepEqual(await runtime.stopExecution(s.arn, {}), stopped);
    await assert.rejects(runtime.stopExecution(`${s.arn}x`, {}), (e: unknown) => e instanceof RuntimeError);
    await store.close();
  });

  it('refuses to redrive what did not fail, and reports an unknown execution', async () => {
    const { runtime, store } = harness(doubling());
    const s = start(definitions.waitThenTask, 'e1', 1);
    await runtime.startExecution(s);
    await assert.rejects(runtime.redriveExecution(s.arn), { code: 'ExecutionNotRedrivable' });
    await assert.rejects(runtime.redriveExecution(`${s.arn}x`), { code: 'ExecutionDoesNotExist' });
    assert.equal((await store.getExecution(s.arn))?.version, 0);
    await store.close();
  });

  it('resumes after a crash: committed work left unperformed is performed by the next process', async () => {
    const file = join(dir, 'crash.sqlite');
    const s = start(definitions.parallelAndMap, 'e1', { items: [1, 2, 3, 4] });
    const expected = await oracle(s, doubling());
    const first = harness(doubling(), openSqliteStore({ file }));
    await first.runtime.startExecution(s);
    // Perform a few pieces of work, claim more and "die" holding their leases, without committing.
    await first.store.claimWork({ owner: 'dead', now: t0, leaseUntil: t0 + 3_600_000, limit: 2 });
    await first.store.close();
    const tasks = doubling();
    const second = harness(tasks, openSqliteStore({ file }));
    await runInVirtualTime(second.runtime, second.clock);
    assert.equal((await second.store.getExecution(s.arn))?.status, 'SUCCEEDED');
    assert.deepEqual((await second.store.getHistory(s.arn, { limit: 1000 })).items, expected.events);
    assert.equal(new Set(tasks.calls).size, tasks.calls.length);
    await second.store.close();
  });

  it('runs on its scheduler as a manual clock moves, without sleeping', async () => {
    const { runtime, clock, store } = harness(doubling());
    const s = start(definitions.waitThenTask, 'e1', 5);
    await runtime.startExecution(s);
    runtime.start();
    const ended = runtime.whenEnded(s.arn);
    await settle();
    assert.equal((await store.getExecution(s.arn))?.status, 'RUNNING');
    clock.advance(3_600_000);
    const record = await ended;
    assert.equal(record.status, 'SUCCEEDED');
    assert.equal(record.output, '10');
    await runtime.close();
    await store.close();
  });

  it('aborts a task call in progress on close and gives its work back', async () => {
    let release: () => void = () => undefined;
    const hanging = new FakeTasks({});
    hanging.execute = () =>
      new Promise((resolve) => {
        release = () => {
          resolve({ output: '1' });
        };
      });
    const store = openSqliteStore({ file: ':memory:' });
    const clock = new ManualClock(t0);
    const runtime = new Runtime({ store, clock, tasks: hanging, services: fixedServices(), nodeId: 'n1' });
    const s = start(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:x:1:function:f', End: true } } },
      'e1',
    );
    await runtime.startExecution(s);
    runtime.start();
    await settle();
    const closing = runtime.close();
    release();
    await closing;
    const work = await store.claimWork({ owner: 'next', now: t0, leaseUntil: t0 + 1, limit: 10 });
    assert.deepEqual(
      work.map((w) => w.kind),
      ['task'],
    );
    assert.equal((await store.getExecution(s.arn))?.status, 'RUNNING');
    await store.close();
  });
});

describe('Runtime under load', () => {
  it('takes 400 task answers of one execution arriving together, and reports a failing work item instead of throwing', async () => {
    // Each answer comes after a (tiny) duration, so it is moved later on the clock (a transfer) while other
    // answers are being applied: unlocked, those transfers used to make a step lose 100 commits in a row.
    const tasks: TaskPerformer = {
      execute: (invocation) => Promise.resolve({ output: JSON.stringify(invocation.input), durationSeconds: 0.001 }),
    };
    const store = openSqliteStore({ file: join(dir, 'load.sqlite') });
    // A failed work item fails the test at once (it would otherwise be retried when its lease runs out).
    let fail: (error: Error) => void = () => undefined;
    const firstFailure = new Promise<never>((_resolve, reject) => {
      fail = reject;
    });
    const runtime = new Runtime({
      store,
      clock: systemClock,
      tasks,
      services: fixedServices(),
      onWorkError: (error, item) => {
        fail(new Error(`work item ${item.id} failed: ${String(error)}`));
      },
    });
    const map = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: fn('echo'), End: true } } },
          End: true,
        },
      },
    };
    const items = Array.from({ length: 400 }, (_, i) => i);
    const s = start(map, 'load', items);
    const ended = runtime.whenEnded(s.arn);
    await runtime.startExecution(s);
    runtime.start();
    const record = await Promise.race([ended, firstFailure]);
    assert.equal(record.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(record.output ?? ''), items);
    await runtime.close();
    await store.close();
  });
});

describe('ExecutionRuntime (Express)', () => {
  it('runs a sync execution to its end and keeps nothing', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    const clock = new ManualClock(t0);
    const runtime = new ExecutionRuntime({ store, clock, tasks: doubling(), services: fixedServices() });
    const s = { ...start(definitions.waitThenTask, 'x1', 4), type: 'EXPRESS' as const };
    runtime.start();
    const outcome = runtime.runSyncExecution(s);
    await settle();
    clock.advance(3_600_000);
    assert.deepEqual(await outcome, { status: 'SUCCEEDED', output: '8', startDate: t0, stopDate: t0 + 3_600_000 });
    assert.equal(await runtime.express.store.getExecution(s.arn), undefined);
    assert.equal(await store.getExecution(s.arn), undefined);
    await runtime.close();
    await store.close();
  });
});

/** Lets pending promise callbacks run (store calls resolve at once): no wall-clock wait. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
