// LoggingConfiguration through CreateStateMachine and UpdateStateMachine: AWS's defaults and its
// InvalidLoggingConfiguration refusals, table-driven.

import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ApiError } from './errors.ts';
import { passDefinition, testRoleArn, testService, type TestService } from './test-support.ts';

const groupArn = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:*';
const destination = { cloudWatchLogsLogGroup: { logGroupArn: groupArn } };

let s: TestService;
beforeEach(async () => {
  s = testService();
  await s.store.createLogGroup({ name: '/aws/vendedlogs/states/orders', creationTime: 0 });
});

const create = (name: string, loggingConfiguration: object) =>
  s.call('CreateStateMachine', { name, definition: passDefinition, roleArn: testRoleArn, loggingConfiguration });

const accepted: [string, object, object][] = [
  ['nothing given', {}, { level: 'OFF', includeExecutionData: false }],
  ['level only (OFF)', { level: 'OFF' }, { level: 'OFF', includeExecutionData: false }],
  [
    'ALL with its destination',
    { level: 'ALL', includeExecutionData: true, destinations: [destination] },
    { level: 'ALL', includeExecutionData: true, destinations: [destination] },
  ],
  [
    'ERROR without includeExecutionData',
    { level: 'ERROR', destinations: [destination] },
    { level: 'ERROR', includeExecutionData: false, destinations: [destination] },
  ],
  [
    'OFF keeps a destination whose group is gone',
    { level: 'OFF', destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: groupArn.replace('orders', 'gone') } }] },
    {
      level: 'OFF',
      includeExecutionData: false,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: groupArn.replace('orders', 'gone') } }],
    },
  ],
];

const refused: [string, object, string][] = [
  [
    'ALL without destinations',
    { level: 'ALL' },
    'Invalid Logging Configuration: Must specify exactly one Log Destination.',
  ],
  [
    'FATAL with an empty list',
    { level: 'FATAL', destinations: [] },
    'Invalid Logging Configuration: Must specify exactly one Log Destination.',
  ],
  [
    'two destinations',
    { level: 'ALL', destinations: [destination, destination] },
    'Invalid Logging Configuration: Must specify exactly one Log Destination.',
  ],
  [
    'a destination without a log group',
    { level: 'ALL', destinations: [{}] },
    'Invalid Logging Configuration: Must set valid CloudWatch Log Group ARN.',
  ],
  [
    'an ARN without the :* ending',
    { level: 'ALL', destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: groupArn.slice(0, -2) } }] },
    'Invalid Logging Configuration: Must set valid CloudWatch Log Group ARN.',
  ],
  [
    'a log group that does not exist',
    { level: 'ERROR', destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: groupArn.replace('orders', 'gone') } }] },
    'Invalid Logging Configuration: Log Destination not found.',
  ],
];

describe('LoggingConfiguration', () => {
  for (const [title, given, stored] of accepted) {
    it(`accepts ${title} and returns it with AWS's defaults`, async () => {
      const { stateMachineArn } = await create('m', given);
      const described = await s.call('DescribeStateMachine', { stateMachineArn });
      assert.deepEqual(described.loggingConfiguration, stored);
    });
  }
  for (const [title, given, message] of refused) {
    it(`refuses ${title}`, async () => {
      await assert.rejects(create('m', given), (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.type, 'InvalidLoggingConfiguration');
        assert.equal(error.message, message);
        return true;
      });
    });
  }
  it('checks UpdateStateMachine the same way and keeps the old configuration on a refusal', async () => {
    const { stateMachineArn } = await create('m', {});
    await assert.rejects(
      s.call('UpdateStateMachine', { stateMachineArn, loggingConfiguration: { level: 'ALL' } }),
      /Must specify exactly one/,
    );
    await s.call('UpdateStateMachine', {
      stateMachineArn,
      loggingConfiguration: { level: 'FATAL', destinations: [destination] },
    });
    const described = await s.call('DescribeStateMachine', { stateMachineArn });
    assert.deepEqual(described.loggingConfiguration, {
      level: 'FATAL',
      includeExecutionData: false,
      destinations: [destination],
    });
  });
});
