// Filter patterns, table-driven over Step Functions log records and plain lines: the cases AWS's filter
// pattern syntax page documents for terms, phrases, exclusions, optional terms and JSON comparisons.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors.ts';
import { compileFilterPattern } from './filter-pattern.ts';

const failed = JSON.stringify({
  id: '3',
  type: 'ExecutionFailed',
  details: { error: 'States.Runtime', cause: 'boom' },
  previous_event_id: '2',
  event_timestamp: '1700000000000',
  redrive_count: '0',
  items: [{ n: 5 }],
  done: true,
  nothing: null,
});
const line = 'ERROR 2024 request failed: timeout after 30 s';

const cases: [string, string, boolean][] = [
  ['', line, true],
  ['ERROR', line, true],
  ['ERROR timeout', line, true],
  ['ERROR -timeout', line, false],
  ['?WARN ?timeout', line, true],
  ['?WARN ?INFO', line, false],
  ['"request failed"', line, true],
  ['"failed request"', line, false],
  ['error', line, false],
  ['{ $.type = "ExecutionFailed" }', failed, true],
  ['{ $.type = ExecutionFailed }', failed, true],
  ['{ $.type = "Execution*" }', failed, true],
  ['{ $.type = "*Succeeded" }', failed, false],
  ['{ $.type != "ExecutionSucceeded" }', failed, true],
  ['{ $.details.error = "States.*" && $.id = 3 }', failed, true],
  ['{ $.id > 2 && $.id < 4 }', failed, true],
  ['{ $.id >= 4 || ($.details.cause = "boom" && $.redrive_count = 0) }', failed, true],
  ['{ $.items[0].n = 5 }', failed, true],
  ['{ $.done = TRUE }', failed, true],
  ['{ $.nothing = NULL }', failed, true],
  ['{ $.missing = "x" }', failed, false],
  ['{ $.missing != "x" }', failed, false],
  ['{ $.type = "ExecutionFailed" }', line, false],
];

describe('filter patterns', () => {
  for (const [pattern, message, expected] of cases) {
    it(`${pattern === '' ? '(empty)' : pattern} on ${message === line ? 'a line' : 'a log record'}: ${String(expected)}`, () => {
      assert.equal(compileFilterPattern(pattern)(message), expected);
    });
  }

  const refused: [string, RegExp][] = [
    ['{ $.type = }', /expected a value/],
    ['{ $.type "x" }', /expected a comparison/],
    ['{ ($.a = 1 }', /not closed/],
    ['{ type = 1 }', /expected a \$\. selector/],
    ['{ $.a = 1', /ends with \}/],
    ['[ip, user]', /space-delimited/],
    ['x'.repeat(1025), /longer than 1024/],
  ];
  for (const [pattern, message] of refused) {
    it(`refuses ${pattern.slice(0, 30)} with InvalidParameterException`, () => {
      assert.throws(
        () => compileFilterPattern(pattern),
        (error: unknown) =>
          error instanceof ApiError && error.type === 'InvalidParameterException' && message.test(error.message),
      );
    });
  }

  it('matches wildcards without a regular expression, so a pattern of stars stays linear', () => {
    const many = `{ $.m = "${'*a'.repeat(200)}*b" }`;
    assert.equal(compileFilterPattern(many)(JSON.stringify({ m: 'a'.repeat(5000) })), false);
  });
});
