// Event patterns, table-driven from the examples of AWS's EventBridge user guide (content filtering, arrays,
// $or, null and empty values): each operator, what it matches and what it does not, and the patterns AWS refuses.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors.ts';
import { compilePatternText, matchesPattern } from './event-pattern.ts';

const ec2 = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: {
    'instance-id': 'i-1234567890abcdef0',
    state: 'terminated',
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.123',
    'source-ip6': '2001:db8::ff00:42:8329',
    'file-name': 'photo.PNG',
    responseElements: null,
    eventVersion: '',
    tags: ['blue', 'prod'],
    items: [
      { kind: 'a', size: 1 },
      { kind: 'b', size: 2 },
    ],
  },
};

const cases: [name: string, pattern: unknown, matches: boolean][] = [
  ['exact string', { source: ['aws.ec2'] }, true],
  ['exact string, other', { source: ['aws.s3'] }, false],
  ['any of a list', { source: ['aws.s3', 'aws.ec2'] }, true],
  ['nested exact', { detail: { state: ['terminated'] } }, true],
  ['nested exact, other', { detail: { state: ['running'] } }, false],
  ['missing field', { detail: { nope: ['x'] } }, false],
  ['exact number', { detail: { 'c-count': [5] } }, true],
  ['a number is not its string', { detail: { 'c-count': ['5'] } }, false],
  ['null', { detail: { responseElements: [null] } }, true],
  ['null is not absent', { detail: { absent: [null] } }, false],
  ['empty string', { detail: { eventVersion: [''] } }, true],
  ['empty string is not null', { detail: { responseElements: [''] } }, false],
  [
    'event array intersects',
    { resources: ['x', 'arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'] },
    true,
  ],
  ['event array does not intersect', { detail: { tags: ['green'] } }, false],
  ['event array element', { detail: { tags: ['prod'] } }, true],
  ['array of objects, one element', { detail: { items: { kind: ['b'], size: [2] } } }, true],
  ['array of objects, across elements', { detail: { items: { kind: ['a'], size: [2] } } }, false],
  ['prefix', { time: [{ prefix: '2017-12-22' }] }, true],
  ['prefix, other', { time: [{ prefix: '2018' }] }, false],
  ['prefix ignoring case', { detail: { state: [{ prefix: { 'equals-ignore-case': 'TERM' } }] } }, true],
  ['prefix does not fold case', { detail: { state: [{ prefix: 'TERM' }] } }, false],
  ['suffix', { detail: { 'instance-id': [{ suffix: 'cdef0' }] } }, true],
  ['suffix, other', { detail: { 'file-name': [{ suffix: '.png' }] } }, false],
  ['suffix ignoring case', { detail: { 'file-name': [{ suffix: { 'equals-ignore-case': '.png' } }] } }, true],
  ['equals-ignore-case', { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] }, true],
  ['equals-ignore-case, other', { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance' }] }, false],
  ['anything-but a value', { detail: { state: [{ 'anything-but': 'initializing' }] } }, true],
  ['anything-but the value', { detail: { state: [{ 'anything-but': 'terminated' }] } }, false],
  ['anything-but a list', { detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } }, false],
  ['anything-but a number', { detail: { 'c-count': [{ 'anything-but': [1, 2] }] } }, true],
  ['anything-but an absent field', { detail: { nope: [{ 'anything-but': 'x' }] } }, false],
  ['anything-but a prefix', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, true],
  ['anything-but its prefix', { detail: { state: [{ 'anything-but': { prefix: 'term' } }] } }, false],
  ['anything-but a suffix', { detail: { 'file-name': [{ 'anything-but': { suffix: '.PNG' } }] } }, false],
  ['anything-but a wildcard', { detail: { 'file-name': [{ 'anything-but': { wildcard: '*.txt' } }] } }, true],
  [
    'anything-but ignoring case',
    { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['TERMINATED', 'x'] } }] } },
    false,
  ],
  ['numeric range', { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } }, true],
  ['numeric range, outside', { detail: { 'c-count': [{ numeric: ['>', 5] }] } }, false],
  ['numeric equals', { detail: { 'x-limit': [{ numeric: ['=', 301.8] }] } }, true],
  ['numeric, a string', { detail: { state: [{ numeric: ['>', 0] }] } }, false],
  ['exists', { detail: { state: [{ exists: true }] } }, true],
  ['exists, absent', { detail: { nope: [{ exists: true }] } }, false],
  ['exists false, absent', { detail: { nope: [{ exists: false }] } }, true],
  ['exists false, present', { detail: { state: [{ exists: false }] } }, false],
  ['exists false under an absent object', { nothing: { here: [{ exists: false }] } }, true],
  ['exists on an object node', { detail: [{ exists: true }] }, false],
  ['wildcard', { resources: [{ wildcard: 'arn:aws:ec2:*:instance/*' }] }, true],
  ['wildcard, other', { resources: [{ wildcard: 'arn:aws:s3:*' }] }, false],
  ['wildcard escaped star', { detail: { state: [{ wildcard: 'termin\\*ted' }] } }, false],
  ['cidr', { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, true],
  ['cidr, outside', { detail: { 'source-ip': [{ cidr: '10.0.1.0/24' }] } }, false],
  ['cidr IPv6', { detail: { 'source-ip6': [{ cidr: '2001:db8::/32' }] } }, true],
  ['cidr IPv6, outside', { detail: { 'source-ip6': [{ cidr: '2001:db9::/32' }] } }, false],
  ['a value or an operator', { detail: { state: ['running', { prefix: 'term' }] } }, true],
  [
    '$or, one alternative',
    { detail: { $or: [{ 'c-count': [{ numeric: ['>', 10] }] }, { 'd-count': [{ numeric: ['<', 10] }] }] } },
    true,
  ],
  ['$or, none', { $or: [{ source: ['aws.s3'] }, { detail: { state: ['running'] } }] }, false],
  ['$or and a field', { source: ['aws.s3'], $or: [{ region: ['us-west-1'] }, { account: ['x'] }] }, false],
];

describe('event pattern matching', () => {
  for (const [name, pattern, expected] of cases) {
    it(`${name}: ${expected ? 'matches' : 'does not match'}`, () => {
      assert.equal(matchesPattern(compilePatternText(JSON.stringify(pattern)), ec2), expected);
    });
  }
});

const invalid: [pattern: string, reason: RegExp][] = [
  ['{"source": "aws.ec2"}', /^"source" must be an object or an array$/],
  ['{"detail": {}}', /^Empty objects are not allowed$/],
  ['[]', /^Filter is not an object$/],
  ['{"source": []}', /^Empty arrays are not allowed/],
  ['{"source": [{"suffix": ["x"]}]}', /^suffix match pattern must be a string$/],
  ['{"source": [{"prefix": 5}]}', /^prefix match pattern must be a string$/],
  ['{"source": [{"bogus": "x"}]}', /^Unrecognized match type bogus$/],
  ['{"source": [{"exists": "yes"}]}', /^exists match pattern must be either true or false\.$/],
  ['{"n": [{"numeric": [">", "a"]}]}', /^Value of > must be numeric$/],
  ['{"n": [{"numeric": ["~", 1]}]}', /^Unrecognized numeric range operator/],
  ['{"n": [{"numeric": ["<", 5, ">", 1]}]}', /^Bad numeric range/],
  ['{"w": [{"wildcard": "a**b"}]}', /^Consecutive wildcard characters at pos 1$/],
  ['{"c": [{"cidr": "10.0.0.300/8"}]}', /^Nonstandard IP address/],
  ['{"$or": [{"a": ["x"]}]}', /\$or/],
  ['{"a": [["x"]]}', /^Match value must be/],
  ['{"a": [{"anything-but": []}]}', /anything but/],
  ['{"source": ', /JSON/],
];

describe('event pattern validation', () => {
  for (const [pattern, reason] of invalid) {
    it(`refuses ${pattern}`, () => {
      assert.throws(
        () => compilePatternText(pattern),
        (error: unknown) => {
          assert.ok(error instanceof ApiError);
          assert.equal(error.type, 'InvalidEventPatternException');
          assert.ok(error.message.startsWith('Event pattern is not valid. Reason: '), error.message);
          assert.match(error.message.slice('Event pattern is not valid. Reason: '.length), reason);
          return true;
        },
      );
    });
  }
});
