// The JSON-lines copy of execution logs: one line per record with its group, stream and time, the record
// itself as the message; lines dropped (and reported once) while the stream cannot keep up.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { ExecutionLogLines } from './execution-log-lines.ts';

const record = { id: '1', type: 'ExecutionStarted', details: { input: '{"a":"\\n"}' }, execution_arn: 'arn:x' };

test('each record is a line: group, stream, timestamp, and the record as the message', () => {
  const stream = new PassThrough();
  const lines = new ExecutionLogLines({ stream });
  lines.write([
    {
      groupName: '/aws/vendedlogs/states/a',
      streamName: 'states/a/2026-12-05-19-40/0bench00',
      events: [
        { timestamp: 1, message: JSON.stringify(record) },
        { timestamp: 2, message: JSON.stringify({ ...record, id: '2' }) },
      ],
    },
    { groupName: 'g"2', streamName: 's', events: [{ timestamp: 3, message: '{}' }] },
  ]);
  const text = String(stream.read());
  assert.ok(text.endsWith('\n'));
  const parsed = text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(parsed, [
    {
      logGroup: '/aws/vendedlogs/states/a',
      logStream: 'states/a/2026-12-05-19-40/0bench00',
      timestamp: 1,
      message: record,
    },
    {
      logGroup: '/aws/vendedlogs/states/a',
      logStream: 'states/a/2026-12-05-19-40/0bench00',
      timestamp: 2,
      message: { ...record, id: '2' },
    },
    { logGroup: 'g"2', logStream: 's', timestamp: 3, message: {} },
  ]);
});

test('a stream that cannot keep up loses lines, reported once per stall, then writing resumes', () => {
  const stream = new PassThrough({ highWaterMark: 1 });
  const reports: number[] = [];
  const lines = new ExecutionLogLines({ stream, highWaterBytes: 10, onDropped: (count) => reports.push(count) });
  const batch = [{ groupName: 'g', streamName: 's', events: [{ timestamp: 1, message: '{"id":"1"}' }] }];
  lines.write(batch);
  lines.write(batch);
  lines.write(batch);
  assert.equal(lines.droppedLines, 2);
  assert.deepEqual(reports, [1]);
  while (stream.read() !== null);
  lines.write(batch);
  assert.equal(lines.droppedLines, 2, 'written again once the stream drained');
});
