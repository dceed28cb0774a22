// The runtime's fencing contract for many nodes: a node whose work lease ran out and was taken over by
// another node finishes its task late and tries to commit; the store refuses it ('fenced'), the new owner's
// answer is the one recorded, and no event is written twice. Both stores run it (two-runtimes.test.ts).

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { HistoryEvent, JsonValue } from '@stepwise/core';
import { ManualClock } from './clock.ts';
import { Runtime } from './runtime.ts';
import { fixedServices, fn, oracle, start, t0 } from './runtime-test-support.ts';
import type { TaskPerformer } from './task-runner.ts';
import type { SharedStore } from './two-runtimes-contract.ts';

const leaseMillis = 1_000;
const oneTask = { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: fn('answer'), End: true } } };

export function fencingContract(open: () => Promise<SharedStore>): void {
  void it('refuses the commit of a node whose task lease another node took over', { timeout: 60_000 }, async () => {
    const shared = await open();
    const clock = new ManualClock(t0);
    const [late, taker] = [gated('late'), gated('taken over')];
    const runtimes = shared.nodes.map(
      (node, i) =>
        new Runtime({
          ...node,
          clock,
          tasks: i === 0 ? late : taker,
          services: fixedServices(),
          nodeId: `n${i}`,
          leaseMillis,
        }),
    );
    try {
      const s = start(oneTask, 'fenced', {});
      await runtimes[0]?.startExecution(s);
      const first = runtimes[0]?.runDue();
      await late.called;
      // Node 0 stalls past its lease: node 1 claims the task again and calls it too.
      clock.set(t0 + leaseMillis + 1);
      const second = runtimes[1]?.runDue();
      await taker.called;
      const store = shared.nodes[0].store;
      const before = await store.getHistory(s.arn, { limit: 100 });
      late.release();
      await first;
      assert.deepEqual(await store.getHistory(s.arn, { limit: 100 }), before, 'the late answer wrote nothing');
      taker.release();
      await second;
      const record = await store.getExecution(s.arn);
      assert.equal(record?.status, 'SUCCEEDED');
      assert.equal(record.output, JSON.stringify('taken over'));
      const expected = await oracle(s, answering('taken over'));
      // The same events as an uninterrupted run, each once; only their times differ (the clock moved on).
      const history = (await store.getHistory(s.arn, { limit: 100 })).items;
      assert.deepEqual(history.map(untimed), expected.events.map(untimed));
      assert.deepEqual(await store.listWork(s.arn), []);
    } finally {
      await Promise.all(runtimes.map((runtime) => runtime.close()));
      await shared.close();
    }
  });
}

/** A task performer that answers `output` only once released, and tells when it has been called. */
function gated(output: JsonValue): TaskPerformer & { called: Promise<void>; release: () => void } {
  let called: () => void = () => undefined;
  let release: () => void = () => undefined;
  const calledPromise = new Promise<void>((resolve) => {
    called = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    called: calledPromise,
    release: () => {
      release();
    },
    execute: async () => {
      called();
      await released;
      return { output: JSON.stringify(output) };
    },
  };
}

function untimed(event: HistoryEvent): HistoryEvent {
  return { ...event, timestamp: 0 };
}

function answering(output: JsonValue): TaskPerformer {
  return { execute: () => Promise.resolve({ output: JSON.stringify(output) }) };
}
