// The retention sweep on a real SQLite store and a manual clock: what closed before the retention period
// goes, in batches, and nothing else; a failing store is reported, not thrown.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { event, execution, machineArn, succeeded } from '../store/store-fixtures.ts';
import { ExecutionRetention } from './execution-retention.ts';

const day = 86_400_000;

test('a sweep deletes, batch by batch, the executions closed more than the retention period ago', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-retention-'));
  const store = openSqliteStore({ file: join(dir, 'stepwise.db') });
  try {
    const sm = machineArn('m');
    for (let i = 0; i < 7; i++) {
      const e = execution(`old${String(i)}`, sm, { status: 'SUCCEEDED', stopDate: i * 1000 });
      await store.createExecution({ ...e, state: succeeded(e.state, '{}', i * 1000) }, { events: [event(1)] });
    }
    const kept = execution('kept', sm, { status: 'FAILED', stopDate: 10 * day });
    await store.createExecution(kept, { events: [event(1)] });
    await store.createExecution(execution('running', sm), { events: [event(1)] });
    const expired: number[] = [];
    const now = 90 * day + 6_001;
    const onExpired = (count: number) => expired.push(count);
    const retention = new ExecutionRetention({ store, retentionDays: 90, now: () => now, batchSize: 3, onExpired });
    assert.equal(await retention.sweep(), 7);
    assert.deepEqual(expired, [7]);
    const left = await store.listExecutions({}, { limit: 100 });
    assert.deepEqual(left.items.map((e) => e.name).sort(), ['kept', 'running']);
    assert.equal(await retention.sweep(), 0);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a store error is reported to onError and the sweep resolves', async () => {
  const errors: unknown[] = [];
  const store = { expireExecutions: () => Promise.reject(new Error('SQLITE_FULL: database or disk is full')) };
  const retention = new ExecutionRetention({
    store,
    retentionDays: 1,
    now: () => 5 * day,
    onError: (error) => errors.push(error),
  });
  assert.equal(await retention.sweep(), 0);
  assert.match(String(errors[0]), /SQLITE_FULL/);
  await retention.stop();
});
