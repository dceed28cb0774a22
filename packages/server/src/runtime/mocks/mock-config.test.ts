// parseMockConfig: AWS's example file parses; every malformed part is reported with file and JSON pointer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MockConfigError, parseMockConfig } from './mock-config.ts';

const awsExample = {
  StateMachines: {
    LambdaSQSIntegration: {
      TestCases: {
        HappyPath: { LambdaState: 'MockedLambdaSuccess', SQSState: 'MockedSQSSuccess' },
        RetryPath: { LambdaState: 'MockedLambdaRetry', SQSState: 'MockedSQSSuccess' },
        HybridPath: { LambdaState: 'MockedLambdaSuccess' },
      },
    },
  },
  MockedResponses: {
    MockedLambdaSuccess: { '0': { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello' } } } },
    MockedSQSSuccess: { '0': { Return: { MessageId: 'm-1' } } },
    MockedLambdaRetry: {
      '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' } },
      '1-2': { Throw: { Error: 'Lambda.TimeoutException', Cause: 'Lambda timed out.' } },
      '3': { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello' } } },
    },
  },
};

test('the example file of the AWS documentation parses into test cases and numbered ranges', () => {
  const config = parseMockConfig(JSON.stringify(awsExample), 'MockConfigFile.json');
  assert.deepEqual(config.stateMachines.LambdaSQSIntegration?.HybridPath, { LambdaState: 'MockedLambdaSuccess' });
  assert.deepEqual(
    config.mockedResponses.MockedLambdaRetry?.map(({ from, to }) => [from, to]),
    [
      [0, 0],
      [1, 2],
      [3, 3],
    ],
  );
  assert.deepEqual(config.mockedResponses.MockedSQSSuccess?.[0]?.response, { Return: { MessageId: 'm-1' } });
});

function problems(config: unknown): string[] {
  const text = typeof config === 'string' ? config : JSON.stringify(config);
  try {
    parseMockConfig(text, 'mocks.json');
  } catch (error) {
    assert.ok(error instanceof MockConfigError);
    assert.equal(error.file, 'mocks.json');
    return error.problems.map((problem) => `${problem.pointer} ${problem.message}`);
  }
  return [];
}

const machine = (testCase: Record<string, unknown>): unknown => ({ M: { TestCases: { T: testCase } } });
const response = (entries: unknown): unknown => ({
  StateMachines: machine({ S: 'R' }),
  MockedResponses: { R: entries },
});

const badFiles: { name: string; config: unknown; expected: RegExp[] }[] = [
  { name: 'text that is not JSON', config: '{"StateMachines": ', expected: [/^ not valid JSON: /] },
  { name: 'a top level that is not an object', config: [], expected: [/^ must be an object$/] },
  {
    name: 'missing top-level fields',
    config: {},
    expected: [/^\/MockedResponses is missing/, /^\/StateMachines is missing/],
  },
  {
    name: 'an unknown top-level field',
    config: { StateMachines: {}, MockedResponses: {}, Mocks: {} },
    expected: [/^\/Mocks unknown field 'Mocks'/],
  },
  {
    name: 'a state mapped to something other than a name',
    config: { StateMachines: machine({ S: 1 }), MockedResponses: {} },
    expected: [/^\/StateMachines\/M\/TestCases\/T\/S must be the name of a mocked response/],
  },
  {
    name: 'a test case naming a response that does not exist',
    config: { StateMachines: machine({ 'A/B': 'Nope' }), MockedResponses: {} },
    expected: [/^\/StateMachines\/M\/TestCases\/T\/A~1B no mocked response named 'Nope'/],
  },
  {
    name: 'a bad invocation key',
    config: response({ first: { Return: 1 } }),
    expected: [/^\/MockedResponses\/R\/first '/],
  },
  {
    name: 'a range that ends before it starts',
    config: response({ '0': { Return: 1 }, '3-1': { Return: 2 } }),
    expected: [/^\/MockedResponses\/R\/3-1 the range '3-1' ends before it starts/],
  },
  {
    name: 'a gap in the numbering',
    config: response({ '0': { Return: 1 }, '2': { Return: 2 } }),
    expected: [/^\/MockedResponses\/R\/2 '2' leaves invocations 1-1 undefined/],
  },
  {
    name: 'numbering that does not start at 0',
    config: response({ '1': { Return: 1 } }),
    expected: [/^\/MockedResponses\/R\/1 '1' leaves invocations 0-0 undefined/],
  },
  {
    name: 'overlapping ranges',
    config: response({ '0-2': { Return: 1 }, '2': { Return: 2 } }),
    expected: [/^\/MockedResponses\/R\/2 '2' overlaps invocation 2/],
  },
  {
    name: 'both Return and Throw',
    config: response({ '0': { Return: 1, Throw: { Error: 'E' } } }),
    expected: [/^\/MockedResponses\/R\/0 a response must have exactly one of Return or Throw/],
  },
  {
    name: 'neither Return nor Throw',
    config: response({ '0': {} }),
    expected: [/^\/MockedResponses\/R\/0 a response must have exactly one of Return or Throw/],
  },
  {
    name: 'a Throw without an Error string',
    config: response({ '0': { Throw: { Cause: 'c' } } }),
    expected: [/^\/MockedResponses\/R\/0\/Throw\/Error Error must be a string/],
  },
  {
    name: 'a Throw with a Cause that is not a string',
    config: response({ '0': { Throw: { Error: 'E', Cause: 1 } } }),
    expected: [/^\/MockedResponses\/R\/0\/Throw\/Cause Cause must be a string/],
  },
  {
    name: 'an empty mocked response',
    config: response({}),
    expected: [/^\/MockedResponses\/R a mocked response needs at least one entry/],
  },
];

for (const { name, config, expected } of badFiles) {
  test(`a mock configuration with ${name} is rejected with a JSON pointer`, () => {
    const found = problems(config);
    assert.equal(found.length, expected.length, found.join('\n'));
    expected.forEach((pattern, index) => {
      assert.match(found[index] ?? '', pattern);
    });
  });
}

test('the error message names the file and the pointer of every problem', () => {
  assert.throws(
    () => parseMockConfig('{"StateMachines": {}, "MockedResponses": {"R": {"x": {"Return": 1}}}}', 'dir/mocks.json'),
    /^MockConfigError: dir\/mocks\.json: \/MockedResponses\/R\/x: 'x' is not an invocation number/,
  );
});
