// What Step Functions adds to a call's parameters: StartedBy on an ECS task run with `.sync` only.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withIntegrationParameters } from './integration-parameters.ts';
import { parseResource } from './resource-arn.ts';

const run = { Cluster: 'jobs', TaskDefinition: 'report' };

test('ecs:runTask.sync is started by AWS Step Functions, added after the given parameters', () => {
  const added = withIntegrationParameters(parseResource('arn:aws:states:::ecs:runTask.sync'), run);
  assert.deepEqual(added, { ...run, StartedBy: 'AWS Step Functions' });
  assert.deepEqual(Object.keys(added as object), ['Cluster', 'TaskDefinition', 'StartedBy']);
});

test('a StartedBy the definition gives is kept; other patterns and integrations get nothing', () => {
  const own = { ...run, StartedBy: 'nightly' };
  assert.equal(withIntegrationParameters(parseResource('arn:aws:states:::ecs:runTask.sync'), own), own);
  for (const resource of [
    'arn:aws:states:::ecs:runTask',
    'arn:aws:states:::ecs:runTask.waitForTaskToken',
    'arn:aws:states:::aws-sdk:ecs:runTask',
    'arn:aws:states:::batch:submitJob.sync',
  ]) {
    assert.equal(withIntegrationParameters(parseResource(resource), run), run, resource);
  }
  assert.equal(withIntegrationParameters(parseResource('arn:aws:states:::ecs:runTask.sync'), 'text'), 'text');
});
