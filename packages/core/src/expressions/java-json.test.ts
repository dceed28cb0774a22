// Table tests of Java-style rendering: Jackson's compact JSON and Java's toString of decoded values.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../json/json-value.ts';
import { javaDouble, javaJson, javaNumber, javaToString } from './index.ts';
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from './intrinsics/utf8-base64.ts';

const numbers: [number, string][] = [
  [0, '0'],
  [-0, '0'],
  [1, '1'],
  [-6, '-6'],
  [1.1, '1.1'],
  [0.001, '0.001'],
  [0.0001, '1.0E-4'],
  [1.5e-7, '1.5E-7'],
  [1234567.5, '1234567.5'],
  [12345678.5, '1.23456785E7'],
  [1e21, '1000000000000000000000'],
  [2 ** 53, '9007199254740992'],
];

for (const [value, text] of numbers) {
  test(`javaNumber ${value}`, () => {
    assert.equal(javaNumber(value), text);
  });
}

const values: [JsonValue, string, string][] = [
  [null, 'null', 'null'],
  ['a"b\n', '"a\\"b\\n"', 'a"b\n'],
  [[1, 'x', [true]], '[1,"x",[true]]', '[1, x, [true]]'],
  [{ Arg1: 1, Arg2: [] }, '{"Arg1":1,"Arg2":[]}', '{Arg1=1, Arg2=[]}'],
  [{ Id: 'arn', Name: 'n' }, '{"Id":"arn","Name":"n"}', '{Id=arn, Name=n}'],
  [{}, '{}', '{}'],
];

for (const [value, json, text] of values) {
  test(`javaJson / javaToString ${JSON.stringify(value)}`, () => {
    assert.equal(javaJson(value), json);
    assert.equal(javaToString(value), text);
  });
}

const strings = ['', 'a', 'ab', 'abc', 'Data to encode', 'é', '€', '𝄞', 'mixed é€𝄞 text'];

for (const text of strings) {
  test(`UTF-8 and Base64 round trip ${JSON.stringify(text)}`, () => {
    const bytes = utf8Encode(text);
    assert.deepEqual(bytes, [...Buffer.from(text, 'utf8')]);
    assert.equal(base64Encode(bytes), Buffer.from(text, 'utf8').toString('base64'));
    assert.equal(utf8Decode(base64Decode(base64Encode(bytes)) ?? []), text);
  });
}

const malformed: [number[], string][] = [
  [[0xff], '\uFFFD'],
  [[0xc0, 0x80], '\uFFFD\uFFFD'],
  [[0xe2, 0x82], '\uFFFD\uFFFD'],
  [[0xed, 0xa0, 0x80], '\uFFFD\uFFFD\uFFFD'],
  [[0x61, 0x80, 0x62], 'a\uFFFDb'],
];

for (const [bytes, text] of malformed) {
  test(`utf8Decode replaces malformed ${JSON.stringify(bytes)}`, () => {
    assert.equal(utf8Decode(bytes), text);
  });
}

test('a lone surrogate encodes as ? like Java', () => {
  assert.deepEqual(utf8Encode('a\uD800b'), [0x61, 0x3f, 0x62]);
});

for (const text of ['a', 'ab=c', 'a===', 'ab c', 'YQ=']) {
  test(`base64Decode rejects ${JSON.stringify(text)}`, () => {
    assert.equal(base64Decode(text), undefined);
  });
}

test('javaDouble writes every number as a Java double: integral ones too', () => {
  assert.equal(javaDouble(5), '5.0');
  assert.equal(javaDouble(0.5), '0.5');
  assert.equal(javaDouble(1761644502.123), '1.761644502123E9');
  assert.equal(javaDouble(1761644502), '1.761644502E9');
});
