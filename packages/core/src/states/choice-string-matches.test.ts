// Table tests for StringMatches patterns: wildcards, escapes and the edges of anchoring.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileStringMatches } from './choice-string-matches.ts';

// Patterns are written as the string value (after JSON decoding): 'a\\*' here is the JSON text "a\\\\*".
const cases: [pattern: string, value: string, matches: boolean][] = [
  ['foo*.log', 'foo23.log', true],
  ['*.log', 'zebra.log', true],
  ['foo*.*', 'foobar.zebra', true],
  ['foo*.log', 'foo.log', true],
  ['foo*.log', 'foo.log.gz', false],
  ['log-*.txt', 'log-2024.txt', true],
  ['*', '', true],
  ['*', 'anything', true],
  ['**', 'x', true],
  ['', '', true],
  ['', 'a', false],
  ['abc', 'abc', true],
  ['abc', 'abcd', false],
  ['abc', 'ABC', false],
  ['a*b*c', 'abc', true],
  ['a*b*c', 'aXbYc', true],
  ['a*b*c', 'acb', false],
  ['a*a', 'a', false],
  ['a*a', 'aa', true],
  ['ab*ba', 'aba', false],
  ['*x*', 'abc', false],
  ['*x*', 'axc', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'aXb', false],
  ['a\\*b', 'a\\Xb', false],
  ['a\\\\b', 'a\\b', true],
  ['a\\\\*', 'a\\anything', true],
  ['a\\\\*', 'a', false],
  ['\\**', '*tail', true],
  ['\\**', 'tail', false],
  ['a\\b', 'ab', true],
  ['a\\', 'a\\', true],
  ['?', 'x', false],
  ['?', '?', true],
  ['[ab]', 'a', false],
  ['[ab]', '[ab]', true],
  ['a.c', 'abc', false],
  ['*😀', 'smile😀', true],
  ['a*', 'a\nb', true],
];

describe('compileStringMatches', () => {
  for (const [pattern, value, expected] of cases) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(value)}`, () => {
      assert.equal(compileStringMatches(pattern)(value), expected);
    });
  }

  it('matches long inputs without backtracking blow-up', () => {
    const matcher = compileStringMatches('*a*a*a*a*a*a*a*a*b');
    assert.equal(matcher('a'.repeat(50_000)), false);
  });
});
