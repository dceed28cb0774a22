// Pins docs/choices.md's Wait Timestamp range: every ASL timestamp from year 0001 to 9999 is accepted (AWS
// documents no narrower range and its recordings show waits 800 and 24,855 days ahead running), a past one
// ends the wait at once, and a text outside the format fails the execution with States.Runtime.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { around, runMachine, secondsAt, startTime } from '../engine/test-support.ts';

const rows: { timestamp: string; waitedSeconds: number }[] = [
  { timestamp: '9999-12-31T23:59:59Z', waitedSeconds: (Date.UTC(9999, 11, 31, 23, 59, 59) - startTime) / 1000 },
  { timestamp: '0001-01-01T00:00:00Z', waitedSeconds: 0 },
  { timestamp: '1970-01-01T00:00:00Z', waitedSeconds: 0 },
];

for (const { timestamp, waitedSeconds } of rows) {
  test(`a Wait until ${timestamp} (Timestamp and TimestampPath) waits ${String(waitedSeconds)} s`, async () => {
    const fixed = around({ Type: 'Wait', Timestamp: timestamp, End: true });
    const fromPath = around({ Type: 'Wait', TimestampPath: '$.at', End: true });
    for (const machine of [fixed, fromPath]) {
      const { state, events } = await runMachine(machine, { input: JSON.stringify({ at: timestamp }) });
      assert.equal(state.status, 'SUCCEEDED');
      assert.equal(secondsAt(events, 'WaitStateExited'), waitedSeconds);
    }
  });
}

test('a TimestampPath outside the format (a five-digit year) fails with States.Runtime', async () => {
  const machine = around({ Type: 'Wait', TimestampPath: '$.at', End: true });
  const { state } = await runMachine(machine, { input: '{"at":"10000-01-01T00:00:00Z"}' });
  assert.equal(state.status, 'FAILED');
  assert.equal(state.error, 'States.Runtime');
  assert.match(state.cause ?? '', /The TimestampPath parameter does not reference a valid ISO-8601 extended offset/);
});
