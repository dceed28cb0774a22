// State machines, versions, aliases and tags through the service entry point, on a real in-memory store.

import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ApiError } from './errors.ts';
import { passDefinition, testRoleArn, testService, type TestService } from './test-support.ts';

let s: TestService;
beforeEach(() => {
  s = testService();
});

async function rejects(promise: Promise<unknown>, type: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.type, type, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

const create = (name: string, extra: object = {}) =>
  s.call('CreateStateMachine', { name, definition: passDefinition, roleArn: testRoleArn, ...extra });

describe('state machines', () => {
  it('creates, describes and lists', async () => {
    const created = await create('sm');
    assert.equal(created.stateMachineArn, 'arn:aws:states:us-east-1:123456789012:stateMachine:sm');
    assert.ok(created.creationDate instanceof Date);
    const described = await s.call('DescribeStateMachine', { stateMachineArn: created.stateMachineArn });
    assert.equal(described.definition, passDefinition);
    assert.equal(described.type, 'STANDARD');
    assert.equal(described.status, 'ACTIVE');
    assert.deepEqual(described.loggingConfiguration, { level: 'OFF', includeExecutionData: false });
    await create('sm2', { type: 'EXPRESS' });
    const first = await s.call('ListStateMachines', { maxResults: 1 });
    assert.equal((first.stateMachines as unknown[]).length, 1);
    const second = await s.call('ListStateMachines', { maxResults: 1, nextToken: first.nextToken });
    assert.deepEqual(
      [...(first.stateMachines as { name: string }[]), ...(second.stateMachines as { name: string }[])].map(
        (m) => m.name,
      ),
      ['sm', 'sm2'],
    );
    assert.equal(second.nextToken, undefined);
  });

  it('is idempotent for an identical create and conflicts otherwise', async () => {
    const first = await create('sm');
    assert.deepEqual(await create('sm'), first);
    await rejects(
      create('sm', { type: 'EXPRESS' }),
      'StateMachineAlreadyExists',
      /State Machine Already Exists: 'arn:/,
    );
  });

  it('rejects bad names, definitions, role ARNs and tokens as AWS does', async () => {
    await rejects(create('a b'), 'InvalidName', /^Invalid Name: 'a b'$/);
    await rejects(create('a:b'), 'InvalidName');
    await rejects(create('x'.repeat(81)), 'ValidationException', /^1 validation error detected/);
    await rejects(create('sm', { definition: '{"StartAt":"Nope","States":{}}' }), 'InvalidDefinition', /Nope|States/);
    await rejects(create('sm', { roleArn: 'not-a-role' }), 'InvalidArn');
    await rejects(create('sm', { versionDescription: 'v' }), 'ValidationException', /publish/);
    await rejects(s.call('ListStateMachines', { nextToken: 'garbage' }), 'InvalidToken');
  });

  it('answers unknown machines and wrong ARN kinds', async () => {
    const missing = 'arn:aws:states:us-east-1:123456789012:stateMachine:missing';
    await rejects(
      s.call('DescribeStateMachine', { stateMachineArn: missing }),
      'StateMachineDoesNotExist',
      /missing'$/,
    );
    await rejects(s.call('DescribeStateMachine', { stateMachineArn: 'nope' }), 'InvalidArn');
    await rejects(
      s.call('DescribeStateMachine', { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:execution:a:b' }),
      'InvalidArn',
      /Resource type not valid in this context: execution/,
    );
    assert.deepEqual(await s.call('DeleteStateMachine', { stateMachineArn: missing }), {});
  });

  it('updates with a new revision and publishes versions', async () => {
    const { stateMachineArn } = await create('sm', { publish: true, versionDescription: 'first' });
    const before = await s.call('DescribeStateMachine', { stateMachineArn });
    await rejects(s.call('UpdateStateMachine', { stateMachineArn }), 'MissingRequiredParameter');
    const definition = JSON.stringify({ StartAt: 'Q', States: { Q: { Type: 'Succeed' } } });
    const updated = await s.call('UpdateStateMachine', { stateMachineArn, definition, publish: true });
    assert.notEqual(updated.revisionId, before.revisionId);
    assert.equal(updated.stateMachineVersionArn, `${String(stateMachineArn)}:2`);
    const again = await s.call('PublishStateMachineVersion', { stateMachineArn });
    assert.equal(
      again.stateMachineVersionArn,
      `${String(stateMachineArn)}:2`,
      'an unchanged revision is not republished',
    );
    await rejects(s.call('PublishStateMachineVersion', { stateMachineArn, revisionId: 'stale' }), 'ConflictException');
    const v1 = await s.call('DescribeStateMachine', { stateMachineArn: `${String(stateMachineArn)}:1` });
    assert.equal(v1.definition, passDefinition);
    assert.equal(v1.description, 'first');
    const versions = await s.call('ListStateMachineVersions', { stateMachineArn });
    assert.deepEqual(
      (versions.stateMachineVersions as { stateMachineVersionArn: string }[]).map((v) =>
        v.stateMachineVersionArn.slice(-2),
      ),
      [':2', ':1'],
    );
  });

  it('routes aliases by weight and protects routed versions', async () => {
    const { stateMachineArn } = await create('sm', { publish: true });
    const arn = String(stateMachineArn);
    await s.call('UpdateStateMachine', {
      stateMachineArn: arn,
      definition: passDefinition.replace('"P"', '"R"').replace('"P"', '"R"'),
      publish: true,
    });
    const routing = [
      { stateMachineVersionArn: `${arn}:1`, weight: 30 },
      { stateMachineVersionArn: `${arn}:2`, weight: 70 },
    ];
    await rejects(
      s.call('CreateStateMachineAlias', { name: 'PROD', routingConfiguration: [{ ...routing[0], weight: 50 }] }),
      'ValidationException',
      /^Sum of routing configuration weights must equal 100\. Received: \[50\]$/,
    );
    await rejects(
      s.call('CreateStateMachineAlias', { name: '12', routingConfiguration: routing }),
      'ValidationException',
      /at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
    const alias = await s.call('CreateStateMachineAlias', {
      name: 'PROD',
      description: 'd',
      routingConfiguration: routing,
    });
    assert.equal(alias.stateMachineAliasArn, `${arn}:PROD`);
    const described = await s.call('DescribeStateMachineAlias', { stateMachineAliasArn: alias.stateMachineAliasArn });
    assert.deepEqual(described.routingConfiguration, routing);
    await rejects(s.call('DeleteStateMachineVersion', { stateMachineVersionArn: `${arn}:1` }), 'ConflictException');

    s.setRandom(0.29);
    const low = await s.call('StartExecution', { stateMachineArn: alias.stateMachineAliasArn, name: 'low' });
    s.setRandom(0.3);
    const high = await s.call('StartExecution', { stateMachineArn: alias.stateMachineAliasArn, name: 'high' });
    const lowDescribed = await s.call('DescribeExecution', { executionArn: low.executionArn });
    const highDescribed = await s.call('DescribeExecution', { executionArn: high.executionArn });
    assert.equal(lowDescribed.stateMachineVersionArn, `${arn}:1`);
    assert.equal(highDescribed.stateMachineVersionArn, `${arn}:2`);
    assert.equal(highDescribed.stateMachineAliasArn, `${arn}:PROD`);

    await s.call('UpdateStateMachineAlias', {
      stateMachineAliasArn: alias.stateMachineAliasArn,
      routingConfiguration: [{ stateMachineVersionArn: `${arn}:2`, weight: 100 }],
    });
    await s.call('DeleteStateMachineVersion', { stateMachineVersionArn: `${arn}:1` });
    const aliases = await s.call('ListStateMachineAliases', { stateMachineArn: arn });
    assert.equal((aliases.stateMachineAliases as unknown[]).length, 1);
    await s.call('DeleteStateMachineAlias', { stateMachineAliasArn: alias.stateMachineAliasArn });
    await rejects(
      s.call('DescribeStateMachineAlias', { stateMachineAliasArn: alias.stateMachineAliasArn }),
      'ResourceNotFound',
    );
  });

  it('tags, untags and lists tags', async () => {
    const { stateMachineArn } = await create('sm', { tags: [{ key: 'team', value: 'a' }] });
    await s.call('TagResource', {
      resourceArn: stateMachineArn,
      tags: [
        { key: 'env', value: 'dev' },
        { key: 'team', value: 'b' },
      ],
    });
    await s.call('UntagResource', { resourceArn: stateMachineArn, tagKeys: ['env'] });
    assert.deepEqual(await s.call('ListTagsForResource', { resourceArn: stateMachineArn }), {
      tags: [{ key: 'team', value: 'b' }],
    });
    const many = Array.from({ length: 51 }, (_, i) => ({ key: `k${String(i)}`, value: '' }));
    await rejects(s.call('TagResource', { resourceArn: stateMachineArn, tags: many }), 'TooManyTags');
    const missing = 'arn:aws:states:us-east-1:123456789012:stateMachine:missing';
    await rejects(s.call('ListTagsForResource', { resourceArn: missing }), 'ResourceNotFound');
  });

  it('validates definitions without creating anything', async () => {
    assert.deepEqual(await s.call('ValidateStateMachineDefinition', { definition: passDefinition }), {
      result: 'OK',
      diagnostics: [],
      truncated: false,
    });
    const bad = await s.call('ValidateStateMachineDefinition', { definition: '{}' });
    assert.equal(bad.result, 'FAIL');
  });
});
