// The ExecutionMinutesStore contract, run on SQLite and on PostgreSQL: counts add up (within one batch, across
// batches and across two writers on one database), reads keep to their machine and window, prunes drop old ones.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExecutionMinutesStore, MinuteCount } from './execution-minutes.ts';

export interface MinutesFactory {
  /** Two handles on one fresh database (SQLite: the same store twice). */
  open: () => Promise<{ a: ExecutionMinutesStore; b: ExecutionMinutesStore; close: () => Promise<void> }>;
}

const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:quick';
const other = 'arn:aws:states:us-east-1:123456789012:stateMachine:other';
const count = (minute: number, kind: string, key: string, n: number, arn = machine): MinuteCount => ({
  stateMachineArn: arn,
  minute,
  kind,
  key,
  count: n,
});
const summary = (rows: MinuteCount[]) => rows.map((r) => [r.minute, r.kind, r.key, r.count]);

export function executionMinutesContract(name: string, factory: MinutesFactory): void {
  void describe(`ExecutionMinutesStore (${name})`, () => {
    void it('adds counts within a batch, across batches and from two writers', async () => {
      const { a, b, close } = await factory.open();
      try {
        await a.addMinuteCounts([
          count(100, 'started', '', 2),
          count(100, 'started', '', 1),
          count(100, 'duration', '7', 1),
        ]);
        await b.addMinuteCounts([count(100, 'started', '', 4), count(101, 'failure', '["Check","Bad"]', 1)]);
        await a.addMinuteCounts([count(100, 'started', '', 1, other)]);
        assert.deepEqual(summary(await b.minuteCounts(machine, 100, 102)), [
          [100, 'duration', '7', 1],
          [100, 'started', '', 7],
          [101, 'failure', '["Check","Bad"]', 1],
        ]);
        assert.deepEqual(summary(await a.minuteCounts(other, 0, 1000)), [[100, 'started', '', 1]]);
      } finally {
        await close();
      }
    });

    void it('reads from the first minute up to, not including, the last; prunes the minutes before one', async () => {
      const { a, close } = await factory.open();
      try {
        await a.addMinuteCounts([10, 11, 12, 13].map((m) => count(m, 'succeeded', '', m)));
        assert.deepEqual(
          (await a.minuteCounts(machine, 11, 13)).map((r) => r.minute),
          [11, 12],
        );
        await a.pruneMinuteCounts(12);
        assert.deepEqual(
          (await a.minuteCounts(machine, 0, 100)).map((r) => r.minute),
          [12, 13],
        );
        await a.addMinuteCounts([]);
      } finally {
        await close();
      }
    });
  });
}
