// Table tests for every JSONPath-mode Choice operator: matches, wrong types, missing paths, composition and errors.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatesFailure } from '../asl/errors.ts';
import type { ChoiceRule } from '../asl/types.ts';
import type { EvaluationScope } from '../expressions/scope.ts';
import type { JsonObject, JsonValue } from '../json/json-value.ts';
import { compileChoiceRule } from './choice-rules.ts';

function scopeOf(input: JsonValue, variables: JsonObject = {}, context: JsonValue = {}): EvaluationScope {
  const unavailable = (): never => {
    throw new Error('not used by Choice rules');
  };
  return { input, context, variables, services: { uuid: unavailable, random: unavailable, hash: unavailable } };
}

const missing = (path: string) => ({
  error: 'States.Runtime',
  cause: `Invalid path '${path}': The choice state's condition path references an invalid value.`,
});

type Expected = boolean | { error: string; cause: string };
type Row = [title: string, rule: ChoiceRule, input: JsonValue, expected: Expected];

function check(rows: readonly Row[]): void {
  for (const [title, rule, input, expected] of rows) {
    it(title, () => {
      const compiled = compileChoiceRule(rule);
      if (typeof expected === 'boolean') {
        assert.equal(compiled.matches(scopeOf(input)), expected);
        return;
      }
      assert.throws(
        () => compiled.matches(scopeOf(input)),
        (error: unknown) =>
          error instanceof StatesFailure && error.error === expected.error && error.cause === expected.cause,
      );
    });
  }
}

const v = (operator: string, operand: JsonValue): ChoiceRule => ({ Variable: '$.v', [operator]: operand });
const vp = (operator: string): ChoiceRule => ({ Variable: '$.v', [`${operator}Path`]: '$.w' });

describe('string operators', () => {
  check([
    ['StringEquals equal', v('StringEquals', 'Hello'), { v: 'Hello' }, true],
    ['StringEquals is case-sensitive', v('StringEquals', 'Hello'), { v: 'hello' }, false],
    ['StringEquals does not trim', v('StringEquals', '     '), { v: ' ' }, false],
    ['StringEquals on a number is false', v('StringEquals', '1'), { v: 1 }, false],
    ['StringEquals on null is false', v('StringEquals', 'null'), { v: null }, false],
    ['StringEquals on an object is false', v('StringEquals', '{}'), { v: {} }, false],
    [
      'StringEquals matches a timestamp as text',
      v('StringEquals', '2016-03-14T01:59:00Z'),
      { v: '2016-03-14T01:59:00Z' },
      true,
    ],
    ['StringLessThan', v('StringLessThan', 'AB'), { v: 'A' }, true],
    ['StringLessThan equal is false', v('StringLessThan', ''), { v: '' }, false],
    ['StringLessThan by code unit: Z < a', v('StringLessThan', 'a'), { v: 'Z' }, true],
    ['StringLessThan by UTF-16 code unit: U+FFFF > U+1F600', v('StringLessThan', '\uffff'), { v: '😀' }, true],
    ['StringGreaterThan', v('StringGreaterThan', 'A'), { v: 'AB' }, true],
    ['StringGreaterThan a prefix is smaller', v('StringGreaterThan', 'ABC'), { v: 'AB' }, false],
    ['StringLessThanEquals equal', v('StringLessThanEquals', 'A'), { v: 'A' }, true],
    ['StringGreaterThanEquals equal', v('StringGreaterThanEquals', ''), { v: '' }, true],
    ['StringGreaterThanEquals smaller', v('StringGreaterThanEquals', 'AB'), { v: 'A' }, false],
    ['StringEqualsPath', vp('StringEquals'), { v: 'x', w: 'x' }, true],
    ['StringEqualsPath operand of another type is false', vp('StringEquals'), { v: '1', w: 1 }, false],
    ['StringLessThanPath', vp('StringLessThan'), { v: 'A', w: 'AB' }, true],
    ['StringGreaterThanPath', vp('StringGreaterThan'), { v: 'AB', w: 'ABC' }, false],
    ['StringLessThanEqualsPath', vp('StringLessThanEquals'), { v: 'AB', w: 'A' }, false],
    ['StringGreaterThanEqualsPath', vp('StringGreaterThanEquals'), { v: 'B', w: 'A' }, true],
    ['StringMatches wildcard', v('StringMatches', 'log-*.txt'), { v: 'log-1.txt' }, true],
    ['StringMatches escaped star', v('StringMatches', 'a\\*'), { v: 'ab' }, false],
    ['StringMatches escaped star literal', v('StringMatches', 'a\\*'), { v: 'a*' }, true],
    ['StringMatches escaped backslash', v('StringMatches', 'a\\\\*'), { v: 'a\\b' }, true],
    ['StringMatches on a number is false', v('StringMatches', '*'), { v: 1 }, false],
  ]);
});

describe('numeric operators', () => {
  check([
    ['NumericEquals int and float', v('NumericEquals', 1.0), { v: 1 }, true],
    ['NumericEquals 0 and -0', v('NumericEquals', 0), { v: -0 }, true],
    ['NumericEquals different', v('NumericEquals', 1), { v: 1.1 }, false],
    ['NumericEquals on a numeric string is false', v('NumericEquals', 1), { v: '1' }, false],
    ['NumericEquals on a boolean is false', v('NumericEquals', 1), { v: true }, false],
    ['NumericEquals on null is false', v('NumericEquals', 0), { v: null }, false],
    ['NumericEquals on an array is false', v('NumericEquals', 0), { v: [0] }, false],
    [
      'NumericEquals big integers compare as doubles',
      v('NumericEquals', 9007199254740992),
      JSON.parse('{"v": 9007199254740993}') as JsonValue,
      true,
    ],
    ['NumericEquals exponent forms', v('NumericEquals', 1e3), { v: 1000 }, true],
    ['NumericEquals NaN never equals', v('NumericEquals', Number.NaN), { v: Number.NaN }, false],
    ['NumericLessThan', v('NumericLessThan', 1), { v: 0 }, true],
    ['NumericLessThan equal is false', v('NumericLessThan', 0), { v: 0.0 }, false],
    ['NumericLessThan negative', v('NumericLessThan', -1.5), { v: -2 }, true],
    ['NumericLessThan NaN is false', v('NumericLessThan', 1), { v: Number.NaN }, false],
    ['NumericGreaterThan', v('NumericGreaterThan', 0), { v: 1 }, true],
    ['NumericGreaterThan Infinity', v('NumericGreaterThan', 1e308), { v: Number.POSITIVE_INFINITY }, true],
    ['NumericLessThanEquals equal', v('NumericLessThanEquals', 1), { v: 1 }, true],
    ['NumericLessThanEquals NaN is false', v('NumericLessThanEquals', 1), { v: Number.NaN }, false],
    ['NumericGreaterThanEquals equal', v('NumericGreaterThanEquals', 0), { v: 0 }, true],
    ['NumericGreaterThanEquals smaller', v('NumericGreaterThanEquals', 1), { v: 0 }, false],
    ['NumericEqualsPath', vp('NumericEquals'), { v: 2.22, w: 2.22 }, true],
    ['NumericEqualsPath int and float', vp('NumericEquals'), { v: 0.0, w: 0 }, true],
    ['NumericEqualsPath operand a string is false', vp('NumericEquals'), { v: 1, w: '1' }, false],
    ['NumericLessThanPath', vp('NumericLessThan'), { v: 0, w: 1 }, true],
    ['NumericGreaterThanPath', vp('NumericGreaterThan'), { v: 1, w: 1 }, false],
    ['NumericLessThanEqualsPath', vp('NumericLessThanEquals'), { v: 1, w: 1 }, true],
    ['NumericGreaterThanEqualsPath', vp('NumericGreaterThanEquals'), { v: 0, w: 1 }, false],
  ]);
});

describe('boolean operators', () => {
  check([
    ['BooleanEquals true', v('BooleanEquals', true), { v: true }, true],
    ['BooleanEquals false', v('BooleanEquals', false), { v: false }, true],
    ['BooleanEquals different', v('BooleanEquals', true), { v: false }, false],
    ['BooleanEquals on 1 is false', v('BooleanEquals', true), { v: 1 }, false],
    ['BooleanEquals on "true" is false', v('BooleanEquals', true), { v: 'true' }, false],
    ['BooleanEquals on null is false', v('BooleanEquals', false), { v: null }, false],
    ['BooleanEqualsPath', vp('BooleanEquals'), { v: false, w: false }, true],
    ['BooleanEqualsPath operand not boolean is false', vp('BooleanEquals'), { v: true, w: 'true' }, false],
  ]);
});

describe('timestamp operators', () => {
  const t = '2012-10-09T19:00:55Z';
  check([
    ['TimestampEquals', v('TimestampEquals', t), { v: t }, true],
    ['TimestampEquals across offsets', v('TimestampEquals', t), { v: '2012-10-09T21:00:55+02:00' }, true],
    [
      'TimestampEquals with fractions',
      v('TimestampEquals', '2012-10-09T19:00:55.5Z'),
      { v: '2012-10-09T19:00:55.500Z' },
      true,
    ],
    ['TimestampEquals nanoseconds apart', v('TimestampEquals', t), { v: '2012-10-09T19:00:55.000000001Z' }, false],
    ['TimestampEquals without zone is false', v('TimestampEquals', t), { v: '2012-10-09T19:00:55' }, false],
    ['TimestampEquals on a date is false', v('TimestampEquals', t), { v: '2012-10-09' }, false],
    [
      'TimestampEquals on a space-separated value is false',
      v('TimestampEquals', t),
      { v: '2012-10-09 19:00:55Z' },
      false,
    ],
    ['TimestampEquals on a number is false', v('TimestampEquals', t), { v: 0 }, false],
    ['TimestampEquals on null is false', v('TimestampEquals', t), { v: null }, false],
    ['TimestampLessThan', v('TimestampLessThan', '2012-10-09T19:00:56Z'), { v: t }, true],
    ['TimestampLessThan offset makes it later', v('TimestampLessThan', t), { v: '2012-10-09T19:00:55-00:01' }, false],
    ['TimestampGreaterThan', v('TimestampGreaterThan', t), { v: '2012-10-09T19:00:55.1Z' }, true],
    ['TimestampGreaterThan equal is false', v('TimestampGreaterThan', t), { v: t }, false],
    ['TimestampLessThanEquals', v('TimestampLessThanEquals', t), { v: t }, true],
    ['TimestampGreaterThanEquals', v('TimestampGreaterThanEquals', '2012-10-09T19:00:56Z'), { v: t }, false],
    ['TimestampEqualsPath', vp('TimestampEquals'), { v: t, w: '2012-10-09T20:00:55+01:00' }, true],
    ['TimestampEqualsPath invalid operand is false', vp('TimestampEquals'), { v: t, w: 'not a timestamp' }, false],
    ['TimestampLessThanPath', vp('TimestampLessThan'), { v: '2012-10-09T19:00:56Z', w: t }, false],
    ['TimestampGreaterThanPath', vp('TimestampGreaterThan'), { v: '2012-10-09T19:00:56Z', w: t }, true],
    ['TimestampLessThanEqualsPath', vp('TimestampLessThanEquals'), { v: t, w: t }, true],
    ['TimestampGreaterThanEqualsPath', vp('TimestampGreaterThanEquals'), { v: t, w: '2012-10-09T19:00:56Z' }, false],
  ]);
});

describe('type tests', () => {
  check([
    ['IsNull on null', v('IsNull', true), { v: null }, true],
    ['IsNull false on null', v('IsNull', false), { v: null }, false],
    ['IsNull on 0', v('IsNull', true), { v: 0 }, false],
    ['IsNull false on ""', v('IsNull', false), { v: '' }, true],
    ['IsNumeric on 1.1', v('IsNumeric', true), { v: 1.1 }, true],
    ['IsNumeric on "1"', v('IsNumeric', true), { v: '1' }, false],
    ['IsNumeric false on false', v('IsNumeric', false), { v: false }, true],
    ['IsString on ""', v('IsString', true), { v: '' }, true],
    ['IsString on null', v('IsString', true), { v: null }, false],
    ['IsString false on []', v('IsString', false), { v: [] }, true],
    ['IsBoolean on false', v('IsBoolean', true), { v: false }, true],
    ['IsBoolean on 0', v('IsBoolean', true), { v: 0 }, false],
    ['IsBoolean false on {}', v('IsBoolean', false), { v: {} }, true],
    ['IsTimestamp on a Z timestamp', v('IsTimestamp', true), { v: '2016-03-14T01:59:00Z' }, true],
    ['IsTimestamp on an offset timestamp', v('IsTimestamp', true), { v: '2016-03-14T01:59:00.123+05:30' }, true],
    ['IsTimestamp on a zoneless timestamp', v('IsTimestamp', true), { v: '2016-03-14T01:59:00' }, false],
    ['IsTimestamp false on a number', v('IsTimestamp', false), { v: 1457920740 }, true],
    ['IsPresent on null', v('IsPresent', true), { v: null }, true],
    ['IsPresent on a missing field', v('IsPresent', true), {}, false],
    ['IsPresent false on a missing field', v('IsPresent', false), {}, true],
    ['IsPresent through a non-object', { Variable: '$.v.x', IsPresent: true }, { v: 'text' }, false],
    ['IsPresent past the end of an array', { Variable: '$.v[3]', IsPresent: true }, { v: [1] }, false],
    ['IsPresent on $', { Variable: '$', IsPresent: true }, null, true],
  ]);
});

describe('missing paths', () => {
  check([
    ['a comparison on a missing Variable fails', v('StringEquals', 'x'), {}, missing('$.v')],
    ['a type test on a missing Variable fails', v('IsNull', true), {}, missing('$.v')],
    ['IsString false on a missing Variable still fails', v('IsString', false), { w: 1 }, missing('$.v')],
    ['a missing nested Variable fails', { Variable: '$.a.b', NumericEquals: 1 }, { a: {} }, missing('$.a.b')],
    ['a missing ...Path operand fails', vp('NumericEquals'), { v: 1 }, missing('$.w')],
    ['a missing Variable fails before the operand is read', vp('NumericEquals'), {}, missing('$.v')],
    ['a Variable that is null is not missing', v('NumericEquals', 1), { v: null }, false],
    ['a ...Path operand that is null is a type mismatch', vp('NumericEquals'), { v: 1, w: null }, false],
  ]);
});

describe('And, Or, Not', () => {
  const isThree: ChoiceRule = { Variable: '$.v', NumericEquals: 3 };
  const present: ChoiceRule = { Variable: '$.v', IsPresent: true };
  check([
    ['And all true', { And: [present, isThree] }, { v: 3 }, true],
    ['And one false', { And: [present, isThree] }, { v: 4 }, false],
    ['And short-circuits past a missing path', { And: [present, isThree] }, {}, false],
    ['And does not guard a later failure', { And: [isThree, present] }, {}, missing('$.v')],
    ['Or any true', { Or: [isThree, { Variable: '$.v', NumericEquals: 4 }] }, { v: 4 }, true],
    ['Or none true', { Or: [isThree] }, { v: 5 }, false],
    ['Or short-circuits', { Or: [{ Not: present }, isThree] }, {}, true],
    ['Not', { Not: isThree }, { v: 4 }, true],
    ['Not does not hide a missing path', { Not: isThree }, {}, missing('$.v')],
    [
      'nested',
      { And: [present, { Or: [{ Not: isThree }, { Variable: '$.w', StringEquals: 'x' }] }] },
      { v: 3, w: 'x' },
      true,
    ],
  ]);
});

describe('paths into the context object and variables', () => {
  it('reads $$ and $name', () => {
    const rule = compileChoiceRule({
      Variable: '$guess',
      StringEqualsPath: '$$.Execution.Input.answer',
      Next: 'Right',
    });
    assert.equal(rule.next, 'Right');
    const context = { Execution: { Input: { answer: 'x' } } };
    assert.equal(rule.matches(scopeOf({}, { guess: 'x' }, context)), true);
    assert.equal(rule.matches(scopeOf({}, { guess: 'y' }, context)), false);
    assert.throws(() => rule.matches(scopeOf({}, {}, context)), StatesFailure);
  });
});

describe('malformed rules are rejected when compiled', () => {
  const rows: [string, ChoiceRule][] = [
    ['no operator', { Variable: '$.v' }],
    ['two operators', { Variable: '$.v', StringEquals: 'a', IsNull: true }],
    ['no Variable', { StringEquals: 'a' }],
    ['a literal of the wrong type', { Variable: '$.v', NumericEquals: '1' }],
    ['an invalid timestamp literal', { Variable: '$.v', TimestampEquals: '2016-03-14' }],
    ['a non-boolean type test', { Variable: '$.v', IsNull: 'yes' }],
    ['a non-string ...Path', { Variable: '$.v', StringEqualsPath: 1 }],
    ['an empty And', { And: [] }],
  ];
  for (const [title, rule] of rows) {
    it(title, () => {
      assert.throws(() => compileChoiceRule(rule), TypeError);
    });
  }
});
