// Table tests of the 18 intrinsic functions: results, argument syntax, and their failures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatesFailure } from '../../asl/errors.ts';
import type { JsonValue } from '../../json/json-value.ts';
import { checkIntrinsic, compileIntrinsic, INTRINSIC_NAMES } from '../index.ts';
import { scopeOf } from '../test-support/scope.ts';
import { javaRandomNextInt } from './math.ts';

const input = {
  arr: [1, 2, 3, 4, 5],
  dup: [1, 1, { a: 1 }, { a: 1 }, [null], [null], 'x', 'x'],
  obj: { a: 1, b: [1, 'x'] },
  text: 'a,b;c',
  json: '{"k": [1, 2]}',
  n: 2.5,
};
const scope = scopeOf(input, { context: { Execution: { Name: 'exec-1' } }, variables: { v: 3 } });

const results: [string, JsonValue][] = [
  ['States.Array()', []],
  ["States.Array(1, 'two', true, null, 1.5, $.obj, $v)", [1, 'two', true, null, 1.5, input.obj, 3]],
  ['States.ArrayPartition($.arr, 2)', [[1, 2], [3, 4], [5]]],
  ['States.ArrayPartition($.arr, 9)', [[1, 2, 3, 4, 5]]],
  ['States.ArrayContains($.arr, 3)', true],
  ['States.ArrayContains($.dup, $.dup[2])', true],
  // A dot before a bracket inside an argument, as in deployed definitions.
  ["States.Array($.arr.[0], $.obj.b.[1], $.obj.['a'])", [1, 'x', 1]],
  ["States.ArrayContains($.arr, '3')", false],
  ['States.ArrayRange(1, 9, 2)', [1, 3, 5, 7, 9]],
  ['States.ArrayRange(0, 10, 3)', [0, 3, 6, 9]],
  ['States.ArrayRange(5, 1, -2)', [5, 3, 1]],
  ['States.ArrayRange(5, 1, 1)', []],
  ['States.ArrayGetItem($.arr, 4)', 5],
  ['States.ArrayLength($.arr)', 5],
  ['States.ArrayUnique($.dup)', [1, { a: 1 }, [null], 'x']],
  ["States.Base64Encode('Data to encode')", 'RGF0YSB0byBlbmNvZGU='],
  ["States.Base64Encode('héllo €𝄞')", 'aMOpbGxvIOKCrPCdhJ4='],
  ["States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", 'Data to encode'],
  ["States.Base64Decode('aMOpbGxvIOKCrPCdhJ4=')", 'héllo €𝄞'],
  ["States.Base64Decode('YQ')", 'a'],
  ["States.Base64Decode('/w==')", '\uFFFD'],
  ["States.Hash('input data', 'MD5')", '812f45842bc6d66ee14572ce20db8e86'],
  ["States.Hash('input data', 'SHA-1')", 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
  ['States.JsonMerge($.obj, States.StringToJson(\'{"b": 2, "c": 3}\'), false)', { a: 1, b: 2, c: 3 }],
  ['States.JsonToString($.obj)', '{"a":1,"b":[1,"x"]}'],
  ['States.JsonToString(1.0E-5)', '1.0E-5'],
  ['States.StringToJson($.json)', { k: [1, 2] }],
  ["States.StringToJson('  ')", null],
  ["States.StringToJson('-0')", 0],
  ['States.MathAdd(1.49, 1.5)', 3],
  ['States.MathAdd(-2.5, 0)', -2],
  ['States.MathAdd($.n, $v)', 6],
  ['States.MathRandom(0, 10)', 5],
  ['States.MathRandom(0, 1000, 7)', javaRandomNextInt(7, 1000)],
  ["States.StringSplit($.text, ',;')", ['a', 'b', 'c']],
  ["States.StringSplit(',,a,,', ',')", ['a']],
  ["States.Format('x={}, y={}', $.obj, $.arr)", 'x={a=1, b=[1, x]}, y=[1, 2, 3, 4, 5]'],
  ["States.Format('{} {} {} {}', null, 1.1, true, 'it\\'s')", "null 1.1 true it's"],
  ["States.Format('literal \\{\\} and {}', 'gap')", 'literal {} and gap'],
  ["States.Format('back\\\\slash {}', $$.Execution.Name)", 'back\\slash exec-1'],
  ['States.Format($.text)', 'a,b;c'],
  ['States.UUID()', '00000000-0000-4000-8000-000000000000'],
  [
    "States.ArrayGetItem(States.StringSplit($$.Execution.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.Execution.Name, '-')), -1))",
    '1',
  ],
  ['  States.ArrayLength( $.arr )  ', 5],
  ["States.ArrayLength($.obj['b'])", 2],
  ['States.ArrayLength($.arr[?(@ > 2)])', 3],
];

for (const [text, expected] of results) {
  test(`evaluate ${text}`, () => {
    assert.equal(checkIntrinsic(text), undefined);
    assert.deepEqual(compileIntrinsic(text).evaluate(scope, 'f.$'), expected);
  });
}

const failures: [string, RegExp][] = [
  ["States.ArrayPartition('x', 2)", /argument 1 must be an array, but was "x"/],
  ['States.ArrayPartition($.arr, 0)', /chunk size must be greater than 0/],
  ['States.ArrayPartition($.arr, 1.5)', /argument 2 must be an integer/],
  ['States.ArrayRange(0, 10, 0)', /step must not be 0/],
  ['States.ArrayRange(0, 1000, 1)', /1001 items, more than the maximum of 1000/],
  ['States.ArrayGetItem($.arr, 5)', /index 5 is out of bounds for an array of length 5/],
  ['States.ArrayGetItem($.arr, -1)', /index -1 is out of bounds/],
  ['States.ArrayLength($.obj)', /must be an array/],
  ['States.ArrayUnique(1)', /must be an array/],
  ['States.ArrayContains(null, 1)', /must be an array/],
  ["States.Base64Decode('a')", /not valid Base64/],
  ["States.Base64Decode('ab!d')", /not valid Base64/],
  ['States.Base64Encode(1)', /must be a string/],
  ["States.Hash('x', 'SHA-3')", /algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, but was SHA-3/],
  ["States.Hash($.obj, 'MD5')", /argument 1 must be a string/],
  ["States.StringToJson('{bad')", /not valid JSON/],
  ['States.StringToJson(1)', /must be a string/],
  ['States.JsonMerge($.obj, $.obj, true)', /only shallow merge is supported/],
  ['States.JsonMerge($.arr, $.obj, false)', /argument 1 must be a JSON object/],
  ["States.MathAdd('1', 2)", /argument 1 must be a number/],
  ['States.MathAdd(2147483648, 0)', /outside the integer range/],
  ['States.MathRandom(5, 5)', /end \(5\) must be greater than the start \(5\)/],
  ['States.MathRandom(0, 9, 1.5)', /argument 3 must be an integer/],
  ["States.StringSplit($.arr, ',')", /argument 1 must be a string/],
  ["States.Format('{} {}', 1)", /2 placeholder\(s\) but 1 value\(s\)/],
  ["States.Format('{}', 1, 2)", /1 placeholder\(s\) but 2 value\(s\)/],
  ['States.Format($.arr)', /argument 1 must be a string/],
];

for (const [text, cause] of failures) {
  test(`fails ${text}`, () => {
    assert.throws(
      () => compileIntrinsic(text).evaluate(scope, 'f.$'),
      (error: unknown) =>
        error instanceof StatesFailure && error.error === 'States.IntrinsicFailure' && cause.test(error.cause ?? ''),
    );
  });
}

const invalid: [string, RegExp][] = [
  ['States.Nope()', /Unknown intrinsic function 'States.Nope'/],
  ['States.UUID(1)', /States.UUID takes 0 argument/],
  ['States.ArrayGetItem($.arr)', /takes 2 argument/],
  ['States.MathRandom(1)', /takes 2 to 3 argument/],
  ['States.Format()', /takes at least 1 argument/],
  ["States.Format('a\\\"b')", /escape/],
  ["States.Format('a\\nb')", /escape/],
  ["States.Format('open)", /closing '/],
  ['States.Array(1,)', /Expected a string, number/],
  ['States.Array(1) extra', /end of the intrinsic/],
  ['States.Array(1 2)', /Expected ',' or '\)'/],
  ['Format(1)', /States\./],
  ['States.Array($.)', /property name/],
  [`${'States.Array('.repeat(11)}${')'.repeat(11)}`, /nested at most 10/],
];

for (const [text, problem] of invalid) {
  test(`invalid ${text}`, () => {
    assert.match(checkIntrinsic(text) ?? '', problem);
  });
}

test('all 18 intrinsic functions are defined', () => {
  assert.equal(INTRINSIC_NAMES.length, 18);
});

test('java.util.Random sequence for seed 42', () => {
  // new java.util.Random(42).nextInt() is -1170105035 (JDK), so next(31) is 1562431130.
  assert.equal(javaRandomNextInt(42, 10), 1562431130 % 10);
  assert.equal(javaRandomNextInt(42, 100), 1562431130 % 100);
  assert.equal(javaRandomNextInt(42, 1024), Math.floor((1024 * 1562431130) / 2 ** 31));
});
