// resolveMock and MockedExecution: invocation numbers walk the ranges, retries count, unknown names are clear.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMockConfig } from './mock-config.ts';
import { MockedExecution, resolveMock } from './mock-resolver.ts';

const config = parseMockConfig(
  JSON.stringify({
    StateMachines: {
      Orders: { TestCases: { Flaky: { Charge: 'FailTwiceThenPay', Ship: 'Shipped' }, Happy: { Charge: 'Paid' } } },
    },
    MockedResponses: {
      FailTwiceThenPay: {
        '0-1': { Throw: { Error: 'Payments.Unavailable', Cause: 'try later' } },
        '2': { Return: { paid: true } },
      },
      Paid: { '0': { Return: { paid: true } } },
      Shipped: { '0': { Throw: { Error: 'Ship.Lost' } } },
    },
  }),
  'mocks.json',
);

const lookups: { invocation: number; expected: unknown }[] = [
  { invocation: 0, expected: { error: 'Payments.Unavailable', cause: 'try later' } },
  { invocation: 1, expected: { error: 'Payments.Unavailable', cause: 'try later' } },
  { invocation: 2, expected: { output: '{"paid":true}' } },
  // Past the last entry, the last entry answers again.
  { invocation: 7, expected: { output: '{"paid":true}' } },
];

for (const { invocation, expected } of lookups) {
  test(`resolveMock gives invocation ${invocation} its range's response`, () => {
    const lookup = { stateMachine: 'Orders', testCase: 'Flaky', state: 'Charge', invocation };
    assert.deepEqual(resolveMock(config, lookup), expected);
  });
}

test('a Throw without a Cause fails with the error alone', () => {
  const lookup = { stateMachine: 'Orders', testCase: 'Flaky', state: 'Ship', invocation: 0 };
  assert.deepEqual(resolveMock(config, lookup), { error: 'Ship.Lost' });
});

test('a state the test case does not mock resolves to undefined (it runs for real)', () => {
  assert.equal(
    resolveMock(config, { stateMachine: 'Orders', testCase: 'Happy', state: 'Ship', invocation: 0 }),
    undefined,
  );
});

test('an unknown state machine or test case is an error naming what is defined', () => {
  assert.throws(
    () => resolveMock(config, { stateMachine: 'Invoices', testCase: 'Happy', state: 'Charge', invocation: 0 }),
    /mocks\.json: \/StateMachines: no state machine named 'Invoices' \(defined: Orders\)/,
  );
  assert.throws(
    () => new MockedExecution(config, 'Orders', 'Sad'),
    /mocks\.json: \/StateMachines\/Orders\/TestCases: no test case named 'Sad' \(defined: Flaky, Happy\)/,
  );
});

test('MockedExecution counts the invocations of each state, so retries walk through the entries', () => {
  const execution = new MockedExecution(config, 'Orders', 'Flaky');
  assert.deepEqual(execution.next('Charge'), { error: 'Payments.Unavailable', cause: 'try later' });
  assert.deepEqual(execution.next('Charge'), { error: 'Payments.Unavailable', cause: 'try later' });
  assert.deepEqual(execution.next('Charge'), { output: '{"paid":true}' });
  assert.deepEqual(execution.next('Ship'), { error: 'Ship.Lost' });
  assert.equal(execution.next('Unmocked'), undefined);
});
