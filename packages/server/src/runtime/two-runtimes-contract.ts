// The runtime contract for many nodes: two runtimes (two nodes, each with its own id, lock table and
// task performer) on one store take each other's work, and every execution still ends exactly as a
// single uninterrupted run: the same history as core's in-memory runner, no event lost or written twice,
// no work item failed. Both stores run it (two-runtimes.test.ts).

import assert from 'node:assert/strict';
import type { JsonValue } from '@stepwise/core';
import { it } from 'node:test';
import type { Signals } from '../store/signals.ts';
import type { ExecutionRecord, Store } from '../store/store.ts';
import { ManualClock, systemClock } from './clock.ts';
import { Runtime } from './runtime.ts';
import { definitions, doubling, fixedServices, fn, oracle, start, t0 } from './runtime-test-support.ts';
import type { TaskPerformer } from './task-runner.ts';

/** One node's view of the shared store: the store itself (SQLite) or a connection of its own (PostgreSQL). */
export interface SharedStore {
  /** The two nodes' stores; the same object twice where the store is one process's. */
  nodes: [{ store: Store; signals?: Signals }, { store: Store; signals?: Signals }];
  close(): Promise<void>;
}

export function twoRuntimesContract(open: () => Promise<SharedStore>): void {
  void it(
    'two runtimes taking turns at due work end 12 executions with the in-memory runner history',
    { timeout: 120_000 },
    async () => {
      const shared = await open();
      const clock = new ManualClock(t0);
      const cases: { definition: object; input: JsonValue }[] = [
        { definition: definitions.parallelAndMap, input: { items: [1, 2, 3, 4, 5] } },
        { definition: definitions.waitThenTask, input: 21 },
        { definition: definitions.caught, input: {} },
      ];
      const runtimes = shared.nodes.map(
        (node, i) => new Runtime({ ...node, clock, tasks: doubling(), services: fixedServices(), nodeId: `n${i}` }),
      );
      try {
        const starts = Array.from({ length: 12 }, (_, i) => {
          const c = cases[i % cases.length] ?? cases[0];
          return { s: start(c?.definition ?? {}, `e${i}`, c?.input ?? {}), c };
        });
        for (const [i, { s }] of starts.entries()) await runtimes[i % 2]?.startExecution(s);
        await runBoth(runtimes, clock, shared.nodes[0].store);
        for (const { s } of starts) {
          const expected = await oracle(s, doubling());
          const record = await shared.nodes[1].store.getExecution(s.arn);
          assert.equal(record?.status, expected.status, s.name);
          const history = await shared.nodes[0].store.getHistory(s.arn, { limit: 1000 });
          assert.deepEqual(history.items, expected.events, s.name);
          assert.deepEqual(await shared.nodes[0].store.listWork(s.arn), []);
        }
      } finally {
        await Promise.all(runtimes.map((runtime) => runtime.close()));
        await shared.close();
      }
    },
  );

  void it(
    'two running runtimes share a Map of 200 task answers of one execution without failing a work item',
    { timeout: 120_000 },
    async () => {
      const shared = await open();
      let fail: (error: Error) => void = () => undefined;
      const firstFailure = new Promise<never>((_resolve, reject) => {
        fail = reject;
      });
      const runtimes = shared.nodes.map(
        (node, i) =>
          new Runtime({
            ...node,
            clock: systemClock,
            tasks: echoing,
            services: fixedServices(),
            nodeId: `node-${i}`,
            onWorkError: (error, item) => {
              fail(new Error(`node ${i}: work item ${item.id} failed: ${String(error)}`));
            },
          }),
      );
      try {
        const items = Array.from({ length: 200 }, (_, i) => i);
        const s = start(mapOfTasks, 'shared-map', items);
        await runtimes[0]?.startExecution(s);
        for (const runtime of runtimes) runtime.start();
        // Either node may commit the last step: the store, not one runtime's waiters, says when it ended.
        const record = await Promise.race([endOf(shared.nodes[1].store, s.arn), firstFailure]);
        assert.equal(record.status, 'SUCCEEDED');
        assert.deepEqual(JSON.parse(record.output ?? ''), items);
        const history = await shared.nodes[0].store.getHistory(s.arn, { limit: 10_000 });
        assert.deepEqual(
          history.items.map((event) => event.id),
          history.items.map((_, i) => i + 1),
          'event ids run 1, 2, 3... with no gap or repeat',
        );
        assert.equal(history.items.filter((event) => event.type === 'LambdaFunctionSucceeded').length, 200);
      } finally {
        await Promise.all(runtimes.map((runtime) => runtime.close()));
        await shared.close();
      }
    },
  );
}

const mapOfTasks = {
  StartAt: 'M',
  States: {
    M: {
      Type: 'Map',
      ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: fn('echo'), End: true } } },
      End: true,
    },
  },
};

/** Answers every task with its input. */
const echoing: TaskPerformer = {
  execute: (invocation) => Promise.resolve({ output: JSON.stringify(invocation.input) }),
};

/** Both runtimes perform due work at the same time, then the clock jumps to the next due work. */
async function runBoth(runtimes: Runtime[], clock: ManualClock, store: Store): Promise<void> {
  // Bounded, so that a runtime that keeps finding work never hangs the test: the assertions then fail.
  for (let round = 0; round < 10_000; round++) {
    await Promise.all(runtimes.map((runtime) => runtime.runDue()));
    const next = await store.nextWakeTime();
    if (next === undefined) return;
    clock.set(Math.max(next, clock.now()));
  }
}

/** The execution's record once it has ended; throws after a minute (a test never hangs). */
async function endOf(store: Store, arn: string): Promise<ExecutionRecord> {
  for (let waited = 0; waited < 60_000; waited += 50) {
    const record = await store.getExecution(arn);
    if (record !== undefined && record.status !== 'RUNNING') return record;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${arn} did not end within a minute`);
}
