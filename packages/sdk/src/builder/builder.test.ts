import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildDefinition,
  Chain,
  Choice,
  Condition,
  DefinitionBuildError,
  Fail,
  JsonPath,
  LambdaInvoke,
  Map,
  Parallel,
  Pass,
  Succeed,
  Task,
  Wait,
  WaitTime,
} from './index.ts';

const fn = 'arn:aws:lambda:us-east-1:123456789012:function:work';

describe('the workflow builder', () => {
  it('chains states, with Choice rules, Retry and Catch, into one States map', () => {
    const failed = new Fail('Failed', { error: 'Bad', cause: 'not ok' });
    const work = new LambdaInvoke<{ id: string }, { ok: boolean }>('Work', {
      lambdaFunction: fn,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    })
      .addRetry({ errors: ['States.Timeout'], maxAttempts: 2 })
      .addCatch(failed, { resultPath: '$.error' });
    const check = new Choice('Ok?').when(Condition.booleanEquals('$.ok', true), new Succeed('Done')).otherwise(failed);
    const definition = buildDefinition(
      Chain.start(new Pass<unknown, { id: string }>('Start', { result: { id: 'a' } }))
        .next(work)
        .next(check),
      {
        comment: 'c',
      },
    );
    assert.deepEqual(definition, {
      Comment: 'c',
      StartAt: 'Start',
      States: {
        Start: { Type: 'Pass', Result: { id: 'a' }, Next: 'Work' },
        Work: {
          Type: 'Task',
          Resource: fn,
          Next: 'Ok?',
          Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
        },
        'Ok?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Done' }],
          Default: 'Failed',
        },
        Done: { Type: 'Succeed' },
        Failed: { Type: 'Fail', Error: 'Bad', Cause: 'not ok' },
      },
    });
  });

  it('writes Parallel branches, an inline and a distributed Map, paths as "key.$" and JSONata fields', () => {
    const parallel = new Parallel('Both').branch(new Pass('A'), new Wait('B', { time: WaitTime.duration(5) }));
    const inline = new Map('Each', {
      itemsPath: '$.items',
      itemSelector: { value: JsonPath.stringAt('$$.Map.Item.Value') },
    });
    inline.itemProcessor(new Task('Call', { resource: fn, parameters: { 'x.$': '$.x', y: JsonPath.numberAt('$.y') } }));
    const distributed = new Map('Many', { maxConcurrency: 10, label: 'many' }).itemProcessor(
      new Pass('Item', { queryLanguage: 'JSONata', output: '{% $states.input %}' }),
      { mode: 'DISTRIBUTED', executionType: 'EXPRESS' },
    );
    const { States } = buildDefinition(parallel.next(inline).next(distributed));
    assert.deepEqual(States.Both, {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
        { StartAt: 'B', States: { B: { Type: 'Wait', Seconds: 5, End: true } } },
      ],
      Next: 'Each',
    });
    assert.deepEqual(States.Each, {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemSelector: { 'value.$': '$$.Map.Item.Value' },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Call',
        States: { Call: { Type: 'Task', Resource: fn, Parameters: { 'x.$': '$.x', 'y.$': '$.y' }, End: true } },
      },
      Next: 'Many',
    });
    assert.deepEqual((States.Many as { ItemProcessor: unknown }).ItemProcessor, {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
      StartAt: 'Item',
      States: { Item: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input %}', End: true } },
    });
  });

  it("adds the CDK's default Lambda retry and the optimized integration unless told otherwise", () => {
    const { States } = buildDefinition(new LambdaInvoke('Invoke', { lambdaFunction: { functionArn: fn } }));
    assert.deepEqual(States.Invoke, {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: fn, 'Payload.$': '$' },
      Retry: [
        {
          ErrorEquals: [
            'Lambda.ClientExecutionTimeoutException',
            'Lambda.ServiceException',
            'Lambda.AWSLambdaException',
            'Lambda.SdkClientException',
          ],
          IntervalSeconds: 2,
          MaxAttempts: 6,
          BackoffRate: 2,
        },
      ],
      End: true,
    });
  });

  it('refuses an invalid definition when it is built, naming the state and the field', () => {
    const bad = new Task('Call', { resource: fn, resultPath: 'not a path' });
    assert.throws(
      () => buildDefinition(bad),
      (error: unknown) =>
        error instanceof DefinitionBuildError &&
        error.diagnostics.some((each) => each.location.startsWith('/States/Call/ResultPath')) &&
        /\/States\/Call\/ResultPath/.test(error.message),
    );
  });

  it('refuses to continue a chain after a Choice or Fail, and two states of one name', () => {
    assert.throws(() => Chain.start(new Fail('F')).next(new Pass('P')), /ends at a state with no Next/);
    assert.throws(
      () => buildDefinition(new Pass('Same').next(new Pass('Same'))),
      /two different states are named Same/,
    );
  });
});
