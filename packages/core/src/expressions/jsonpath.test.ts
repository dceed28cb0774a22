// Table tests of the JSONPath dialect: every path form, definiteness, Jayway's missing-path reasons, syntax errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatesFailure } from '../asl/errors.ts';
import type { JsonObject, JsonValue } from '../json/json-value.ts';
import { checkPath, compilePath, PathSyntaxError } from './index.ts';
import { scopeOf } from './test-support/scope.ts';

const books: JsonObject[] = [
  { title: 'A', price: 8, tags: ['x'] },
  { title: 'B', price: 12, isbn: '1' },
  { title: 'C', price: 9.5, category: 'fiction' },
];
const a = { b: [1, 2, 3], 'x y': 'spaced', n: null, s: 'str' };
const store = { book: books };
const input: JsonObject = { a, store, 'delivery-partner': 'dp' };
const scope = scopeOf(input, {
  context: { Execution: { Name: 'exec' }, Map: { Item: { Index: 2 } } },
  variables: { myVar: { field: [10, 20] }, flag: true },
});

const evaluations: [string, JsonValue | undefined, boolean][] = [
  ['$', input, true],
  ['$.a.s', 'str', true],
  ["$['a']['x y']", 'spaced', true],
  ['$["a"]["s"]', 'str', true],
  ['$.a.b[0]', 1, true],
  ['$.a.b[-1]', 3, true],
  ['$.a.b[5]', undefined, true],
  ['$.a.n', null, true],
  ['$.delivery-partner', 'dp', true],
  ['$.missing', undefined, true],
  ['$$.Execution.Name', 'exec', true],
  ['$$.Map.Item.Index', 2, true],
  ['$myVar', { field: [10, 20] }, true],
  ['$myVar.field[1]', 20, true],
  ['$flag', true, true],
  ['$undefinedVar', undefined, true],
  ['$.a.b[1:3]', [2, 3], false],
  ['$.a.b[-1:]', [3], false],
  ['$.a.b[:2]', [1, 2], false],
  ['$.a.b[::2]', [1, 3], false],
  ['$.a.b[*]', [1, 2, 3], false],
  ['$.a.b[0,2]', [1, 3], false],
  ["$.a['s','n']", ['str', null], false],
  ['$.store.book[*].title', ['A', 'B', 'C'], false],
  ['$.store.book[*].isbn', ['1'], false],
  ['$..price', [8, 12, 9.5], false],
  ['$..book[0].title', ['A'], false],
  ['$.store.*', [books], false],
  ['$.store.book[?(@.price < 10)].title', ['A', 'C'], false],
  ['$.store.book[?(@.price >= 9.5 && @.price <= 12)].title', ['B', 'C'], false],
  ['$.store.book[?(@.title == \'A\' || @.title == "B")].price', [8, 12], false],
  ['$.store.book[?(@.isbn)].title', ['B'], false],
  ['$.store.book[?(!@.isbn)].title', ['A', 'C'], false],
  ["$.store.book[?(@.title != 'A')].title", ['B', 'C'], false],
  ["$.store.book[?(@.title in ['A', 'C'])].title", ['A', 'C'], false],
  ["$.store.book[?(@.title nin ['A'])].title", ['B', 'C'], false],
  ['$.store.book[?(@.title =~ /[ab]/i)].title', ['A', 'B'], false],
  ['$.store.book[?(@.tags size 1)].title', ['A'], false],
  ['$.store.book[?(@.price > $.store.book[0].price)].title', ['B', 'C'], false],
  ['$.store.book[?((@.price < 9) || (@.category == "fiction"))].title', ['A', 'C'], false],
  ['$..[?(@.category)].title', ['C'], false],
  ['$.missing[*]', [], false],
  ['$.missing[1:]', [], false],
  ['$[*]', [a, store, 'dp'], false],
  // A dot before a bracket, as deployed definitions write it (Jayway reads it as the bracket alone).
  ['$.[*]', [a, store, 'dp'], false],
  ['$.a.b.[0]', 1, true],
  ["$.['a'].s", 'str', true],
  ["$.a.['s','n']", ['str', null], false],
  ['$.store.book.[?(@.price < 10)].title', ['A', 'C'], false],
  ["$.store.book.[*].['title']", ['A', 'B', 'C'], false],
];

for (const [text, expected, definite] of evaluations) {
  test(`evaluate ${text}`, () => {
    const path = compilePath(text);
    assert.equal(path.isDefinite, definite);
    assert.deepEqual(path.evaluate(scope), expected);
  });
}

test('paths share the input instead of copying it', () => {
  assert.equal(compilePath('$.a').evaluate(scope), a);
});

const missing: [string, string][] = [
  ['$.NoSuchInputPath', "No results for path: $['NoSuchInputPath']"],
  ['$.no.such.result.path', "Missing property in path $['no']"],
  ['$.a.missing', "No results for path: $['a']['missing']"],
  ['$.a.b[7]', "No results for path: $['a']['b'][7]"],
  ['$.a.n[0]', "The path $['a']['n'] is null"],
  ['$.a.s[0]', 'Filter: [0] can only be applied to arrays. Current context is: str'],
  [
    '$.a.s.x',
    "Expected to find an object with property ['x'] in path $['a']['s'] but found 'java.lang.String'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonProvider'.",
  ],
  ['$nope.x', "The variable '$nope' is not defined"],
  ['$.a.b.[7]', "No results for path: $['a']['b'][7]"],
];

for (const [text, reason] of missing) {
  test(`explain missing ${text}`, () => {
    const path = compilePath(text);
    assert.equal(path.explainMissing(scope), reason);
    assert.throws(
      () => path.evaluateStrict(scope),
      (error: unknown) =>
        error instanceof StatesFailure &&
        error.error === 'States.Runtime' &&
        error.cause === `Invalid path '${text}' : ${reason}`,
    );
  });
}

test('evaluateStrict returns an empty array for an indefinite path', () => {
  assert.deepEqual(compilePath('$.nothing[*]').evaluateStrict(scope), []);
});

const invalid = ['', 'a.b', '$.', '$..', '$[', '$[]', '$.a b', "$['a'", '$[1:2:0]', '$[?(@.a ==)]', '$[?(@.a', '$.a)'];

for (const text of invalid) {
  test(`syntax error ${JSON.stringify(text)}`, () => {
    assert.throws(() => compilePath(text), PathSyntaxError);
    assert.match(checkPath(text, { reference: false }) ?? '', /position/);
  });
}

const checks: [string, boolean, boolean][] = [
  ['$.a.b[0]', true, true],
  ['$$.Execution.Input', true, true],
  ['$var.x', true, true],
  ['$.a[*]', false, true],
  ['$..a', false, true],
  ['$.a[0:1]', false, true],
  ['$.a[0,1]', false, true],
  ['$[?(@.a)]', false, true],
  ['$.a.[0]', true, true],
  ['$.[0].State', true, true],
  ['$.[?(@.OU > 0)]', false, true],
];

for (const [text, validReference, validPath] of checks) {
  test(`checkPath ${text}`, () => {
    assert.equal(checkPath(text, { reference: true }) === undefined, validReference);
    assert.equal(checkPath(text, { reference: false }) === undefined, validPath);
  });
}
