// Deep JSON in an execution: task results past AWS's nesting bound and data too deep for a recursive walk
// fail their state with States.Runtime; the engine never overflows its stack.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxJsonDepth } from '../json/json-depth.ts';
import { around, runMachine } from './test-support.ts';

const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:f';

test('a task result nested past the bound fails the Task with States.Runtime', async () => {
  const machine = around({ Type: 'Task', Resource: lambda, End: true });
  const { state } = await runMachine(machine, { tasks: () => ({ output: nested(maxJsonDepth + 1) }) });
  assert.equal(state.status, 'FAILED');
  assert.equal(state.error, 'States.Runtime');
  assert.match(state.cause ?? '', /The task returned output with JSON nested more than 1000 levels deep/);
});

test('States.StringToJson of text nested past the bound fails with States.IntrinsicFailure', async () => {
  const machine = around({ Type: 'Pass', Parameters: { 'v.$': 'States.StringToJson($.text)' }, End: true });
  const { state } = await runMachine(machine, { input: JSON.stringify({ text: nested(maxJsonDepth + 1) }) });
  assert.equal(state.status, 'FAILED');
  assert.equal(state.error, 'States.IntrinsicFailure');
  assert.match(state.cause ?? '', /nested more than 1000 levels deep/);
});

test('a state whose data overflows the stack fails with States.Runtime instead of the step', async () => {
  // JSONata builds the value without recursion; serialising it recurses once per level.
  const machine = around({
    Type: 'Pass',
    QueryLanguage: 'JSONata',
    Output: '{% $reduce([1..20].([1..1000]), function($acc, $v) { {"a": $acc} }, 1) %}',
    End: true,
  });
  const { state } = await runMachine(machine);
  assert.equal(state.status, 'FAILED');
  assert.equal(state.error, 'States.Runtime');
  assert.match(state.cause ?? '', /^An error occurred while executing the state 'S' .*nested too deeply to evaluate/);
});
