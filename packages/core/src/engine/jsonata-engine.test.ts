// JSONata and variables through the engine: a hostile expression fails only its own execution, and
// variables follow AWS's scoping (children read the parent's; their own do not leak out).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { machineOf, runMachine, typesOf } from './test-support.ts';

const hostile = machineOf({
  QueryLanguage: 'JSONata',
  StartAt: 'Spin',
  States: {
    Spin: {
      Type: 'Pass',
      Output: '{% ($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000000)) %}',
      End: true,
    },
  },
});

const friendly = machineOf({
  QueryLanguage: 'JSONata',
  StartAt: 'Add',
  States: { Add: { Type: 'Pass', Output: '{% $states.input.n + 1 %}', End: true } },
});

test('a hostile expression fails its state with QueryEvaluationError while another execution runs on', async () => {
  const [bad, good] = await Promise.all([runMachine(hostile), runMachine(friendly, { input: '{"n":41}' })]);
  assert.equal(bad.state.status, 'FAILED');
  assert.equal(bad.state.error, 'States.QueryEvaluationError');
  assert.match(bad.state.cause ?? '', /nests deeper than/);
  assert.deepEqual(typesOf(bad.events), [
    'ExecutionStarted',
    'PassStateEntered',
    'EvaluationFailed',
    'ExecutionFailed',
  ]);
  assert.equal(good.state.status, 'SUCCEEDED');
  assert.equal(good.state.output, '42');
});

test('variables: a Map iteration reads outer variables, and what it assigns stays inside', async () => {
  const machine = machineOf({
    QueryLanguage: 'JSONata',
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Assign: { base: 10 }, Next: 'Each' },
      Each: {
        Type: 'Map',
        Items: '{% [1, 2] %}',
        ItemProcessor: {
          StartAt: 'Inner',
          States: {
            Inner: { Type: 'Pass', Assign: { inner: '{% $base %}' }, Output: '{% $states.input + $base %}', End: true },
          },
        },
        Next: 'After',
      },
      After: { Type: 'Pass', Output: { sums: '{% $states.input %}', leaked: '{% $exists($inner) %}' }, End: true },
    },
  });
  const result = await runMachine(machine);
  assert.equal(result.state.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(result.state.output ?? ''), { sums: [11, 12], leaked: false });
});

test('variables: Assign and Output both see the values on entry', async () => {
  const machine = machineOf({
    QueryLanguage: 'JSONata',
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Assign: { x: 1 }, Next: 'Swap' },
      Swap: { Type: 'Pass', Assign: { x: '{% $x + 1 %}' }, Output: '{% $x %}', Next: 'Read' },
      Read: { Type: 'Pass', Output: { before: '{% $states.input %}', after: '{% $x %}' }, End: true },
    },
  });
  const result = await runMachine(machine);
  assert.deepEqual(JSON.parse(result.state.output ?? ''), { before: 1, after: 2 });
  const exited = result.events.find(
    (event) => event.type === 'PassStateExited' && JSON.stringify(event).includes('Swap'),
  );
  assert.deepEqual((exited?.stateExitedEventDetails as { assignedVariables: unknown }).assignedVariables, { x: '2' });
});

test('variables: JSONPath states read them with $name and assign with .$ templates against the result', async () => {
  const machine = machineOf({
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Result: { answer: 42 }, Assign: { 'theAnswer.$': '$.answer' }, Next: 'Use' },
      Use: {
        Type: 'Pass',
        Parameters: { 'got.$': '$theAnswer', 'f.$': "States.Format('{}!', $theAnswer)" },
        End: true,
      },
    },
  });
  const result = await runMachine(machine);
  assert.deepEqual(JSON.parse(result.state.output ?? ''), { got: 42, f: '42!' });
});

test('variables: a value over 256 KiB fails the state with States.DataLimitExceeded', async () => {
  const machine = machineOf({
    QueryLanguage: 'JSONata',
    StartAt: 'Big',
    States: { Big: { Type: 'Pass', Assign: { big: "{% $pad('', 270000, 'x') %}" }, End: true } },
  });
  const result = await runMachine(machine);
  assert.equal(result.state.status, 'FAILED');
  assert.equal(result.state.error, 'States.DataLimitExceeded');
});
