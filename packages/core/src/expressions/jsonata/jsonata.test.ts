// JSONata as AWS evaluates it: templates, AWS's functions, the engine's services and clock, and the budget
// that stops hostile expressions.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatesFailure } from '../../asl/errors.ts';
import type { JsonValue } from '../../json/json-value.ts';
import type { EvaluationServices } from '../scope.ts';
import { compileJsonata, type JsonataScope } from './jsonata-expression.ts';
import { compileJsonataTemplate } from './jsonata-template.ts';

const services: EvaluationServices = {
  uuid: () => '00000000-0000-4000-8000-000000000001',
  random: () => 0.25,
  hash: (algorithm, data) => `${algorithm}(${data})`,
};

function scope(input: JsonValue = {}, variables: Record<string, JsonValue> = {}): JsonataScope {
  return {
    states: { input, context: { Execution: { Name: 'run-1' } } },
    variables,
    services,
    now: Date.UTC(2024, 0, 1),
  };
}

async function evaluate(value: JsonValue, input: JsonValue = {}, variables: Record<string, JsonValue> = {}) {
  return compileJsonataTemplate(value, 'Output').evaluate(scope(input, variables));
}

async function failure(value: JsonValue, input: JsonValue = {}): Promise<StatesFailure> {
  try {
    await evaluate(value, input);
  } catch (error) {
    if (error instanceof StatesFailure) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(value)} to fail`);
}

const results: [string, JsonValue, JsonValue, JsonValue?][] = [
  ['a literal stays as it is', { a: [1, 'x', null] }, { a: [1, 'x', null] }],
  ['a string with spaces around the delimiters is a literal', ' {% 1 %} ', ' {% 1 %} '],
  ['an expression reads $states.input', '{% $states.input.n + 1 %}', 42, { n: 41 }],
  ['expressions nest inside objects and arrays', { a: ['{% 1 + 1 %}', 'x'] }, { a: [2, 'x'] }],
  ['$states.context is the context object', '{% $states.context.Execution.Name %}', 'run-1'],
  ['$partition splits an array', '{% $partition([1,2,3,4,5], 2) %}', [[1, 2], [3, 4], [5]]],
  ['$range includes its end', '{% $range(0, 10, 5) %}', [0, 5, 10]],
  ['$parse reads JSON text', '{% $parse(\'{"a":[1]}\') %}', { a: [1] }],
  ['$hash uses the injected hash', "{% $hash('abc', 'SHA-256') %}", 'SHA-256(abc)'],
  ['$uuid uses the injected ids', '{% $uuid() %}', '00000000-0000-4000-8000-000000000001'],
  ['$random uses the injected randomness', '{% $random() %}', 0.25],
  ['$now reports the engine clock, not the machine', '{% $now() %}', '2024-01-01T00:00:00.000Z'],
  ['$millis reports the engine clock', '{% $millis() %}', Date.UTC(2024, 0, 1)],
  ['a sequence result becomes an array', '{% [1, 2][$ > 0] %}', [1, 2]],
];

for (const [name, value, expected, input] of results) {
  test(`JSONata: ${name}`, async () => {
    assert.deepEqual(await evaluate(value, input ?? {}), expected);
  });
}

test('JSONata: variables are bound by name', async () => {
  assert.deepEqual(await evaluate('{% $x * 2 %}', {}, { x: 21 }), 42);
});

const failures: [string, JsonValue, RegExp][] = [
  [
    'nothing (undefined) is an error naming the field',
    { result: '{% $doesNotExist %}' },
    /^The JSONata expression '\$doesNotExist' specified for the field 'Output\/result' returned nothing \(undefined\)\.$/,
  ],
  ['a function is an unsupported result', '{% function($x){$x} %}', /returned an unsupported result type\.$/],
  ['$eval is not available, as on AWS', "{% $eval('1') %}", /threw an error during evaluation\. T1006: /],
  ['a jsonata error keeps its code', '{% 1 + "a" %}', /threw an error during evaluation\. T2002: The right side/],
  ['$range refuses more than 1,000 items', '{% $range(0, 1000000000, 1) %}', /\$range: the range would hold/],
  ['$partition wants a positive size', '{% $partition([1], 0) %}', /chunk size must be greater than 0/],
  [
    'deep recursion is stopped by the depth budget',
    '{% ($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000)) %}',
    /U1001: The expression nests deeper than/,
  ],
  [
    'a long computation is stopped by the step budget',
    '{% $count($map([1..5000000], function($v){ $v * 2 })) %}',
    /U1001: The expression takes more than/,
  ],
];

for (const [name, value, pattern] of failures) {
  test(`JSONata failure: ${name}`, async () => {
    const error = await failure(value);
    assert.equal(error.error, 'States.QueryEvaluationError');
    assert.match(error.cause ?? '', pattern);
    assert.ok(error.evaluation, 'recorded as EvaluationFailed');
  });
}

test("JSONata: an expression that does not parse is reported with jsonata's code", () => {
  assert.throws(() => compileJsonata('1 +'), /S0207/);
});
