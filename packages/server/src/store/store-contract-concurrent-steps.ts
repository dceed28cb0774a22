// The Store contract for steps of many executions committed at the same time (PostgreSQL writes those that
// arrive together as one group, store/postgres/group-commit.ts): each step gets its own outcome, a refused
// step writes nothing and keeps no other step from committing, and a step the database rejects fails alone.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { CommitResult, StepCommit } from './records.ts';
import type { Store } from './store.ts';
import { event, execution, machineArn, must, succeeded, timer, type WithStore } from './store-fixtures.ts';

const sm = machineArn('m');

/** Executions e0..e(n-1), each with one timer `0:t` and one event. */
async function startMany(store: Store, count: number) {
  const executions = Array.from({ length: count }, (_, i) => execution(`e${String(i)}`, sm));
  for (const e of executions) await store.createExecution(e, { events: [event(1)], addWork: [timer(e.arn, '0:t', 0)] });
  return executions.map((e) => ({ e, step: stepOf(e.arn, e.state) }));
}

function stepOf(arn: string, state: StepCommit['state']): StepCommit {
  return { executionArn: arn, expectedVersion: 0, state, events: [event(2)], consumes: `${arn}#0:t` };
}

export function concurrentStepsContract(withStore: WithStore): void {
  void it('gives each of many steps committed together its own outcome', () =>
    withStore(async (store) => {
      const started = await startMany(store, 8);
      const [claimed] = await store.claimWork({ owner: 'a', now: 0, leaseUntil: 1_000, limit: 1 });
      const fencedArn = must(claimed).executionArn;
      const steps = started.map(({ e, step }, i): StepCommit => {
        if (e.arn === fencedArn) return { ...step, claim: { owner: 'b', attempts: 1 } };
        if (i === 1) return { ...step, expectedVersion: 3 };
        if (i === 2) return { ...step, consumes: `${e.arn}#gone` };
        if (i === 3) return { ...step, state: succeeded(e.state, '{}', 3_000), events: [event(2), event(3)] };
        return step;
      });
      // Issued in one turn of the event loop, so that a store that groups steps has several in one group.
      const outcomes = await Promise.all(steps.map((step) => store.commitStep(step)));
      const expected = started.map(({ e }, i): CommitResult => {
        if (e.arn === fencedArn) return 'fenced';
        return i === 1 ? 'conflict' : i === 2 ? 'consumed' : 'committed';
      });
      assert.deepEqual(outcomes, expected);
      for (const [i, { e }] of started.entries()) {
        const committed = expected[i] === 'committed';
        const history = (await store.getHistory(e.arn, { limit: 10 })).items.map((item) => item.id);
        assert.deepEqual(history, committed ? (i === 3 ? [1, 2, 3] : [1, 2]) : [1], `history of ${e.arn}`);
        assert.equal(must(await store.getExecution(e.arn)).version, committed ? 1 : 0, `version of ${e.arn}`);
        const work = (await store.listWork(e.arn)).length;
        assert.equal(work, committed ? 0 : 1, `work of ${e.arn}`);
      }
      assert.equal(must(await store.getExecution(started[3]?.e.arn ?? '')).status, 'SUCCEEDED');
    }));

  void it('fails only the step the database rejects among steps committed together', () =>
    withStore(async (store) => {
      const started = await startMany(store, 5);
      // Event 1 exists already: writing it again is refused by the store, whatever else commits with it.
      const steps = started.map(({ step }, i) => (i === 3 ? { ...step, events: [event(1)] } : step));
      const settled = await Promise.allSettled(steps.map((step) => store.commitStep(step)));
      assert.deepEqual(
        settled.map((result) => result.status),
        ['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
      );
      for (const [i, { e }] of started.entries()) {
        const history = (await store.getHistory(e.arn, { limit: 10 })).items.map((item) => item.id);
        assert.deepEqual(history, i === 3 ? [1] : [1, 2], `history of ${e.arn}`);
      }
    }));
}
