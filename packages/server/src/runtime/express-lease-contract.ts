// The EXPRESS map run's lease contract for many nodes: the node running a run's children in memory keeps
// its claim on the run's work item; when its lease ran out and another node took the run over, its next
// renewal fails and it stops: its children in flight are aborted, it counts none of their ends, and the
// new owner runs the run to its end with every child counted once. Both stores run it (two-runtimes.test.ts).

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { keepsMapRuns } from '../store/map-run-store.ts';
import { ManualClock } from './clock.ts';
import { Runtime } from './runtime.ts';
import { fixedServices, fn, start, t0 } from './runtime-test-support.ts';
import type { TaskPerformer } from './task-runner.ts';
import type { SharedStore } from './two-runtimes-contract.ts';

const leaseMillis = 1_000;
const items = [1, 2, 3, 4];
const distributed = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: 'Work',
        States: { Work: { Type: 'Task', Resource: fn('work'), End: true } },
      },
      End: true,
    },
  },
};

export function expressLeaseContract(open: () => Promise<SharedStore>): void {
  void it('stops an EXPRESS map run whose lease another node took over', { timeout: 60_000 }, async () => {
    const shared = await open();
    const clock = new ManualClock(t0);
    const [holder, taker] = [heldCalls(), heldCalls()];
    const runtimes = shared.nodes.map(
      (node, i) =>
        new Runtime({
          ...node,
          clock,
          tasks: i === 0 ? holder : taker,
          services: fixedServices(),
          nodeId: `n${i}`,
          leaseMillis,
        }),
    );
    try {
      const s = start(distributed, 'lease-lost', items);
      await runtimes[0]?.startExecution(s);
      const first = runtimes[0]?.runDue();
      await within(holder.calledTimes(items.length), 'node 0 calls every child');
      // Node 0 stalls past its lease: node 1 claims the run and runs its children again.
      clock.set(t0 + leaseMillis + 1);
      const second = runtimes[1]?.runDue();
      await within(taker.calledTimes(items.length), 'node 1 calls every child');
      // Node 0's next renewal fails: it must stop while node 1 still runs (its loop never ended before).
      await within(first ?? Promise.resolve(0), 'node 0 leaves the run');
      assert.equal(holder.aborted(), items.length, "node 0 aborted its children's calls");
      taker.release();
      await within(second ?? Promise.resolve(0), 'node 1 ends the run');
      const store = shared.nodes[0].store;
      const record = await store.getExecution(s.arn);
      assert.equal(record?.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(record.output ?? ''), items);
      assert.ok(keepsMapRuns(store));
      const [run] = (await store.listMapRuns(s.arn, { limit: 10 })).items;
      assert.deepEqual(run?.counts, {
        pending: 0,
        running: 0,
        succeeded: items.length,
        failed: 0,
        timedOut: 0,
        aborted: 0,
        total: items.length,
      });
      assert.deepEqual(await store.listWork(s.arn), []);
    } finally {
      taker.release();
      await Promise.all(runtimes.map((runtime) => runtime.close()));
      await shared.close();
    }
  });
}

/** Task calls that wait until released (then answer their input) or aborted (then throw), counted. */
function heldCalls(): TaskPerformer & {
  calledTimes: (n: number) => Promise<void>;
  aborted: () => number;
  release: () => void;
} {
  let calls = 0;
  let aborts = 0;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    calledTimes: async (n) => {
      for (let waited = 0; calls < n && waited < 30_000; waited += 10)
        await new Promise((resolve) => setTimeout(resolve, 10));
    },
    aborted: () => aborts,
    release: () => {
      release();
    },
    execute: async (invocation, options) => {
      calls += 1;
      const signal = options?.signal;
      const abortedCall = new Promise<'aborted'>((resolve) => {
        if (signal?.aborted === true) resolve('aborted');
        signal?.addEventListener(
          'abort',
          () => {
            resolve('aborted');
          },
          { once: true },
        );
      });
      if ((await Promise.race([released, abortedCall])) === 'aborted') {
        aborts += 1;
        throw new Error('aborted');
      }
      return { output: JSON.stringify(invocation.input) };
    },
  };
}

/** Awaits `promise` for at most 20 seconds: a test never hangs, it fails naming what did not happen. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`not within 20 s: ${what}`));
    }, 20_000);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
