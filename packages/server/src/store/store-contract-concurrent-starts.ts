// The Store contract for executions started at the same time (PostgreSQL writes starts that arrive
// together as one group, store/postgres/group-create.ts): each start gets its own outcome, a start of an
// existing ARN creates nothing and reads the execution that exists, and the others are created whole.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ExecutionRecord } from './records.ts';
import { event, execution, machineArn, must, succeeded, timer, type WithStore } from './store-fixtures.ts';

const sm = machineArn('m');

export function concurrentStartsContract(withStore: WithStore): void {
  void it('gives each of many executions started together its own outcome', () =>
    withStore(async (store) => {
      // The first start of a definition stores it; the starts after it may go together.
      const existing = execution('existing', sm, { input: '{"first":true}' });
      await store.createExecution(existing, { events: [event(1)], addWork: [timer(existing.arn, '0:t', 0)] });
      const fresh = Array.from({ length: 6 }, (_, i) => execution(`s${String(i)}`, sm));
      const ended = execution('ended', sm);
      ended.status = 'SUCCEEDED';
      ended.state = succeeded(ended.state, '{}', 2_500);
      const starts: ExecutionRecord[] = [...fresh, execution('existing', sm), ended, execution('s0', sm)];
      // Issued in one turn of the event loop, so that a store that groups starts has several in one group.
      const outcomes = await Promise.all(
        starts.map((e) =>
          store.createExecution(e, { events: [event(1), event(2)], addWork: [timer(e.arn, '0:t', 0)] }),
        ),
      );
      assert.deepEqual(
        outcomes.map((outcome) => outcome.created),
        [true, true, true, true, true, true, false, true, false],
      );
      const again = outcomes[6];
      assert.equal(again?.created === false && again.existing.input, '{"first":true}');
      for (const e of [...fresh, ended]) {
        const history = (await store.getHistory(e.arn, { limit: 10 })).items.map((item) => item.id);
        assert.deepEqual(history, [1, 2], `history of ${e.arn}`);
        assert.equal((await store.listWork(e.arn)).length, e === ended ? 0 : 1, `work of ${e.arn}`);
        assert.equal(must(await store.getExecution(e.arn)).status, e.status);
      }
      assert.equal((await store.getHistory(existing.arn, { limit: 10 })).items.length, 1, 'the existing one kept');
    }));
}
