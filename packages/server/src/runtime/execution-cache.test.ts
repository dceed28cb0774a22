// The execution cache is bounded by the estimated size of its entries, and that size is counted as the
// state's rows are written: a big budget stays safe when a few executions are large.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileMachine, decodeDefinition, newExecutionState, step, type ExecutionState } from '@stepwise/core';
import type { ExecutionRecord } from '../store/records.ts';
import { shadowChars, stateChanges, wholeState } from '../store/state-changes.ts';
import { entryBytes, ExecutionCache, type CachedExecution } from './execution-cache.ts';

const account = '123456789012';
const machineArn = `arn:aws:states:us-east-1:${account}:stateMachine:m`;
const definition = JSON.stringify({
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: 'arn:aws:lambda:::x', End: true } } },
      End: true,
    },
  },
});
const info = (name: string): ExecutionState['execution'] => ({
  executionArn: `arn:aws:states:us-east-1:${account}:execution:m:${name}`,
  name,
  roleArn: `arn:aws:iam::${account}:role/r`,
  stateMachineArn: machineArn,
  stateMachineName: 'm',
});

/** A running execution whose input is `chars` characters long, with its whole state as the store holds it. */
function entry(name: string, chars: number): CachedExecution {
  const input = JSON.stringify({ pad: 'x'.repeat(Math.max(0, chars - 10)) });
  const state = newExecutionState(info(name), input, 0);
  const record: ExecutionRecord = {
    arn: info(name).executionArn,
    name,
    stateMachineArn: machineArn,
    definition,
    revisionId: 'r',
    roleArn: info(name).roleArn,
    status: 'RUNNING',
    input,
    startDate: 0,
    redriveCount: 0,
    state,
    version: 1,
  };
  return { record, shadow: wholeState(state).shadow };
}

test('the cache evicts the least recently put entries once their estimated bytes pass the budget', () => {
  const [a, b, c] = [entry('a', 10_000), entry('b', 10_000), entry('c', 10_000)];
  const cache = new ExecutionCache(entryBytes(a) + entryBytes(b) + 100);
  cache.put(a);
  cache.put(b);
  assert.equal(cache.size, 2);
  cache.put(c);
  assert.equal(cache.size, 2);
  assert.equal(cache.take(a.record.arn), undefined, 'the oldest went first');
  assert.equal(cache.bytes, entryBytes(b) + entryBytes(c));
  assert.equal(cache.take(b.record.arn), b);
  assert.equal(cache.bytes, entryBytes(c));
});

test('one large entry evicts many small ones, and one past the budget is not kept', () => {
  const small = Array.from({ length: 20 }, (_, i) => entry(`s${String(i).padStart(2, '0')}`, 100));
  const large = entry('large', 200_000);
  const cache = new ExecutionCache(entryBytes(large) + 5 * entryBytes(small[0] ?? large));
  for (const each of small) cache.put(each);
  assert.equal(cache.size, 20, 'the small ones fit by count and by size');
  cache.put(large);
  assert.equal(cache.size, 6);
  assert.equal(cache.take(small[14]?.record.arn ?? ''), undefined, 'the oldest small ones went first');
  assert.equal(cache.take(small[15]?.record.arn ?? ''), small[15]);
  cache.put(small[15] ?? large);
  const tooLarge = entry('too-large', 2_000_000);
  cache.put(tooLarge);
  assert.equal(cache.take(tooLarge.record.arn), undefined);
  assert.equal(cache.size, 6, 'nothing was evicted for an entry that could never fit');
  assert.equal(new ExecutionCache(0).size, 0);
});

test('an ended execution is not kept, and putting one again replaces its bytes', () => {
  const cache = new ExecutionCache(10_000_000);
  const a = entry('a', 100);
  cache.put(a);
  cache.put(a);
  assert.equal(cache.bytes, entryBytes(a));
  cache.put({ ...a, record: { ...a.record, status: 'SUCCEEDED' } });
  assert.equal(cache.size, 0);
  assert.equal(cache.bytes, 0);
});

test("the shadow's characters, counted step by step, equal those of the whole state written afresh", async () => {
  const machine = compileMachine(decodeDefinition(definition).definition ?? assert.fail('invalid definition'));
  const items = Array.from({ length: 50 }, (_, i) => ({ item: i, text: 'y'.repeat(200) }));
  const state = newExecutionState(info('map'), JSON.stringify({ items }), 0);
  const context = { now: () => 0, services: { uuid: () => 'u', random: () => 0.5, hash: () => 'h' } };
  const start = { type: 'StartExecution' as const, input: state.input.text, execution: state.execution };
  const started = await step(machine, state, start, context);
  const { shadow } = wholeState(started.state);
  assert.ok(shadowChars(shadow) > JSON.stringify(items).length, 'the Map items are counted');
  const tasks = started.commands.flatMap((command) => (command.type === 'InvokeTask' ? [command.invocation] : []));
  assert.equal(tasks.length, 50);
  for (const task of tasks.slice(0, 30)) {
    const answered = await step(
      machine,
      started.state,
      { type: 'TaskSucceeded', taskId: task.taskId, output: '"done"' },
      context,
    );
    stateChanges(answered.state, shadow, 'all');
    assert.equal(shadowChars(shadow), shadowChars(wholeState(answered.state).shadow));
  }
});
