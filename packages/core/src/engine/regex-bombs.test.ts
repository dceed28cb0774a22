// Regular expressions run in linear time: catastrophic patterns in JSONata and in JSONPath filters
// answer at once (a backtracking engine takes minutes on these inputs); matches report what RegExp
// reports; lookaround and backreferences fail their state with a message naming the pattern.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { around, runMachine } from './test-support.ts';

const jsonataPass = (output: string): ReturnType<typeof around> =>
  around({ Type: 'Pass', QueryLanguage: 'JSONata', Output: `{% ${output} %}`, End: true });

const bomb = 'a'.repeat(41) + '!';

test('$match of /^(a+)+$/ on 41 a and a ! answers no match', async () => {
  const { state } = await runMachine(jsonataPass('{ "matches": $count($match($states.input.s, /^(a+)+$/)) }'), {
    input: JSON.stringify({ s: bomb }),
  });
  assert.equal(state.status, 'SUCCEEDED', state.cause);
  assert.equal(state.output, '{"matches":0}');
});

test('$match reports each match with its index and groups, in UTF-16 offsets', async () => {
  const { state } = await runMachine(jsonataPass('$match("é ab1 ab22 b", /a(b)(\\d+)/)'));
  assert.equal(state.status, 'SUCCEEDED', state.cause);
  assert.deepEqual(JSON.parse(state.output ?? ''), [
    { match: 'ab1', index: 2, groups: ['b', '1'] },
    { match: 'ab22', index: 6, groups: ['b', '22'] },
  ]);
});

test('$replace, $split and $contains with regexes, flags included', async () => {
  const { state } = await runMachine(
    jsonataPass(
      '{ "r": $replace("a-b-C", /[a-c]/i, "x"), "s": $split("1, 2,3", /,\\s*/), "c": $contains("Line\\nnext", /^next$/m) }',
    ),
  );
  assert.equal(state.status, 'SUCCEEDED', state.cause);
  assert.equal(state.output, '{"r":"x-x-x","s":["1","2","3"],"c":true}');
});

test('a lookahead in JSONata fails the state with States.QueryEvaluationError naming the pattern', async () => {
  const { state } = await runMachine(jsonataPass('$match("ab", /a(?=b)/)'));
  assert.equal(state.status, 'FAILED');
  assert.equal(state.error, 'States.QueryEvaluationError');
  assert.match(state.cause ?? '', /regular expression \/a\(\?=b\)\/ is not supported/);
});

test('a JSONPath filter =~ /(a+)+/ over a bomb string answers at once and selects nothing', async () => {
  const machine = around({
    Type: 'Pass',
    Parameters: { 'hits.$': '$.items[?(@.s =~ /(a+)+b/)].s', 'plain.$': '$.items[?(@.s =~ /a+!/)].s' },
    End: true,
  });
  const { state } = await runMachine(machine, { input: JSON.stringify({ items: [{ s: bomb }, { s: 'ab' }] }) });
  assert.equal(state.status, 'SUCCEEDED', state.cause);
  assert.equal(state.output, `{"hits":["ab"],"plain":["${bomb}"]}`);
});

test('a backreference in a JSONPath filter fails the state with States.Runtime', async () => {
  const machine = around({ Type: 'Pass', Parameters: { 'v.$': '$.items[?(@.s =~ /(a)\\1/)]' }, End: true });
  const { state } = await runMachine(machine, { input: '{"items":[{"s":"aa"}]}' });
  assert.equal(state.status, 'FAILED');
  assert.equal(state.error, 'States.Runtime');
  assert.match(state.cause ?? '', /is not supported/);
});
