// Jackson's wording and location for JSON syntax errors (docs/choices.md), table-tested; JSON stays accepted.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jacksonParseError } from './jackson-parse-error.ts';

const values = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const rows: [string, string][] = [
  ['{"a":1,}', `Unexpected character ('}' (code 125)): was expecting double-quote to start field name`],
  ['{"a" 1}', `Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value`],
  ['{"a":1 "b":2}', `Unexpected character ('"' (code 34)): was expecting comma to separate Object entries`],
  ['[1 2]', `Unexpected character ('2' (code 50)): was expecting comma to separate Array entries`],
  ['{"a":}', `Unexpected character ('}' (code 125)): expected a valid value ${values}`],
  ['not json', `Unrecognized token 'not': was expecting ${values}`],
  ['{"a":tru}', `Unrecognized token 'tru': was expecting ${values}`],
  ['{"a":"x', 'Unexpected end-of-input: was expecting closing quote for a string value'],
  [
    '"a\nb"',
    'Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in string value',
  ],
  ['"\\x"', "Unrecognized character escape 'x' (code 120)"],
  [
    '-x',
    "Unexpected character ('x' (code 120)) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value",
  ],
  ['01', 'Invalid numeric value: Leading zeroes not allowed'],
  ['1.e3', "Unexpected character ('e' (code 101)) in numeric value: Decimal point not followed by a digit"],
];

describe('jacksonParseError', () => {
  for (const [text, message] of rows) {
    it(`words ${JSON.stringify(text)} as Jackson does`, () => {
      const error = jacksonParseError(text) ?? '';
      assert.equal(error.split('\n')[0], message);
      assert.match(error, /\n at \[Source: \(String\)".*"; line: \d+, column: \d+\]$/s);
    });
  }

  it('points past the offending character, as Jackson counts columns, on the right line', () => {
    assert.match(jacksonParseError('{"a":1,}') ?? '', /line: 1, column: 9\]$/);
    assert.match(jacksonParseError('{\n  "a": 1,\n  }') ?? '', /line: 3, column: 4\]$/);
  });

  it('names where an unclosed object started, and the end of the input', () => {
    assert.equal(
      jacksonParseError('{"StartAt": "A", "States": {'),
      'Unexpected end-of-input: expected close marker for Object (start marker at [Source: (String)"{"StartAt": "A", "States": {"; line: 1, column: 28])\n at [Source: (String)"{"StartAt": "A", "States": {"; line: 1, column: 29]',
    );
  });

  it('says there is no content for empty input, and shows at most 500 characters of the source', () => {
    assert.equal(
      jacksonParseError('  '),
      'No content to map due to end-of-input\n at [Source: (String)"  "; line: 1, column: 0]',
    );
    const long = `[${'1,'.repeat(400)}x]`;
    assert.match(jacksonParseError(long) ?? '', /"\[truncated 303 chars\]; line: 1, column: 803\]$/);
  });

  it('finds nothing wrong in JSON', () => {
    for (const text of ['{}', '[]', ' {"a":[1,-2.5e+3,true,false,null,"\\u00e9\\n"]} ', '0', '"x"']) {
      assert.equal(jacksonParseError(text), undefined, text);
    }
  });
});
