// Tests of the comparison, its order-insensitive views and the local Lambda handlers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renumberPlaceholders } from './canonical.ts';
import { compare } from './compare.ts';
import { findLambda, LambdaFunctionError, lambdaErrorCause, localLambdas } from './lambdas.ts';
import { canonicalEvents } from './map-order.ts';

describe('compare', () => {
  const rows: [string, unknown, unknown, string | undefined][] = [
    ['key order is irrelevant', { a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, undefined],
    ['value difference', { a: { b: 1 } }, { a: { b: 2 } }, '/a/b'],
    ['missing key', { a: 1, b: 2 }, { a: 1 }, '/b'],
    ['longer array', [1, 2], [1, 2, 3], '/2'],
    ['escaped pointer', { 'a/b': 1 }, { 'a/b': 2 }, '/a~1b'],
  ];
  for (const [name, expected, actual, pointer] of rows) {
    it(name, () => {
      assert.equal(compare(expected, actual)?.pointer, pointer);
    });
  }
});

describe('order-insensitive views', () => {
  it('renumbers placeholders by first appearance', () => {
    assert.deepEqual(renumberPlaceholders({ a: '<uuid:3>', b: ['<uuid:5> <uuid:3>'] }), {
      a: '<uuid:1>',
      b: ['<uuid:2> <uuid:1>'],
    });
  });

  const iteration = (id: number, index: number) => [
    { id, previousEventId: id - 1, type: 'MapIterationStarted', mapIterationStartedEventDetails: { index } },
    { id: id + 1, previousEventId: id, type: 'MapIterationSucceeded', mapIterationSucceededEventDetails: { index } },
  ];
  const history = (first: number, second: number) => [
    { id: 1, previousEventId: 0, type: 'MapStateEntered', stateEnteredEventDetails: { name: 'M' } },
    { id: 2, previousEventId: 1, type: 'MapStateStarted' },
    ...iteration(3, first),
    ...iteration(5, second),
    { id: 7, previousEventId: 6, type: 'MapStateSucceeded' },
  ];
  const machine = (max: number | undefined) => ({ StartAt: 'M', States: { M: { Type: 'Map', MaxConcurrency: max } } });

  it('compares concurrent Map iterations as a multiset', () => {
    const def = machine(undefined);
    assert.equal(compare(canonicalEvents(history(0, 1), def), canonicalEvents(history(1, 0), def)), undefined);
  });

  it('keeps Map iterations ordered when MaxConcurrency is 1', () => {
    const def = machine(1);
    assert.notEqual(compare(canonicalEvents(history(0, 1), def), canonicalEvents(history(1, 0), def)), undefined);
  });
});

describe('local Lambda handlers', () => {
  const fns = localLambdas({
    id: {
      arn: 'arn:aws:lambda:us-east-1:111111111111:function:id',
      handler_file: 'x/id_function.py',
      behaviour: 'identity',
    },
    boom: {
      arn: 'arn:aws:lambda:us-east-1:111111111111:function:boom',
      handler_file: 'x/raise_exception.py',
      behaviour: 'raise',
      errorType: 'Exception',
      errorMessage: 'Some exception was raised.',
    },
    deco: { arn: 'a', handler_file: 'x/return_decorated_input.py', behaviour: 'decorate' },
    slow: { arn: 'b', handler_file: 'x/wait_60_seconds.py', behaviour: 'sleep-then-identity', sleep_seconds: 60 },
  });

  it('resolves names, qualified names and ARNs', () => {
    for (const ref of [
      'id',
      'id:$LATEST',
      'arn:aws:lambda:us-east-1:111111111111:function:id',
      '111111111111:function:id:1',
    ]) {
      assert.equal(findLambda(fns, ref)?.name, 'id', ref);
    }
  });

  it('identity, decorate and declared duration', async () => {
    assert.deepEqual(await fns.get('id')?.handler({ a: 1 }), { a: 1 });
    assert.equal(
      await fns.get('deco')?.handler(['string-literal', { k: true, n: null }]),
      "input-event-['string-literal', {'k': True, 'n': None}]",
    );
    assert.equal(fns.get('slow')?.durationSeconds, 60);
  });

  it('raise builds AWS cause texts', async () => {
    const error = await fns
      .get('boom')
      ?.handler({})
      .catch((e: unknown) => e);
    assert.ok(error instanceof LambdaFunctionError);
    const trace =
      '["  File \\"/var/task/handler.py\\", line 2, in handler\\n    raise Exception(\\"Some exception was raised.\\")\\n"]';
    assert.equal(
      lambdaErrorCause(error, 'r-1', 'spaced'),
      `{"errorMessage": "Some exception was raised.", "errorType": "Exception", "requestId": "r-1", "stackTrace": ${trace}}`,
    );
    assert.equal(
      lambdaErrorCause(error, 'r-1', 'compact').startsWith('{"errorMessage":"Some exception was raised.","errorType"'),
      true,
    );
  });
});

it("matches the corpus's generated-uuid placeholder with any UUID, and only with one", () => {
  assert.equal(compare({ id: 'generated-uuid' }, { id: '42029552-a8e9-4e78-8c94-c685365e2fb6' }), undefined);
  assert.equal(compare('generated-uuid', '<uuid:3>'), undefined);
  assert.deepEqual(compare('generated-uuid', 'not-a-uuid'), {
    pointer: '',
    expected: 'generated-uuid',
    actual: 'not-a-uuid',
  });
});
