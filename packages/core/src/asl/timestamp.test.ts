// Table tests for the timestamp parser and ordering shared by the Choice timestamp operators.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareInstants, isTimestamp, parseTimestamp } from './timestamp.ts';

describe('parseTimestamp', () => {
  const accepted: [string, number, number][] = [
    ['1970-01-01T00:00:00Z', 0, 0],
    ['2016-03-14T01:59:00Z', 1457920740, 0],
    ['2012-10-09T19:00:55Z', 1349809255, 0],
    ['2012-10-09T20:00:55+01:00', 1349809255, 0],
    ['2012-10-09T14:30:55-04:30', 1349809255, 0],
    ['2012-10-09T20:00:55+0100', 1349809255, 0],
    ['2012-10-09T20:00:55+01', 1349809255, 0],
    ['2012-10-09T19:00:55-00:00', 1349809255, 0],
    ['2012-10-09T19:00:55+00:00:00', 1349809255, 0],
    ['2016-03-05T21:29:29.243167252Z', 1457213369, 243167252],
    ['2026-11-22T00:19:30.00Z', 1795306770, 0],
    ['2026-11-22T00:19:30.5Z', 1795306770, 500000000],
    ['2012-10-09t19:00:55z', 1349809255, 0],
    ['2016-03-14T01:59Z', 1457920740, 0],
    ['2000-02-29T00:00:00Z', 951782400, 0],
    ['1969-12-31T23:59:59.999999999Z', -1, 999999999],
    ['0001-01-01T00:00:00Z', -62135596800, 0],
  ];
  for (const [text, epochSeconds, nanos] of accepted) {
    it(`accepts ${text}`, () => {
      assert.deepEqual(parseTimestamp(text), { epochSeconds, nanos });
    });
  }

  const rejected = [
    '2012-10-09T19:00:55',
    '2026-11-22T00:19:30.000000',
    '2016-12-05 21:29:29Z',
    '05-12-2016T21:29:29Z',
    '2016-12-05T25:29:29Z',
    '2016-13-05T21:29:29Z',
    '2016-12-05T21:60:29Z',
    '2016-12-05T21:29:60Z',
    '2019-02-29T00:00:00Z',
    '2016-04-31T00:00:00Z',
    '2016-00-10T00:00:00Z',
    '2016-03-00T00:00:00Z',
    '2016-03-05T21:29:29.Z',
    '2016-03-05T21:29:29.1234567891Z',
    '2016-03-05T21:29:29+19:00',
    '2016-03-05T21:29:29+05:60',
    '2016-03-05T21:29:29+05:3000',
    '2016-03-05T21:29:29+5:00',
    '2016-03-05T21:29:29 Z',
    '2016-3-5T21:29:29Z',
    '2023-02-24',
    '2023-02-24 12:15:56.832957',
    '',
    ' 2016-03-14T01:59:00Z',
    '2016-03-14T01:59:00Z ',
    '+2016-03-14T01:59:00Z',
  ];
  for (const text of rejected) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.equal(parseTimestamp(text), undefined);
      assert.equal(isTimestamp(text), false);
    });
  }

  it('accepts a signed year of more than four digits', () => {
    assert.equal(isTimestamp('+10000-01-01T00:00:00Z'), true);
    assert.equal(isTimestamp('10000-01-01T00:00:00Z'), false);
  });
});

describe('compareInstants', () => {
  const cases: [string, string, number][] = [
    ['2012-10-09T19:00:55Z', '2012-10-09T19:00:55Z', 0],
    ['2012-10-09T19:00:55Z', '2012-10-09T20:00:55+01:00', 0],
    ['2012-10-09T19:00:55Z', '2012-10-09T19:00:56Z', -1],
    ['2012-10-09T19:00:56Z', '2012-10-09T19:00:55Z', 1],
    ['2012-10-09T19:00:55.000000001Z', '2012-10-09T19:00:55Z', 1],
    ['2012-10-09T19:00:55.1Z', '2012-10-09T19:00:55.100000000Z', 0],
    ['2012-10-09T19:00:55+01:00', '2012-10-09T19:00:55Z', -1],
  ];
  for (const [a, b, sign] of cases) {
    it(`${a} vs ${b} is ${sign}`, () => {
      const left = parseTimestamp(a);
      const right = parseTimestamp(b);
      assert.ok(left !== undefined && right !== undefined);
      assert.equal(Math.sign(compareInstants(left, right)), sign);
    });
  }
});
