import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKnownIntegration, supportsPattern } from './integrations.ts';
import { functionNameOf, isIntegration, parseResource } from './resource-arn.ts';

describe('parseResource', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['arn:aws:states:us-east-1:123456789012:activity:work', { kind: 'activity', pattern: 'activity', name: 'work' }],
    [
      'arn:aws:lambda:us-east-1:123456789012:function:hello:live',
      { kind: 'lambda', pattern: 'request', partition: 'aws', functionName: 'hello' },
    ],
    [
      'arn:aws:states:::lambda:invoke',
      { kind: 'integration', service: 'lambda', action: 'invoke', sdk: false, suffix: '', pattern: 'request' },
    ],
    [
      'arn:aws:states:::lambda:invoke.waitForTaskToken',
      { kind: 'integration', service: 'lambda', action: 'invoke', suffix: '.waitForTaskToken', pattern: 'callback' },
    ],
    [
      'arn:aws-cn:states:::states:startExecution.sync:2',
      { kind: 'integration', partition: 'aws-cn', service: 'states', action: 'startExecution', suffix: '.sync:2' },
    ],
    [
      'arn:aws:states:::aws-sdk:s3:getObject',
      { kind: 'integration', service: 's3', action: 'getObject', sdk: true, pattern: 'request' },
    ],
    [
      'arn:aws:states:::aws-sdk:sfn:startExecution.waitForTaskToken',
      { kind: 'integration', service: 'sfn', action: 'startExecution', sdk: true, pattern: 'callback' },
    ],
    ['arn:aws:states:::http:invoke', { kind: 'integration', service: 'http', action: 'invoke' }],
    ['arn:aws:states:::ecs:runTask.sync', { kind: 'integration', service: 'ecs', pattern: 'sync' }],
    ['arn:aws:sqs:us-east-1:123456789012:queue', { kind: 'other', isArn: true, pattern: 'request' }],
    ['hello', { kind: 'other', isArn: false }],
  ];
  for (const [arn, expected] of cases) {
    it(arn, () => {
      const parsed = parseResource(arn);
      assert.equal(parsed.arn, arn);
      for (const [key, value] of Object.entries(expected)) {
        assert.deepEqual((parsed as unknown as Record<string, unknown>)[key], value, key);
      }
    });
  }

  it('tells an integration by service and action, not by an aws-sdk call of the same name', () => {
    assert.ok(isIntegration(parseResource('arn:aws:states:::states:startExecution.sync'), 'states', 'startExecution'));
    assert.ok(
      !isIntegration(parseResource('arn:aws:states:::aws-sdk:states:startExecution'), 'states', 'startExecution'),
    );
  });

  it('reads a function name from an ARN or takes a bare name', () => {
    assert.equal(functionNameOf('arn:aws:lambda:us-east-1:123456789012:function:f:1'), 'f');
    assert.equal(functionNameOf('f'), 'f');
  });
});

describe('the integration catalogue', () => {
  it('knows the listed actions and accepts unlisted services', () => {
    assert.ok(isKnownIntegration('sqs', 'sendMessage'));
    assert.ok(!isKnownIntegration('sqs', 'receiveMessage'));
    assert.ok(!isKnownIntegration('sqs', 'constructor'));
    assert.ok(isKnownIntegration('sagemaker', 'createTrainingJob'));
  });

  it('knows which patterns an action supports', () => {
    assert.ok(supportsPattern('sns', 'publish', 'callback'));
    assert.ok(!supportsPattern('dynamodb', 'getItem', 'callback'));
    assert.ok(!supportsPattern('toString', 'x', 'request'));
  });
});
