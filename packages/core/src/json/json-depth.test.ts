// The nesting bound on JSON text: counted without parsing, strings skipped, the scan cut short past the limit.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonDepth, maxJsonDepth, tooDeep } from './json-depth.ts';

const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

test('scalars have depth 0, each array or object one level', () => {
  assert.equal(jsonDepth('12'), 0);
  assert.equal(jsonDepth('[]'), 1);
  assert.equal(jsonDepth('[{"a":[1]},[2]]'), 3);
  assert.equal(jsonDepth(nested(maxJsonDepth)), maxJsonDepth);
});

test('brackets inside strings, escaped quotes included, do not count', () => {
  assert.equal(jsonDepth('{"a":"[[[{{{"}'), 1);
  assert.equal(jsonDepth('["\\"[[[", "\\\\", [1]]'), 2);
});

test('the scan stops just past the limit', () => {
  assert.equal(jsonDepth(nested(100_000), 10), 11);
});

test('tooDeep names the bound, and passes text within it', () => {
  assert.equal(tooDeep(nested(maxJsonDepth)), undefined);
  assert.equal(tooDeep(nested(maxJsonDepth + 1)), 'JSON nested more than 1000 levels deep');
});
