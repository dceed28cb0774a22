// `run --json --history` writes the same JSON as one JSON.stringify would, in bounded pieces.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryEvent } from '@stepwise/core';
import { printJsonReport } from './json-report.ts';

function event(id: number): HistoryEvent {
  return {
    id,
    previousEventId: id - 1,
    timestamp: 1_700_000_000_000 + id,
    type: 'PassStateEntered',
    stateEnteredEventDetails: { name: `S${String(id)}`, input: '{"text":"a\\nb"}' },
  };
}

function capture(report: Record<string, unknown>, events: HistoryEvent[] | undefined): string[] {
  const writes: string[] = [];
  printJsonReport(report, events, { out: (text) => writes.push(text), err: () => undefined });
  return writes;
}

const report = { status: 'SUCCEEDED', output: { ok: true } };

for (const count of [0, 1, 499, 500, 501, 1234]) {
  test(`${String(count)} events read back as one JSON.stringify of the report`, () => {
    const events = Array.from({ length: count }, (_, i) => event(i + 1));
    const writes = capture(report, events);
    assert.equal(writes.join('\n'), JSON.stringify({ ...report, events }, null, 2));
  });
}

test('a long history is written in pieces, none holding more than a batch of events', () => {
  const events = Array.from({ length: 5000 }, (_, i) => event(i + 1));
  const writes = capture(report, events);
  assert.ok(writes.length >= 10, `${String(writes.length)} writes`);
  const whole = JSON.stringify({ ...report, events }, null, 2).length;
  assert.ok(Math.max(...writes.map((w) => w.length)) < whole / 5);
});

test('without --history the report alone', () => {
  assert.deepEqual(capture(report, undefined), [JSON.stringify(report, null, 2)]);
});
