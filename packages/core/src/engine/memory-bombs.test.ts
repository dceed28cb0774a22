// JSONata bounded in memory: expressions that would make gigabytes fail their state with
// States.QueryEvaluationError (naming the bound) long before, and ordinary ones are untouched.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { around, runMachine } from './test-support.ts';

const jsonataPass = (output: string): ReturnType<typeof around> =>
  around({ Type: 'Pass', QueryLanguage: 'JSONata', Output: `{% ${output} %}`, End: true });

async function failure(expression: string): Promise<{ error?: string; cause?: string }> {
  const { state } = await runMachine(jsonataPass(expression));
  assert.equal(state.status, 'FAILED');
  return { error: state.error, cause: state.cause };
}

test('$pad to 100,000,000 characters fails before allocating', async () => {
  const { error, cause } = await failure('$count([1..50].$uppercase($pad("", 100000000)))');
  assert.equal(error, 'States.QueryEvaluationError');
  assert.match(cause ?? '', /pads a string to 100000000 characters, more than 4000000/);
});

test('a string doubled 40 times fails at the string bound', async () => {
  const { error, cause } = await failure('$reduce([1..40], function($acc, $i) { $acc & $acc }, "x")');
  assert.equal(error, 'States.QueryEvaluationError');
  assert.match(cause ?? '', /makes a string of \d+ characters, more than 4000000/);
});

test('fifty ranges of ten million items fail at the bound on all values made', async () => {
  const { error, cause } = await failure('$count([1..50].[1..10000000])');
  assert.equal(error, 'States.QueryEvaluationError');
  assert.match(cause ?? '', /makes more than 10000000 characters and array items in all/);
});

test('$pad, $join and ranges within the bounds work as before', async () => {
  const { state } = await runMachine(
    jsonataPass('[$pad("ab", 5, "xy"), $pad("ab", -4), $join(["a","b"], "-"), $count([1..100000])]'),
  );
  assert.equal(state.status, 'SUCCEEDED', state.cause);
  assert.equal(state.output, '["abxyx","  ab","a-b",100000]');
});
