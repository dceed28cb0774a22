// TestState with mocks for the job integrations (Batch, Glue, SageMaker, CodeBuild build batches): a mocked final description goes
// through ResultSelector like the job's own, a mocked job failure is caught, and a pattern the integration
// does not support is refused as AWS refuses it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testState } from './test-state.ts';

const services = {
  now: () => Date.UTC(2026, 11, 5),
  evaluation: { uuid: () => '00000000-0000-4000-8000-000000000001', random: () => 0.5, hash: () => '00' },
};

/** Each job resource with a member of its final description that a ResultSelector picks. */
const jobs: [string, Record<string, unknown>, string][] = [
  ['batch:submitJob.sync', { JobId: 'j-1', Status: 'SUCCEEDED' }, 'Status'],
  ['glue:startJobRun.sync', { Id: 'jr_1', JobRunState: 'SUCCEEDED' }, 'JobRunState'],
  ['sagemaker:createTrainingJob.sync', { TrainingJobName: 't', TrainingJobStatus: 'Completed' }, 'TrainingJobStatus'],
  [
    'sagemaker:createTransformJob.sync',
    { TransformJobName: 'x', TransformJobStatus: 'Completed' },
    'TransformJobStatus',
  ],
  [
    'sagemaker:createProcessingJob.sync',
    { ProcessingJobName: 'p', ProcessingJobStatus: 'Completed' },
    'ProcessingJobStatus',
  ],
  [
    'sagemaker:createHyperParameterTuningJob.sync',
    { HyperParameterTuningJobName: 'h', HyperParameterTuningJobStatus: 'Completed' },
    'HyperParameterTuningJobStatus',
  ],
  ['sagemaker:createLabelingJob.sync', { LabelingJobName: 'l', LabelingJobStatus: 'Completed' }, 'LabelingJobStatus'],
  ['codebuild:startBuildBatch.sync', { BuildBatch: { Id: 'b:1', BuildBatchStatus: 'SUCCEEDED' } }, 'BuildBatch'],
  ['sagemaker:createModel', { ModelArn: 'arn:aws:sagemaker:us-east-1:1:model/m' }, 'ModelArn'],
  ['sagemaker:createEndpoint', { EndpointArn: 'arn:aws:sagemaker:us-east-1:1:endpoint/e' }, 'EndpointArn'],
];

for (const [resource, description, member] of jobs) {
  test(`testState: a mocked ${resource} result goes through ResultSelector`, async () => {
    const definition = {
      Type: 'Task',
      Resource: `arn:aws:states:::${resource}`,
      ResultSelector: { [`Picked.$`]: `$.${member}` },
      End: true,
    };
    const result = await testState(
      { definition: JSON.stringify(definition), input: '{}', mock: { result: JSON.stringify(description) } },
      services,
    );
    assert.equal(result.kind, 'response', JSON.stringify(result));
    assert.equal(result.response.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(result.response.output ?? ''), { Picked: description[member] });
  });
}

test('testState: a mocked job failure (States.TaskFailed, the description as cause) is caught', async () => {
  const definition = {
    Type: 'Task',
    Resource: 'arn:aws:states:::glue:startJobRun.sync',
    Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Report' }],
    End: true,
  };
  const cause = JSON.stringify({ Id: 'jr_1', JobRunState: 'FAILED', ErrorMessage: 'out of memory' });
  const result = await testState(
    {
      definition: JSON.stringify(definition),
      input: '{}',
      mock: { errorOutput: { error: 'States.TaskFailed', cause } },
    },
    services,
  );
  assert.equal(result.kind, 'response', JSON.stringify(result));
  assert.equal(result.response.status, 'CAUGHT_ERROR');
  assert.equal(result.response.nextState, 'Report');
  assert.equal(result.response.cause, cause);
});

test('testState: a pattern the integration does not support is an invalid definition', async () => {
  const definition = { Type: 'Task', Resource: 'arn:aws:states:::batch:submitJob.waitForTaskToken', End: true };
  const result = await testState(
    { definition: JSON.stringify(definition), input: '{}', mock: { result: '{}' } },
    services,
  );
  assert.equal(result.kind, 'rejected', JSON.stringify(result));
  assert.match(
    result.message,
    /The resource provided arn:aws:states:::batch:submitJob.waitForTaskToken is not recognized/,
  );
});
