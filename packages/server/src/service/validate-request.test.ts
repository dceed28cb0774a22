// Request validation: AWS's ValidationException wording, sensitive values redacted, wrong types as serialization errors.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './errors.ts';
import { requestShapes } from './request-shapes.ts';
import { validateRequest } from './validate-request.ts';

function failure(body: unknown, shape: keyof typeof requestShapes): ApiError {
  try {
    validateRequest(body, requestShapes[shape]);
  } catch (error) {
    assert.ok(error instanceof ApiError);
    return error;
  }
  assert.fail('expected a validation failure');
}

describe('validateRequest', () => {
  it('accepts a valid request and returns it', () => {
    const body = { name: 'ok', definition: '{}', roleArn: 'arn:aws:iam::123456789012:role/r', type: 'EXPRESS' };
    assert.equal(validateRequest(body, requestShapes.CreateStateMachine), body);
  });

  it('reads a member given as null as absent, at any depth', () => {
    const body = {
      stateMachineAliasArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m:live',
      description: null,
      routingConfiguration: null,
    };
    assert.deepEqual(validateRequest(body, requestShapes.UpdateStateMachineAlias), {
      stateMachineAliasArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m:live',
    });
    const logged = { name: 'm', definition: '{}', roleArn: 'r', loggingConfiguration: { level: null } };
    assert.deepEqual(validateRequest(logged, requestShapes.CreateStateMachine).loggingConfiguration, {});
  });

  const cases: [string, unknown, keyof typeof requestShapes, string, string][] = [
    [
      'a missing required member',
      { definition: '{}', roleArn: 'r' },
      'CreateStateMachine',
      'ValidationException',
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a name too long',
      { name: 'n'.repeat(81), definition: '{}', roleArn: 'r' },
      'CreateStateMachine',
      'ValidationException',
      `1 validation error detected: Value '${'n'.repeat(81)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    ],
    [
      'an enum value AWS does not know',
      { name: 'n', definition: '{}', roleArn: 'r', type: 'BATCH' },
      'CreateStateMachine',
      'ValidationException',
      "1 validation error detected: Value 'BATCH' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]",
    ],
    [
      'several violations, sensitive data redacted',
      { name: '', definition: '', roleArn: 'r' },
      'CreateStateMachine',
      'ValidationException',
      "2 validation errors detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '*** Sensitive Data Redacted ***' at 'definition' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      'a nested list member',
      { name: 'a', routingConfiguration: [{ stateMachineVersionArn: 'v', weight: 101 }] },
      'CreateStateMachineAlias',
      'ValidationException',
      "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100",
    ],
    [
      'too many routes',
      { name: 'a', routingConfiguration: [1, 2, 3].map(() => ({ stateMachineVersionArn: 'v', weight: 1 })) },
      'CreateStateMachineAlias',
      'ValidationException',
      // AWS prints a list of structures as their Java objects (its recording of three routes).
      "1 validation error detected: Value '[RoutingConfigurationListItem(stateMachineVersionArn=v, weight=1), RoutingConfigurationListItem(stateMachineVersionArn=v, weight=1), RoutingConfigurationListItem(stateMachineVersionArn=v, weight=1)]' at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2",
    ],
    [
      'a string where a number belongs',
      { maxResults: '10' },
      'ListStateMachines',
      'SerializationException',
      "Value found where Integer was expected at 'maxResults'",
    ],
    [
      'a non-integer number',
      { executionArn: 'a', maxResults: 1.5 },
      'GetExecutionHistory',
      'SerializationException',
      "Value found where Integer was expected at 'maxResults'",
    ],
    [
      'an object where a string belongs',
      { stateMachineArn: {} },
      'DescribeStateMachine',
      'SerializationException',
      "Start of structure found where String was expected at 'stateMachineArn'",
    ],
  ];
  for (const [title, body, shape, type, message] of cases) {
    it(`rejects ${title}`, () => {
      const error = failure(body, shape);
      assert.equal(error.type, type);
      assert.equal(error.message, message);
      assert.equal(error.status, 400);
    });
  }

  it('ignores members it does not know, as AWS does', () => {
    assert.deepEqual(validateRequest({ surprise: 1 }, requestShapes.ListStateMachines), { surprise: 1 });
  });
});
