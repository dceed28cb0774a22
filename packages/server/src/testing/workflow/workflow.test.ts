// The test kit, used as a user would under node:test: a definition run with a local function on the virtual
// clock, inline and MockConfigFile mocks, a SAM template's Python function, TestState, and failing assertions
// that say what happened.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Workflow } from './index.ts';

const fixtures = fileURLToPath(new URL('fixtures/', import.meta.url));
const sam = fileURLToPath(new URL('../../service/iac/fixtures/sam/template.yaml', import.meta.url));
const environment = { PATH: process.env.PATH };

const measure = {
  StartAt: 'Pause',
  States: {
    Pause: { Type: 'Wait', Seconds: 3600, Next: 'Measure' },
    Measure: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:measure',
      Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 600, MaxAttempts: 3 }],
      ResultPath: '$.measured',
      Next: 'Long?',
    },
    'Long?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.measured.length', NumericGreaterThan: 10, Next: 'TooLong' }],
      Default: 'Done',
    },
    TooLong: { Type: 'Fail', Error: 'TooLong', Cause: 'the text is longer than 10 characters' },
    Done: { Type: 'Succeed' },
  },
};

describe('Workflow.run', () => {
  const workflow = Workflow.fromDefinition(measure, {
    name: 'measure',
    functionsDir: fixtures,
    environment,
    mockConfig: `${fixtures}mocks.json`,
  });
  after(() => {
    workflow.close();
  });

  it('runs a local function after an hour-long Wait without waiting, and reads each state', async () => {
    const run = await workflow.run({ text: 'hello' }, { startTime: Date.UTC(2026, 0, 1) });
    run
      .expectSucceeded({ text: 'hello', measured: { length: 5 } })
      .expectPath(['Pause', 'Measure', 'Long?', 'Done'])
      .expectState('Measure', { input: { text: 'hello' }, output: { text: 'hello', measured: { length: 5 } } });
    assert.deepEqual(run.logs, [{ functionName: 'measure', line: 'measuring hello' }]);
    const waited = run.events.find((event) => event.type === 'WaitStateExited');
    assert.equal(waited?.timestamp, Date.UTC(2026, 0, 1, 1), 'the Wait ends an hour after the start, virtually');
  });

  it('answers mocked states inline, one response per invocation, through Retry', async () => {
    const run = await workflow.run(
      { text: 'x' },
      { mocks: { Measure: [{ Throw: { Error: 'Lambda.TooManyRequestsException' } }, { Return: { length: 11 } }] } },
    );
    run
      .expectFailed('TooLong', /longer than 10/)
      .expectPathThrough(['Measure', 'TooLong'])
      .expectNotEntered('Done');
    assert.equal(run.visits('Measure').length, 1, 'a retry stays in the same visit of the state');
    assert.deepEqual(run.logs, [], 'the mocked function never ran');
  });

  it('answers from a MockConfigFile test case, counting invocations as Step Functions Local does', async () => {
    const run = await workflow.run({ text: 'x' }, { testCase: 'Flaky', startTime: 0 });
    run.expectFailed('TooLong');
    const retries = run.events.filter((event) => event.type === 'LambdaFunctionFailed').map((event) => event.timestamp);
    assert.deepEqual(retries, [3_600_000, 4_200_000], 'two failures, 600 s apart on the virtual clock');
  });

  it('runs TestState on one state, mocked or calling the function', async () => {
    const mocked = await workflow.testState('Measure', { text: 'abc' }, { mock: { result: { length: 99 } } });
    mocked.expectNext('Long?', { text: 'abc', measured: { length: 99 } });
    const real = await workflow.testState('Measure', { text: 'abc' });
    real.expectNext('Long?', { text: 'abc', measured: { length: 3 } });
    const choice = await workflow.testState('Long?', { measured: { length: 12 } });
    choice.expectNext('TooLong');
    const failing = await workflow.testState('Measure', {}, { mock: { error: 'Boom' } });
    failing.expectError('FAILED', 'Boom');
  });

  it('fails assertions with messages that say what happened', async () => {
    const run = await workflow.run({ text: 'hello' });
    assert.throws(() => run.expectFailed(), /expected the execution to fail, but it succeeded/);
    assert.throws(() => run.expectPath(['Pause', 'Done']), { message: /^the execution took another path/ });
    assert.throws(() => run.state('TooLong'), /state 'TooLong' was never entered; the path was Pause → Measure/);
    assert.throws(() => run.expectState('Measure', { input: { text: 'bye' } }), /state 'Measure' had another input/);
    const failed = await workflow.run({ text: 'a long text here' });
    assert.throws(() => failed.expectSucceeded(), /ended FAILED with TooLong: the text is longer .* after Pause →/);
  });

  it('reports bad mocks and unknown test cases clearly', async () => {
    await assert.rejects(
      workflow.run({}, { mocks: { Measure: { Retrun: 1 } as never } }),
      /Measure\/0: a response must/,
    );
    await assert.rejects(workflow.run({}, { testCase: 'Nope' }), /no test case named 'Nope' \(defined: Flaky\)/);
  });
});

describe('Workflow sources', () => {
  it('refuses an invalid definition, naming where each problem is', () => {
    const bad = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } };
    assert.throws(() => Workflow.fromDefinition(bad), /\/States\/A\/Next .*Missing/);
  });

  it("runs a SAM template's state machine with its Python function, the DynamoDB put mocked", async () => {
    const workflow = Workflow.fromTemplate(sam, 'Pipeline', { environment });
    try {
      assert.equal(workflow.name, 'template-pipeline');
      const run = await workflow.run({ id: 'img-1' }, { mocks: { Save: { Return: {} } } });
      run.expectSucceeded().expectPath(['Lookup', 'Save']);
      assert.deepEqual(run.state('Lookup').output, {
        id: 'img-1',
        found: { stage: 'dev', table: 'results-dev', id: 'img-1' },
      });
    } finally {
      workflow.close();
    }
  });

  it('names the state machines a template has when asked for another', () => {
    assert.throws(() => Workflow.fromTemplate(sam, 'Nope'), /has no state machine 'Nope' \(loaded: Pipeline \(/);
  });
});
