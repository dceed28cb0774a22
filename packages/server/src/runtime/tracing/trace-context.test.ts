// Trace headers read and written: X-Ray's `Root=…;Parent=…;Sampled=…` (StartExecution's traceHeader,
// `_X_AMZN_TRACE_ID`), W3C `traceparent`, and the derived ids every node computes alike.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { derivedSpanId, derivedTraceId, parseTraceHeader, traceparent, xrayTraceHeader } from './trace-context.ts';

test('parseTraceHeader reads the fields it understands, in any order and case, and skips the rest', () => {
  const cases: [string, ReturnType<typeof parseTraceHeader>][] = [
    [
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      { traceId: '5759e988bd862e3fe1be46a994272793', parentSpanId: '53995c3f42cd8ad8', sampled: true },
    ],
    [
      'sampled=0; root=1-5759E988-BD862E3FE1BE46A994272793',
      { traceId: '5759e988bd862e3fe1be46a994272793', sampled: false },
    ],
    ['Root=1-5759e988-bd862e3fe1be46a99427;Parent=xyz;Sampled=?', {}],
    ['Root=2-5759e988-bd862e3fe1be46a994272793;Lineage=a:1', {}],
    ['', {}],
    ['garbage', {}],
  ];
  for (const [header, expected] of cases) assert.deepEqual(parseTraceHeader(header), expected, header);
});

test('a context written as an X-Ray header and as a traceparent', () => {
  const context = { traceId: '5759e988bd862e3fe1be46a994272793', spanId: '53995c3f42cd8ad8', sampled: true };
  const header = xrayTraceHeader(context);
  assert.equal(header, 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
  assert.deepEqual(parseTraceHeader(header), {
    traceId: context.traceId,
    parentSpanId: context.spanId,
    sampled: true,
  });
  assert.equal(traceparent(context), '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01');
  assert.equal(traceparent({ ...context, sampled: false }).slice(-3), '-00');
});

test('derived ids: X-Ray shaped, stable, distinct per execution and part', () => {
  const arn = 'arn:aws:states:us-east-1:123456789012:execution:m:a';
  const start = Date.UTC(2026, 11, 5);
  const id = derivedTraceId(arn, start);
  assert.match(id, /^[0-9a-f]{32}$/);
  assert.equal(
    id.slice(0, 8),
    Math.floor(start / 1000).toString(16),
    'X-Ray: the first 8 digits are the epoch seconds',
  );
  assert.equal(derivedTraceId(arn, start), id);
  assert.notEqual(derivedTraceId(`${arn}b`, start), id);
  assert.match(derivedSpanId(arn, 'event', 3), /^[0-9a-f]{16}$/);
  assert.equal(derivedSpanId(arn, 'event', 3), derivedSpanId(arn, 'event', 3));
  assert.notEqual(derivedSpanId(arn, 'event', 3), derivedSpanId(arn, 'event', 4));
});
