// Table tests of payload templates: `.$` fields, nesting, arrays, constants, failures and validation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatesFailure } from '../asl/errors.ts';
import type { JsonValue } from '../json/json-value.ts';
import { checkPayloadTemplate, compilePayloadTemplate, PathSyntaxError } from './index.ts';
import { scopeOf } from './test-support/scope.ts';

const input = { x: 1, list: [{ v: 'a' }, { v: 'b' }], name: 'n' };
const scope = scopeOf(input, { context: { State: { Name: 'S' } }, variables: { greeting: 'hi' } });

const templates: [string, JsonValue, JsonValue][] = [
  ['constant', { a: 1, b: [true, null] }, { a: 1, b: [true, null] }],
  ['input path', { 'x.$': '$.x' }, { x: 1 }],
  ['whole input', { 'all.$': '$' }, { all: input }],
  ['context path', { 'state.$': '$$.State.Name' }, { state: 'S' }],
  ['variable', { 'g.$': '$greeting' }, { g: 'hi' }],
  ['indefinite path', { 'vs.$': '$.list[*].v' }, { vs: ['a', 'b'] }],
  ['intrinsic', { 'f.$': "States.Format('{}-{}', $.name, $greeting)" }, { f: 'n-hi' }],
  ['nested object', { outer: { 'inner.$': '$.x', keep: 'k' } }, { outer: { inner: 1, keep: 'k' } }],
  ['objects inside arrays', { items: [{ 'v.$': '$.name' }, 'plain', 3] }, { items: [{ v: 'n' }, 'plain', 3] }],
  ['top-level array', [{ 'v.$': '$.x' }], [{ v: 1 }]],
  ['scalar template', 'just text', 'just text'],
  ['string that looks like a path without .$', { p: '$.x' }, { p: '$.x' }],
  ['__proto__ stays data', { '__proto__.$': '$.x' }, JSON.parse('{"__proto__":1}') as JsonValue],
];

for (const [name, template, expected] of templates) {
  test(`template: ${name}`, () => {
    assert.deepEqual(compilePayloadTemplate(template).evaluate(scope), expected);
  });
}

test('a constant template is returned without copying', () => {
  const template = { a: { b: 1 } };
  assert.equal(compilePayloadTemplate(template).evaluate(scope), template);
});

test('a path that finds nothing fails with AWS cause naming the field and the input', () => {
  const template = compilePayloadTemplate({ nested: { 'value.$': '$.no_such_jsonpath' } });
  assert.throws(
    () => template.evaluate(scopeOf({ 'int-literal': 0 })),
    (error: unknown) =>
      error instanceof StatesFailure &&
      error.error === 'States.Runtime' &&
      error.cause ===
        "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'",
  );
});

test('a path inside an intrinsic that finds nothing names the field too', () => {
  const template = compilePayloadTemplate({ 'f.$': 'States.Array($.missing)' });
  assert.throws(
    () => template.evaluate(scopeOf({})),
    (error: unknown) => error instanceof StatesFailure && /'\$\.missing'.*'f\.\$'/.test(error.cause ?? ''),
  );
});

const invalid: [string, JsonValue][] = [
  ['not a path', { 'a.$': 'hello' }],
  ['number value', { 'a.$': 5 }],
  ['bad path', { 'a.$': '$.' }],
  ['unknown intrinsic', { 'a.$': 'States.Nope()' }],
  ['illegal escape', { 'parsed.$': 'States.StringToJson(\'{"text":"An \\"x\\" here"}\')' }],
];

for (const [name, template] of invalid) {
  test(`invalid template: ${name}`, () => {
    assert.throws(() => compilePayloadTemplate(template), PathSyntaxError);
    const [problem] = checkPayloadTemplate({ wrap: [template] }, '/States/S/Parameters');
    const key = Object.keys(template as object)[0] ?? '';
    assert.deepEqual(problem, {
      pointer: '/States/S/Parameters/wrap/0',
      message: `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`,
    });
  });
}

test('checkPayloadTemplate accepts a valid template', () => {
  assert.deepEqual(checkPayloadTemplate({ 'a.$': '$.x', b: { 'c.$': 'States.UUID()' } }), []);
});
