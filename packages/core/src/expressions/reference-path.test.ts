// Table tests of ResultPath placement: creation of missing objects, array slots, failures, no mutation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatesFailure } from '../asl/errors.ts';
import type { JsonValue } from '../json/json-value.ts';
import { compileReferencePath, PathSyntaxError } from './index.ts';

const placements: [string, JsonValue, JsonValue][] = [
  ['$', { a: 1 }, 'R'],
  ['$.result', { a: 1 }, { a: 1, result: 'R' }],
  ['$.a', { a: 1 }, { a: 'R' }],
  ['$.x.y.z', { a: 1 }, { a: 1, x: { y: { z: 'R' } } }],
  ['$.a.b', { a: { c: 2 } }, { a: { c: 2, b: 'R' } }],
  ['$.list[1]', { list: [0, 1, 2] }, { list: [0, 'R', 2] }],
  ['$.list[-1].v', { list: [{}, { w: 1 }] }, { list: [{}, { w: 1, v: 'R' }] }],
  ["$['a b']", {}, { 'a b': 'R' }],
];

for (const [text, root, expected] of placements) {
  test(`assign ${text}`, () => {
    const before = JSON.stringify(root);
    assert.deepEqual(compileReferencePath(text).assign(root, 'R'), expected);
    assert.equal(JSON.stringify(root), before, 'the input is not mutated');
  });
}

const failures: [string, JsonValue][] = [
  ['$.a.b', { a: 'text' }],
  ['$.a.b', { a: [1] }],
  ['$.a.b', { a: null }],
  ['$.list[5]', { list: [1] }],
  ['$.list[0]', { list: {} }],
  ['$.x', 'just a string'],
];

for (const [text, root] of failures) {
  test(`assign ${text} to ${JSON.stringify(root)} fails`, () => {
    assert.throws(
      () => compileReferencePath(text).assign(root, 'R'),
      (error: unknown) =>
        error instanceof StatesFailure &&
        error.error === 'States.ResultPathMatchFailure' &&
        error.cause === `Unable to apply ReferencePath ${text} to input ${JSON.stringify(root)}`,
    );
  });
}

for (const text of ['$.a[*]', '$..a', '$$.Execution', '$var.x', '$.a[0:1]', 'a']) {
  test(`reference path ${text} is rejected`, () => {
    assert.throws(() => compileReferencePath(text), PathSyntaxError);
  });
}

test('off-path values are shared, not copied', () => {
  const root = { keep: { deep: [1] }, a: {} };
  const result = compileReferencePath('$.a.b').assign(root, 1) as { keep: unknown };
  assert.equal(result.keep, root.keep);
});
